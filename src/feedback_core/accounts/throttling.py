"""Login throttling per account (OWASP ASVS 5.0 V6.3): pure rules over the account record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from feedback_core.clock import later

if TYPE_CHECKING:
    import pendulum

    from feedback_core.accounts.model import Account


@attrs.frozen
class LoginPolicy:
    """After ``max_failures`` wrong passwords in a row, refuse logins for ``block_for``."""

    max_failures: int = 5
    block_for: dt.timedelta = dt.timedelta(minutes=15)


def is_blocked(account: Account, now: pendulum.DateTime) -> bool:
    """Whether logins to this account are refused right now."""
    return account.login_blocked_until is not None and now < account.login_blocked_until


def after_failed_login(account: Account, now: pendulum.DateTime, policy: LoginPolicy) -> Account:
    """Count one wrong password; the count that reaches the maximum starts a block."""
    failures = account.failed_logins + 1
    if failures >= policy.max_failures:
        return attrs.evolve(
            account, failed_logins=0, login_blocked_until=later(now, policy.block_for)
        )
    return attrs.evolve(account, failed_logins=failures)


def after_good_login(account: Account) -> Account:
    """A right password clears the count."""
    return attrs.evolve(account, failed_logins=0, login_blocked_until=None)
