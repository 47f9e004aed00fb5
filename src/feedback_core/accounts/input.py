"""Citizen registration: which fields a province requires, and checking a filled-in form."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, TypedDict

import attrs

from feedback_core.accounts.model import Profile, Role
from feedback_core.accounts.passwords import check_password_rules
from feedback_core.accounts.phone import normalize_phone
from feedback_core.errors import ValidationError
from feedback_core.fields import choice, only_known, optional_text
from feedback_core.forms import FormErrors
from feedback_core.messages import Language

if TYPE_CHECKING:
    from collections.abc import Mapping

PROFILE_FIELDS: Final = ("full_name", "email", "national_id", "address")
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NATIONAL_ID: Final = re.compile(r"[0-9]{12}")  # căn cước công dân; \d takes any script's digits


@attrs.frozen
class RegistrationPolicy:
    """Which profile fields must be filled in; phone and password are always required."""

    required: frozenset[str] = attrs.field(
        default=frozenset({"full_name"}),
        converter=frozenset,
        validator=attrs.validators.deep_iterable(attrs.validators.in_(PROFILE_FIELDS)),
    )


@attrs.frozen
class Registration:
    """A checked registration form: E.164 phone, the password, a clean profile."""

    phone: str
    password: str = attrs.field(repr=False)  # the plain password: never in a log line
    profile: Profile
    language: Language = Language.VI


class RegistrationForm(TypedDict, total=False):
    """What `register` takes (phone and password always; the rest as the policy says)."""

    phone: str
    password: str
    full_name: str
    email: str
    national_id: str
    address: str
    language: Language | str  # of the texts the citizen gets; "vi" unless given


class OfficialForm(TypedDict, total=False):
    """What `create_official` takes; checked at run time."""

    role: Role | str
    password: str
    unit_code: str
    username: str
    full_name: str


def check_registration(form: Mapping[str, object], policy: RegistrationPolicy) -> Registration:
    """Check every field at once, so the citizen sees all problems in one answer."""
    only_known(form, ("phone", "password", "language", *PROFILE_FIELDS))
    errors = FormErrors()
    phone = errors.check(lambda: normalize_phone(form.get("phone")), "")
    password = errors.check(lambda: check_password_rules(form.get("password")), "")
    profile = {
        name: errors.check(lambda n=name: _profile_field(n, form, policy), None)  # type: ignore[misc]
        for name in PROFILE_FIELDS
    }
    language = errors.check(lambda: _language(form.get("language")), Language.VI)
    errors.raise_any()
    return Registration(phone, password, Profile(**profile), language)


def _language(value: object) -> Language:
    return Language.VI if value is None else choice("language", value, Language)


def _profile_field(name: str, form: Mapping[str, object], policy: RegistrationPolicy) -> str | None:
    value = optional_text(name, form.get(name), limit=200)
    if value is None:
        if name in policy.required:
            raise ValidationError.single(name, "required")
        return None
    if name == "email" and not _EMAIL.fullmatch(value):
        raise ValidationError.single(name, "invalid_email")
    if name == "national_id" and not _NATIONAL_ID.fullmatch(value):
        raise ValidationError.single(name, "invalid_national_id")
    return value


def check_profile_changes(
    form: Mapping[str, object], policy: RegistrationPolicy, current: Profile
) -> Profile:
    """The profile with the fields given in ``form`` changed, each checked as at registration.

    A field left out keeps its value; a field given as None or blank clears it, unless the
    province requires it. Every problem is reported at once.
    """
    only_known(form, PROFILE_FIELDS)
    errors = FormErrors()
    changed = {
        name: errors.check(lambda n=name: _profile_field(n, form, policy), None)  # type: ignore[misc]
        for name in PROFILE_FIELDS
        if name in form
    }
    errors.raise_any()
    return attrs.evolve(current, **changed)
