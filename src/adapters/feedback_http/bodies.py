"""What requests send: one pydantic model per body, unknown fields refused.

The types are what the JSON carries; limits and rules (lengths, ranges, which fields a
province requires) stay the core's, checked again by the use case with its own messages.
The types are taken as the document writes them, never coerced: ``0`` is no boolean,
``"3"`` and ``3.0`` are no integer, a number is no time (pydantic would read it as seconds
since 1970), and a time is RFC 3339 text, as OpenAPI's ``date-time`` says.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictBool, StrictFloat, StrictInt
from pydantic_core import PydanticCustomError

from feedback_core.accounts.model import Role  # noqa: TC001 - pydantic reads it at run time
from feedback_core.alerts.model import AlertText, Category, Certainty, Severity, Urgency
from feedback_core.messages import Language  # noqa: TC001 - as above

# RFC 3339's date-time; the offset may be left out here so that the core refuses the
# time with its own words ("not_aware") rather than the shape's.
_RFC3339: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?", re.ASCII
)


def _rfc3339(value: object) -> object:
    """Let through RFC 3339 text (and datetimes); anything else is no time."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _RFC3339.fullmatch(value)):
        return value
    raise PydanticCustomError("datetime_parsing", "not an RFC 3339 date-time")


Instant = Annotated[dt.datetime, BeforeValidator(_rfc3339)]


class Body(BaseModel):
    """A request body: only the fields it names."""

    model_config = ConfigDict(extra="forbid")

    def given(self) -> dict[str, Any]:
        """The fields sent, without those left out or null."""
        return self.model_dump(exclude_none=True)


class Registration(Body):
    """A citizen registers; the policy says which profile fields are required."""

    phone: str
    password: str
    full_name: str | None = None
    email: str | None = None
    national_id: str | None = None
    address: str | None = None
    language: Language | None = None


class Phone(Body):
    """The phone number a new code goes to: an activation or a password reset code."""

    phone: str


class Activation(Body):
    """The texted code that activates the account of ``phone``."""

    phone: str
    code: str


class PreferencesChange(Body):
    """What changes in one's preferences; what is left out stays."""

    language: Language | None = None
    notices: StrictBool | None = None


class PasswordReset(Body):
    """A forgotten password: the code texted to ``phone`` and the new password."""

    phone: str
    code: str
    new_password: str


class PasswordChange(Body):
    """One's password changed: the current one, then the new one."""

    current_password: str
    new_password: str


class PhoneChange(Body):
    """A new phone number, the password confirming it is the owner who asks."""

    new_phone: str
    password: str


class Code(Body):
    """A texted code."""

    code: str


class ProfileChange(Body):
    """The profile fields to correct: a null clears one, a field left out stays."""

    full_name: str | None = None
    email: str | None = None
    national_id: str | None = None
    address: str | None = None

    def changes(self) -> dict[str, Any]:
        """The fields sent, nulls included: unlike `given`, a null here means "clear it"."""
        return self.model_dump(exclude_unset=True)


class Password(Body):
    """The account's password, asked again before an action that cannot be undone."""

    password: str


class Login(Body):
    """A phone number (any written form) or username, and the password."""

    login_id: str
    password: str
    label: str | None = None  # what the client is: "Android app", a browser


class UnitIn(Body):
    """A new agency unit."""

    code: str
    name: str


class Official(Body):
    """A new official's account; unit roles name their unit."""

    role: Role
    password: str
    unit_code: str | None = None
    username: str | None = None
    full_name: str | None = None


class NewPassword(Body):
    """The password an administrator sets for an official."""

    new_password: str


class UnitMove(Body):
    """The unit a staff member moves to, by code."""

    unit_code: str


class RoleChange(Body):
    """An official's new role; a unit role keeps its current unit unless one is named."""

    role: Role
    unit_code: str | None = None


class ReportIn(Body):
    """A citizen's report: a location (coordinates and/or an address) is required."""

    title: str
    content: str
    category: str
    latitude: StrictFloat | None = None
    longitude: StrictFloat | None = None
    address: str | None = None
    media: list[str] | None = None
    public: StrictBool | None = None
    urgent: StrictBool | None = None


class Versioned(Body):
    """The version the caller last saw: a stale one answers 409."""

    expected_version: StrictInt | None = None


class Reason(Versioned):
    """Why (a refusal, a return)."""

    reason: str


class Assignment(Versioned):
    """The units that handle the report, by id or by code."""

    units: list[str]


class Answer(Versioned):
    """The unit's answer to the report."""

    response: str


class Reopening(Body):
    """Why the reporter reopens the answered report."""

    reason: str


class Rating(Body):
    """The reporter's rating of the answer, 1 to 5."""

    rating: StrictInt


class AlertTextIn(Body):
    """The words of an alert in English."""

    headline: str
    description: str
    instruction: str | None = None


class AlertIn(Body):
    """An alert as its author writes it (CAP 1.2 fields); times need their offset."""

    headline: str
    description: str
    instruction: str | None = None
    category: Category | None = None
    severity: Severity | None = None
    urgency: Urgency | None = None
    certainty: Certainty | None = None
    area: str
    polygon: list[tuple[StrictFloat, StrictFloat]] | None = None  # (latitude, longitude), closed
    circle: tuple[tuple[StrictFloat, StrictFloat], StrictFloat] | None = (
        None  # (centre, radius in km)
    )
    start: Instant
    end: Instant
    english: AlertTextIn | None = None

    def form(self) -> dict[str, Any]:
        """The fields as the alert use cases take them."""
        fields = self.given()
        fields.pop("expected_version", None)
        if self.english is not None:
            fields["english"] = AlertText(**self.english.given())
        return fields


class AlertEdit(AlertIn):
    """A draft rewritten whole, and the version the author last saw."""

    expected_version: StrictInt | None = None
