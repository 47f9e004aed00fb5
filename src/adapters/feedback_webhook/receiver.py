"""The receiver's side: check a request's Standard Webhooks signature, then read the event.

A forged, tampered or replayed request (its timestamp too far from now) raises
`SignatureInvalid`, naming the header at fault; answer it with 401 and never act on it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
import time
from typing import TYPE_CHECKING, Any, Final, NoReturn

from feedback_core.errors import FeedbackError
from feedback_core.messages import message
from feedback_webhook.signing import VERSION, digest, secret_key

if TYPE_CHECKING:
    from collections.abc import Mapping

    from feedback_core.messages import Message

TOLERANCE: Final = 300  # seconds either side of now, as the spec suggests


class SignatureInvalid(FeedbackError, ValueError):
    """A webhook request that is not provably from the sender, as it sent it, just now.

    ``field`` names the header at fault (or "body"); ``reason`` says what was wrong, in
    English, for the receiver's log.
    """

    def __init__(self, msg: Message, *, field: str, reason: str) -> None:
        self.reason = reason
        super().__init__(msg, field=field)

    def render(self, lang: str = "en") -> str:
        """The message, with the reason after it."""
        return f"{super().render(lang)} ({self.reason})"


def verify(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: int = TOLERANCE,
    now: float | dt.datetime | None = None,
) -> dict[str, Any]:
    """The event dict of a signed request; SignatureInvalid if it is forged, tampered or stale.

    ``headers`` may use any case. ``secret`` is the ``whsec_...`` text (or the raw key);
    ``now`` (Unix seconds or an aware datetime) defaults to the system clock. Any ``v1``
    signature in the header may match; other versions are skipped. Signatures are compared
    in constant time.
    """
    key = secret_key(secret)
    raw = body.encode() if isinstance(body, str) else body
    lower = {name.lower(): value for name, value in headers.items()}
    msg_id, stamp, signatures = (
        _header(lower, name) for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    _check_time(stamp, tolerance, now)
    expected = digest(key, msg_id, stamp, raw)
    if not any(hmac.compare_digest(expected, sig) for sig in _v1_signatures(signatures)):
        _refuse("webhook-signature", message("required"), "no v1 signature matches")
    try:
        event = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        event = None
    if not isinstance(event, dict):
        _refuse("body", message("wrong_type", expected="a mapping of fields"), "not a JSON object")
    return event


def _refuse(field: str, msg: Message, reason: str) -> NoReturn:
    raise SignatureInvalid(msg, field=field, reason=reason)


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name, "").strip()
    if not value:
        _refuse(name, message("required"), "missing")
    return value


def _check_time(stamp: str, tolerance: int, now: float | dt.datetime | None) -> None:
    if not stamp.isascii() or not stamp.isdigit():
        _refuse("webhook-timestamp", message("wrong_type", expected="integer"), "not Unix seconds")
    if now is None:
        now = time.time()
    elif isinstance(now, dt.datetime):
        now = now.timestamp()
    low, high = int(now) - tolerance, int(now) + tolerance
    if not low <= int(stamp) <= high:
        _refuse(
            "webhook-timestamp", message("out_of_range", low=low, high=high), "replayed or early"
        )


def _v1_signatures(header: str) -> list[bytes]:
    found = []
    for entry in header.split():
        version, _, encoded = entry.partition(",")
        if version != VERSION:
            continue
        try:
            found.append(base64.b64decode(encoded, validate=True))
        except binascii.Error:
            continue
    return found
