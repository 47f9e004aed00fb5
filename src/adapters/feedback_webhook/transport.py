"""Events POSTed as JSON to an HTTP endpoint, signed the Standard Webhooks way.

``webhook:<http or https URL>`` names the endpoint; the secret comes from the environment
(``FEEDBACK_WEBHOOK_SECRET``, or the variable that ``?secret_env=NAME`` names), never from
the URL. The event id is the ``webhook-id``: receivers de-duplicate by it, since the outbox
delivers at least once. With ``?cap_sender=ID`` (the portal's CAP sender, e.g.
``cong1022.tayninh.gov.vn``), a published alert event also carries its CAP 1.2 message
under ``"cap"``: the approved Alert or Update, or the Cancel.
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING, Final, NoReturn
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from feedback_core.alerts.cap import check_identifier, render_event
from feedback_core.alerts.events import AlertEvent
from feedback_core.errors import AdapterError, DeliveryFailed
from feedback_core.messages import message
from feedback_core.outbox.wire import event_to_dict
from feedback_webhook import signing

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from feedback_core.events import Event

SCHEME: Final = "webhook"
SECRET_ENV: Final = "FEEDBACK_WEBHOOK_SECRET"  # noqa: S105 - a variable name
CONNECT_TIMEOUT: Final = 5.0
READ_TIMEOUT: Final = 10.0


class WebhookTransport:
    """POSTs each event, as `event_to_dict` makes it, with the three signature headers.

    A 2xx answer is delivery; any other answer, a network error or a time-out raises
    DeliveryFailed, and the outbox retries the event later with its backoff.
    """

    def __init__(
        self,
        url: str,
        secret: str | bytes,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        clock: Callable[[], float] = time.time,
        cap_sender: str | None = None,
    ) -> None:
        self.url = url
        self.cap_sender = cap_sender
        self._key = signing.secret_key(secret)
        self._clock = clock
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)

    @classmethod
    def from_url(cls, url: str, environ: Mapping[str, str] | None = None) -> WebhookTransport:
        """``webhook:https://receiver.example/hooks`` (``?secret_env=NAME`` picks the variable).

        AdapterError naming the variable when the secret is missing or malformed, or naming
        the URL when it is no http(s) URL after ``webhook:``.
        """
        target, variable = endpoint_of(url)
        target, cap_sender = _take_param(target, "cap_sender")
        if cap_sender is not None:
            check_identifier("cap_sender", cap_sender)
        env = os.environ if environ is None else environ
        secret = env.get(variable, "")
        if not secret:
            raise AdapterError(message("required"), field=variable)
        try:
            return cls(target, secret, cap_sender=cap_sender)
        except ValueError as error:
            # The ValueError, chained, says what is wrong: the prefix, the base64, the length.
            wanted = message("key_too_short", limit=signing.MIN_KEY_BYTES)
            raise AdapterError(wanted, field=variable) from error

    def deliver(self, event: Event) -> None:
        """POST the event; DeliveryFailed unless the receiver answers 2xx."""
        body = json.dumps(self.payload(event), ensure_ascii=False, separators=(",", ":"))
        raw = body.encode("utf-8")
        headers = signing.headers(self._key, str(event.id), int(self._clock()), raw)
        headers["content-type"] = "application/json"
        if self._client.is_closed:
            self._fail("the transport is closed", None)
        try:
            response = self._client.post(self.url, content=raw, headers=headers)
        except httpx.HTTPError as error:
            self._fail(f"{type(error).__name__}: {error}", error)
        if not response.is_success:
            self._fail(f"HTTP {response.status_code}", None)

    def payload(self, event: Event) -> dict[str, object]:
        """The JSON body: the event, and its CAP message when it has one and a sender is set."""
        body: dict[str, object] = event_to_dict(event)
        if self.cap_sender is not None and isinstance(event, AlertEvent):
            cap = render_event(event, sender=self.cap_sender)
            if cap is not None:
                body["cap"] = cap.decode("utf-8")
        return body

    def _fail(self, why: str, cause: Exception | None) -> NoReturn:
        failure = message("transport_failed", reason=f"{self.url}: {why}")
        raise DeliveryFailed(failure, field="transports") from cause

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        self._client.close()


def endpoint_of(url: str) -> tuple[str, str]:
    """The endpoint of a ``webhook:`` URL and the variable holding its secret."""
    target = url.removeprefix(f"{SCHEME}:")
    parts = urlsplit(target)
    if target == url or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AdapterError(message("adapter_url", url=url), field="transports")
    endpoint, named = _take_param(target, "secret_env")
    if named == "":
        raise AdapterError(message("adapter_url", url=url), field="transports")
    return endpoint, named or SECRET_ENV


def _take_param(url: str, name: str) -> tuple[str, str | None]:
    """The URL without its ``name`` parameter, and that parameter's last value."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    values = [value for key, value in query if key == name]
    rest = urlencode([(key, value) for key, value in query if key != name])
    return urlunsplit(parts._replace(query=rest)), (values[-1] if values else None)
