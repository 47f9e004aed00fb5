"""The audit trail: who did what to which account, and when, kept append-only.

Every administrative action and every security event is recorded in the same
transaction as the change it describes, so the trail never claims what did not happen
and never misses what did. A record names accounts by id and carries a few words of
detail (a role, a unit code); it never holds a password, a code, a key, a token or a
phone number, so a deletion leaves nothing of the citizen in it.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

import attrs
import pendulum

if TYPE_CHECKING:
    from feedback_core.paging import Cursor


class AuditAction(enum.StrEnum):
    """What a record says happened."""

    LOGIN_LOCKED_OUT = "login_locked_out"  # too many wrong passwords in a row
    CODE_LOCKED_OUT = "code_locked_out"  # too many wrong codes in total
    PASSWORD_RESET = "password_reset"  # noqa: S105 - by an SMS code
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - by the account itself
    PASSWORD_SET = "password_set"  # noqa: S105 - by an administrator
    PHONE_CHANGED = "phone_changed"
    PROFILE_UPDATED = "profile_updated"
    ACCOUNT_DELETED = "account_deleted"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    OFFICIAL_CREATED = "official_created"
    OFFICIAL_MOVED = "official_moved"
    ROLE_CHANGED = "role_changed"
    UNIT_CREATED = "unit_created"
    API_KEY_CREATED = "api_key_created"
    API_KEY_REVOKED = "api_key_revoked"


def _details(value: Mapping[str, str]) -> Mapping[str, str]:
    return dict(sorted(value.items()))


@attrs.frozen
class AuditRecord:
    """One thing that happened: who (None: the system) did what to whom, and when."""

    id: uuid.UUID
    at: pendulum.DateTime
    action: AuditAction
    actor_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    # A few non-secret words: {"role": "unit_staff"}, {"unit": "sotnmt"}.
    details: Mapping[str, str] = attrs.field(factory=dict, converter=_details)


class AuditRepository(Protocol):
    """The trail: records are added, never changed or removed, and read newest first."""

    def add(self, record: AuditRecord) -> None:
        """Append one record."""

    def page(self, after: Cursor | None, limit: int) -> list[AuditRecord]:
        """Up to ``limit`` records, newest first (ties by id, the higher first), after it."""

    def about(self, subject_id: uuid.UUID) -> list[AuditRecord]:
        """Every record whose subject is this account, oldest first (for its data export)."""


def record(
    at: pendulum.DateTime,
    action: AuditAction,
    actor_id: uuid.UUID | None,
    subject_id: uuid.UUID | None,
    **details: str,
) -> AuditRecord:
    """A new record with a fresh id."""
    return AuditRecord(uuid.uuid4(), at, action, actor_id, subject_id, details)
