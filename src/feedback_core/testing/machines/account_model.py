"""The plain model `AccountLifecycle` checks the system against: people and their tokens."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pendulum

from feedback_core.accounts.codes import CodePurpose
from feedback_core.clock import later

if TYPE_CHECKING:
    import datetime as dt

    from feedback_core.accounts.throttling import LoginPolicy


def local(phone: str) -> str:
    """The number as a person types it: with its leading 0."""
    return "0" + phone.removeprefix("+84")


@attrs.define
class Person:
    """What the model knows of one account."""

    id: uuid.UUID
    phone: str
    password: str
    active: bool = False  # activated by its code
    disabled: bool = False
    deleted: bool = False
    failures: int = 0  # wrong passwords in a row
    blocked_until: pendulum.DateTime | None = None
    sent: dict[CodePurpose, int] = attrs.Factory(dict)
    accepted: dict[CodePurpose, int] = attrs.Factory(dict)

    def may_act(self) -> bool:
        """Whether the account may act at all: activated, not disabled, not deleted."""
        return self.active and not self.disabled and not self.deleted

    def blocked(self, now: pendulum.DateTime) -> bool:
        """Whether a run of wrong passwords blocks password checks now."""
        return self.blocked_until is not None and now < self.blocked_until

    def may_log_in(self, now: pendulum.DateTime) -> bool:
        """Whether the right password opens a session now."""
        return self.may_act() and not self.blocked(now)

    def wrong_password(self, now: pendulum.DateTime, policy: LoginPolicy) -> None:
        """Login throttling: the count that reaches the maximum starts a block."""
        if self.blocked(now):
            return
        self.failures += 1
        if self.failures >= policy.max_failures:
            self.failures, self.blocked_until = 0, later(now, policy.block_for)

    def accept(self, purpose: CodePurpose) -> None:
        """Count a code of ``purpose`` the system accepted."""
        self.accepted[purpose] = self.accepted.get(purpose, 0) + 1


@attrs.define
class Token:
    """A session token the machine holds, and whether the rules say it has ended."""

    value: str
    person: Person
    opened_at: pendulum.DateTime
    ended: bool = False

    def is_live(self, now: pendulum.DateTime, lifetime: dt.timedelta) -> bool:
        """Whether the token still acts: nothing ended it, its account acts, it is young."""
        return not self.ended and self.person.may_act() and now < later(self.opened_at, lifetime)
