"""API keys: what lets a client application post Open311 service requests.

Administrators give each application (a province's Zalo mini app, a ward's kiosk, a
partner's city app) its own key and revoke it when the application stops or leaks it. A
key is 32 random bytes shown once when it is made; like a session token, only its SHA-256
is stored, so a leaked table gives no key. A key names an application, never a person:
the citizen a request is from is the one logged in through it (a session's bearer token).
"""

from __future__ import annotations

import secrets
import uuid
from typing import Final, Protocol

import attrs
import pendulum

from feedback_core.accounts.sessions import TOKEN_BYTES, token_hash

# Recognisable in a leak report, and by a secret scanner's rules.
KEY_PREFIX: Final = "fck_"
MAX_KEY_LENGTH: Final = 100
LABEL_LIMIT: Final = 100


@attrs.frozen
class ApiKey:
    """One application's key: its label, who made it and when, and whether it is revoked."""

    id: uuid.UUID
    label: str
    key_hash: str = attrs.field(repr=False)
    created_at: pendulum.DateTime
    created_by: uuid.UUID
    revoked_at: pendulum.DateTime | None = None

    @property
    def is_live(self) -> bool:
        """Whether the key still lets its application post."""
        return self.revoked_at is None


def new_key() -> str:
    """A fresh API key, shown once to the administrator and never stored."""
    return KEY_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def key_hash(key: str) -> str:
    """The stored form of a key (SHA-256, as for session tokens)."""
    return token_hash(key)


class ApiKeyRepository(Protocol):
    """API keys, found by their hash; revoked keys are kept, with when they were revoked."""

    def add(self, key: ApiKey) -> None:
        """Store a new key; Conflict if its hash (or its id) is taken."""

    def get(self, key_id: uuid.UUID) -> ApiKey | None:
        """The key, or None."""

    def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with this hash, or None."""

    def update(self, key: ApiKey) -> None:
        """Replace the stored key (it was revoked)."""

    def all(self) -> list[ApiKey]:
        """Every key, revoked ones too, newest created first (ties by id, the higher first)."""
