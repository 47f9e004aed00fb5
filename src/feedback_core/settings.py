"""Everything a province configures, in one frozen object.

It gathers each feature's policy, so it sits above the features (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from feedback_core.accounts.codes import ActivationPolicy
from feedback_core.accounts.input import RegistrationPolicy
from feedback_core.accounts.throttling import LoginPolicy
from feedback_core.alerts.flow import AlertPolicy
from feedback_core.outbox.model import DispatchPolicy
from feedback_core.reports.categories import DEFAULT_CATEGORIES
from feedback_core.reports.deadlines import DeadlinePolicy, WorkingCalendar

MIN_KEY_BYTES: Final = 16
# Plain ASCII: Vietnamese diacritics force UCS-2 SMS encoding, which halves the length
# of a segment and doubles the cost, so carriers' OTP templates are written without them.
DEFAULT_SMS_TEMPLATE: Final = (
    "Ma kich hoat tai khoan 1022 cua ban la {code}, hieu luc {minutes} phut."
)


def _long_enough(_: object, __: object, value: bytes) -> None:
    if len(value) < MIN_KEY_BYTES:
        raise ValueError("secret_key must be at least 16 random bytes")


@attrs.frozen
class Settings:
    """Policies and the server key; only ``secret_key`` has no default."""

    # Derives each account's HOTP secret; keep it stable and secret, like a session key.
    secret_key: bytes = attrs.field(validator=_long_enough, repr=False)
    registration: RegistrationPolicy = RegistrationPolicy()
    activation: ActivationPolicy = ActivationPolicy()
    login: LoginPolicy = LoginPolicy()
    alerts: AlertPolicy = AlertPolicy()
    deadlines: DeadlinePolicy = DeadlinePolicy()
    calendar: WorkingCalendar = WorkingCalendar()
    categories: Mapping[str, str] = DEFAULT_CATEGORIES
    sms_template: str = DEFAULT_SMS_TEMPLATE
    dispatch: DispatchPolicy = DispatchPolicy()
