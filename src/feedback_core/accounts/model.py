"""Accounts, roles and agency units."""

from __future__ import annotations

import enum
import re
import uuid
from typing import Final

import attrs
import pendulum

from feedback_core.messages import Language


class Role(enum.StrEnum):
    """What an account may do; unit roles belong to one unit."""

    CITIZEN = "citizen"
    OPERATOR = "operator"  # receives reports and routes them to units
    UNIT_STAFF = "unit_staff"
    UNIT_APPROVER = "unit_approver"  # the unit leader, "<unit>_pheduyet"
    ADMIN = "admin"


UNIT_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_APPROVER})
# A unit's code: lowercase ASCII, e.g. "sotnmt"; usernames of its officials start with it.
UNIT_CODE: Final = re.compile(r"[a-z][a-z0-9]{1,29}")
# A unit's leader account, its only approver, is "<unit>_pheduyet" ("phê duyệt": approve).
APPROVER_SUFFIX: Final = "_pheduyet"


class AccountStatus(enum.StrEnum):
    """Citizens start pending until the SMS code activates them; officials start active.

    Being disabled by an administrator is a flag beside the status (`Account.disabled`),
    so enabling the account again gives back the status it had.
    """

    PENDING = "pending"
    ACTIVE = "active"
    LOCKED = "locked"


@attrs.frozen
class Unit:
    """A state agency unit, e.g. code "sotnmt" for the Department of Natural Resources."""

    id: uuid.UUID
    code: str
    name: str
    created_at: pendulum.DateTime


@attrs.frozen
class Profile:
    """What a citizen tells about themselves at registration; optional fields may be None."""

    full_name: str | None = None
    email: str | None = None
    national_id: str | None = None
    address: str | None = None


@attrs.frozen
class Preferences:
    """What an account chose about being told: in which language, and whether at all."""

    language: Language = Language.VI
    notices: bool = True  # texts when one's report moves; a citizen may turn them off


@attrs.frozen
class Account:
    """Someone who logs in: a citizen (by phone) or an official (by username)."""

    id: uuid.UUID
    login_id: str  # E.164 phone for citizens, username such as "sotnmt_pheduyet" otherwise
    role: Role
    status: AccountStatus
    password_hash: str = attrs.field(repr=False)  # one log line must never leak it
    created_at: pendulum.DateTime
    profile: Profile = Profile()
    unit_id: uuid.UUID | None = None
    phone: str | None = None
    failed_logins: int = 0
    login_blocked_until: pendulum.DateTime | None = None
    preferences: Preferences = Preferences()
    disabled: bool = False  # by an administrator: no login, no session, no action
    # The number this account had before its last phone change: told of the change.
    previous_phone: str | None = None

    @property
    def is_active(self) -> bool:
        """Whether the account may act: active, and not disabled."""
        return self.status is AccountStatus.ACTIVE and not self.disabled
