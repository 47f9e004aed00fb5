"""Everything a province configures, in one frozen object.

It gathers each feature's policy, so it sits above the features (docs/architecture.md).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

import attrs

from feedback_core.accounts.codes import ActivationPolicy
from feedback_core.accounts.input import RegistrationPolicy
from feedback_core.accounts.sessions import SessionPolicy
from feedback_core.accounts.throttling import LoginPolicy
from feedback_core.alerts.flow import AlertPolicy
from feedback_core.errors import ValidationError
from feedback_core.outbox.model import DispatchPolicy
from feedback_core.reports.categories import DEFAULT_CATEGORIES
from feedback_core.reports.deadlines import DeadlinePolicy, WorkingCalendar
from feedback_core.reports.media import MediaPolicy

T = TypeVar("T")
MIN_KEY_BYTES: Final = 16
# Plain ASCII: Vietnamese diacritics force UCS-2 SMS encoding, which halves the length
# of a segment and doubles the cost, so carriers' OTP templates are written without them.
_TEMPLATE_FIELDS: Final = frozenset({"code", "minutes"})
DEFAULT_SMS_TEMPLATE: Final = (
    "Ma kich hoat tai khoan 1022 cua ban la {code}, hieu luc {minutes} phut."
)
DEFAULT_RESET_TEMPLATE: Final = (
    "Ma dat lai mat khau 1022 cua ban la {code}, hieu luc {minutes} phut. "
    "Neu ban khong yeu cau, hay bo qua tin nay."
)
DEFAULT_PHONE_TEMPLATE: Final = (
    "Ma xac nhan so dien thoai moi cho tai khoan 1022 la {code}, hieu luc {minutes} phut."
)


def _key(_: object, __: attrs.Attribute[bytes], value: bytes) -> None:
    given: object = value  # typed bytes for attrs, but a host may pass anything
    if not isinstance(given, bytes):
        raise ValidationError.single("secret_key", "wrong_type", expected="bytes")
    if len(value) < MIN_KEY_BYTES:
        raise ValidationError.single("secret_key", "key_too_short", limit=MIN_KEY_BYTES)


def _of(kind: type[T]) -> Callable[[object, attrs.Attribute[T], T], None]:
    """A validator: the value is a ``kind``, else a ValidationError naming the setting."""

    def check(_: object, attribute: attrs.Attribute[T], value: T) -> None:
        if not isinstance(value, kind):
            raise ValidationError.single(attribute.name, "wrong_type", expected=kind.__name__)

    return check


def _categories(_: object, __: object, value: object) -> None:
    if not isinstance(value, Mapping) or not value:
        raise ValidationError.single("categories", "wrong_type", expected="a mapping of fields")
    if not all(isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items()):
        raise ValidationError.single("categories", "wrong_type", expected="text")


def _template(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    fields = _TEMPLATE_FIELDS
    given: object = value
    try:
        parsed = string.Formatter().parse(given) if isinstance(given, str) else ()
        used = {name for _, name, _, _ in parsed if name is not None}
        well_formed = "code" in used and used <= fields
    except ValueError:  # an unbalanced brace
        well_formed = False
    if not well_formed:
        shown = ", ".join(f"{{{name}}}" for name in sorted(fields))
        raise ValidationError.single(attribute.name, "invalid_template", fields=shown)


@attrs.frozen
class Settings:
    """Policies and the server key; only ``secret_key`` has no default.

    Each value is checked when the settings are built: a wrong one is a ValidationError
    naming the setting, never a failure at the first use case.
    """

    # Derives each account's HOTP secret; keep it stable and secret, like a session key.
    secret_key: bytes = attrs.field(validator=_key, repr=False)
    registration: RegistrationPolicy = attrs.field(
        default=RegistrationPolicy(), validator=_of(RegistrationPolicy)
    )
    activation: ActivationPolicy = attrs.field(
        default=ActivationPolicy(), validator=_of(ActivationPolicy)
    )
    login: LoginPolicy = attrs.field(default=LoginPolicy(), validator=_of(LoginPolicy))
    sessions: SessionPolicy = attrs.field(default=SessionPolicy(), validator=_of(SessionPolicy))
    alerts: AlertPolicy = attrs.field(default=AlertPolicy(), validator=_of(AlertPolicy))
    deadlines: DeadlinePolicy = attrs.field(default=DeadlinePolicy(), validator=_of(DeadlinePolicy))
    calendar: WorkingCalendar = attrs.field(
        default=WorkingCalendar(), validator=_of(WorkingCalendar)
    )
    categories: Mapping[str, str] = attrs.field(default=DEFAULT_CATEGORIES, validator=_categories)
    sms_template: str = attrs.field(default=DEFAULT_SMS_TEMPLATE, validator=_template)
    reset_sms_template: str = attrs.field(default=DEFAULT_RESET_TEMPLATE, validator=_template)
    phone_sms_template: str = attrs.field(default=DEFAULT_PHONE_TEMPLATE, validator=_template)
    dispatch: DispatchPolicy = attrs.field(default=DispatchPolicy(), validator=_of(DispatchPolicy))
    # Reporters are told by SMS, through the outbox, when their reports move; off, the
    # notices still reach every transport (a host's push service, say).
    sms_notices: bool = attrs.field(default=True, validator=_of(bool))
    # Photos and videos attached to reports: sizes, how many, which kinds.
    media: MediaPolicy = attrs.field(default=MediaPolicy(), validator=_of(MediaPolicy))
