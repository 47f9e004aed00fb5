"""The secret key's fingerprint: a store refuses every key but the one it was set up with.

Activation codes are derived from the secret key (see codes.py), so a store opened with
another key would refuse every code it already texted, and instances of one cluster with
different keys would refuse each other's. The store keeps a fingerprint of its key (never
the key): HMAC-SHA256 of a fixed label under the key, in hex, which tells keys apart and
gives nothing away about the key itself.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Final

from feedback_core.errors import KeyMismatch, StorageFault
from feedback_core.messages import message

if TYPE_CHECKING:
    from feedback_core.ports import Storage
    from feedback_core.work import Context

#: The name the fingerprint is kept under in the store's meta repository.
KEY_FINGERPRINT: Final = "secret_key_fingerprint"
#: What the key signs to make its fingerprint; never changes, or every store would refuse.
LABEL: Final = b"feedback-core secret key fingerprint v1"
#: How many hex digits of a fingerprint messages show.
SHOWN: Final = 12


def fingerprint(secret_key: bytes) -> str:
    """The fingerprint of ``secret_key``: 64 hex digits."""
    return hmac.new(secret_key, LABEL, hashlib.sha256).hexdigest()


def short(value: str) -> str:
    """The first digits of a fingerprint, as messages show it."""
    return value[:SHOWN]


def recorded_fingerprint(storage: Storage) -> str | None:
    """The fingerprint the store was set up with, or None if it has none yet."""
    with storage.transaction() as tx:
        return tx.meta.get(KEY_FINGERPRINT)


def check_secret_key(ctx: Context) -> None:
    """Refuse a key other than the store's; the first key a writable store meets is its own.

    KeyMismatch (field "secret_key") names the start of the stored fingerprint. A store
    without a fingerprint records this key's; a read-only one is accepted as it is (it
    records the key when it is first opened writable).
    """
    mine = fingerprint(ctx.settings.secret_key)
    try:
        with ctx.storage.transaction() as tx:
            stored = tx.meta.get(KEY_FINGERPRINT)
            if stored is None:
                tx.meta.put(KEY_FINGERPRINT, mine)
    except StorageFault as error:
        if error.code != "storage_read_only":
            raise
        return
    if stored is not None and not hmac.compare_digest(stored, mine):
        raise KeyMismatch(message("key_mismatch", fingerprint=short(stored)), field="secret_key")
