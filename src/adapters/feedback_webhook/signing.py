"""Standard Webhooks signatures: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the secret.

The secret is ``whsec_`` followed by the base64 of the key bytes; a signature header holds
one or more space-separated ``v1,<base64>`` entries (https://www.standardwebhooks.com).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Final

SECRET_PREFIX: Final = "whsec_"  # noqa: S105 - the prefix, not a secret
VERSION: Final = "v1"
# The spec recommends keys of 24 to 64 bytes; shorter ones are refused.
MIN_KEY_BYTES: Final = 24


def secret_key(secret: str | bytes) -> bytes:
    """The HMAC key of ``whsec_<base64>`` (raw bytes are the key itself).

    ValueError when the text lacks the prefix, is not base64, or the key is shorter than
    24 bytes.
    """
    if isinstance(secret, bytes):
        key = secret
    else:
        if not secret.startswith(SECRET_PREFIX):
            raise ValueError("a webhook secret starts with whsec_")
        try:
            key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
        except binascii.Error as error:
            raise ValueError("a webhook secret is whsec_ followed by base64") from error
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a webhook key has at least {MIN_KEY_BYTES} bytes")
    return key


def make_secret(key: bytes) -> str:
    """The ``whsec_`` text of ``key``, as receivers are given it."""
    return SECRET_PREFIX + base64.b64encode(key).decode("ascii")


def digest(key: bytes, msg_id: str, timestamp: str, body: bytes) -> bytes:
    """The raw HMAC-SHA256 of ``{msg_id}.{timestamp}.{body}``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return hmac.new(key, signed, hashlib.sha256).digest()


def signature(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value: ``v1,<base64 HMAC>``."""
    mac = digest(key, msg_id, str(timestamp), body)
    return f"{VERSION},{base64.b64encode(mac).decode('ascii')}"


def headers(key: bytes, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for one request."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(key, msg_id, timestamp, body),
    }
