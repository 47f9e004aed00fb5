"""Sessions a browser or a mobile app holds: a bearer token, only its hash stored.

A token is 32 random bytes (256 bits, URL-safe text), so one SHA-256 of it is a safe
stored form: no slow hash is needed against guessing, and a leaked table gives no token
(OWASP ASVS 5.0 V7). A session ends when unused for ``idle`` (sliding: each use moves its
end), at ``lifetime`` after login whatever the use, or when ended: by logout, by its
owner, or by a security event (password change or reset, disable, deletion).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Final, Protocol

import attrs
import pendulum

from feedback_core.clock import later

TOKEN_BYTES: Final = 32
# Recognisable in a leak report, and by a secret scanner's rules.
TOKEN_PREFIX: Final = "fcs_"  # noqa: S105 - a prefix, not a secret
MAX_TOKEN_LENGTH: Final = 100


@attrs.frozen
class SessionPolicy:
    """How long sessions live."""

    idle: dt.timedelta = dt.timedelta(days=30)  # unused this long, a session ends
    lifetime: dt.timedelta = dt.timedelta(days=90)  # no session outlives this from its login
    # A use writes the session only when its last write is older than this: a session
    # read on every request must not cost a write on every request.
    touch_every: dt.timedelta = dt.timedelta(minutes=5)


@attrs.frozen
class Session:
    """One logged-in client of one account."""

    id: uuid.UUID
    account_id: uuid.UUID
    token_hash: str = attrs.field(repr=False)
    created_at: pendulum.DateTime
    last_seen_at: pendulum.DateTime
    expires_at: pendulum.DateTime
    label: str | None = None  # what the client says it is: "Android app", a browser

    def is_live(self, now: pendulum.DateTime) -> bool:
        """Whether the session still lets its holder act."""
        return now < self.expires_at


def new_token() -> str:
    """A fresh bearer token, shown once to the client and never stored."""
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def opened(
    session_id: uuid.UUID,
    account_id: uuid.UUID,
    token: str,
    now: pendulum.DateTime,
    policy: SessionPolicy,
    label: str | None = None,
) -> Session:
    """A new session for ``token``, from ``now``."""
    end = min(later(now, policy.idle), later(now, policy.lifetime))
    return Session(session_id, account_id, token_hash(token), now, now, end, label)


def touched(session: Session, now: pendulum.DateTime, policy: SessionPolicy) -> Session | None:
    """The session after a use at ``now``, or None when it need not be written yet."""
    if now < later(session.last_seen_at, policy.touch_every):
        return None
    end = min(later(now, policy.idle), later(session.created_at, policy.lifetime))
    return attrs.evolve(session, last_seen_at=now, expires_at=end)


class SessionRepository(Protocol):
    """Sessions, found by their token's hash; ended sessions are removed."""

    def add(self, session: Session) -> None:
        """Store a new session."""

    def by_hash(self, token_hash: str) -> Session | None:
        """The session whose token has this hash, or None."""

    def update(self, session: Session) -> None:
        """Replace the stored session (a use moved its end)."""

    def remove(self, session_id: uuid.UUID) -> bool:
        """End one session; whether it was there."""

    def of_account(self, account_id: uuid.UUID) -> list[Session]:
        """Every stored session of an account, newest first (expired ones too, until removed)."""

    def remove_of_account(self, account_id: uuid.UUID) -> int:
        """End every session of an account; how many there were."""
