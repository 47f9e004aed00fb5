"""Bad input at every use case: a FeedbackError naming the field, and nothing changed.

`USE_CASES` says, for each FeedbackSystem method, the target it acts on and a call with
valid arguments. `BAD_INPUT` has one row per use case and bad value: the use case, the
argument given the bad value, the field the error must name and the FeedbackError
subclass expected. Every other argument is valid and the target is in a status where the
call would succeed, so the bad value is the only reason to refuse. Each row is checked
the same way (`assert_refused`): the error is that subclass (never a bare TypeError,
KeyError, AttributeError or ValueError), its ``field`` is exactly the offending input,
and neither the store nor the SMS outbox changed.

After the table: values just inside the limits are accepted, and Hypothesis throws junk
of any type at the same use cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import math
import unicodedata
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback_core.alerts.model import AlertText
from feedback_core.errors import (
    Conflict,
    FeedbackError,
    InvalidCredentials,
    NotFound,
    ValidationError,
)
from feedback_core.paging import MAX_PAGE, Page
from feedback_core.system import FeedbackSystem
from feedback_core.testing.world import PASSWORD

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from feedback_core.alerts.model import Alert
    from feedback_core.reports.model import Report
    from feedback_core.testing import World

T = TypeVar("T")
# Reusing the function-scoped world across examples is sound: a refusal changes nothing,
# and that is asserted on every example.
reuse_world = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

UNREGISTERED_PHONE = "0987654321"
NOT_TEXT = [7, None, ["chữ"], b"bytes", {"text": "x"}, 3.5, True]
BLANK = ["", "   ", "\t \n "]
CONTROL = ["trước\x00sau", "trước\x1b[31msau", "trước\u202esau"]
BAD_TEXT = [*NOT_TEXT, *BLANK, *CONTROL]
NOT_IDS = ["not-a-uuid", "", 123, None, ["id"], b"\x00" * 16, {"id": 1}, 1.5, True]
NAIVE = dt.datetime(2026, 3, 3, 9, 0)  # noqa: DTZ001 - naive on purpose
# Aware, but its UTC time is outside what a datetime can hold.
BEYOND_RANGE = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
NOT_TIMES = [
    NAIVE,
    pendulum.naive(2026, 3, 3, 9),
    "2026-03-03T09:00:00",  # ISO 8601 text is taken only with its offset
    "thứ ba tuần sau",
    1772503200,
    dt.date(2026, 3, 3),
    BEYOND_RANGE,
]
BAD_PHONES = [
    *[12345678, None, ["0987654321"], b"0987654321", {"phone": "0987654321"}, "", "   "],
    *["123", "098765432", "09876543210", "+1 202 555 0100", "0987\x00654321", "không có số"],
    "0276 3822 333",  # a Tây Ninh landline: the code goes out by SMS
]
BAD_AFTER = [
    *["garbage", "", "~", 123, {"at": "x"}, "2026-03-02T09:00:00+07:00~not-a-uuid"],
    *[f"not-a-time~{uuid.UUID(int=1)}", f"P1D~{uuid.UUID(int=1)}"],
    f"2026-03-02T09:00:00+07:00~{uuid.UUID(int=1)}~x",
    f"9999-12-31T23:00:00-12:00~{uuid.UUID(int=1)}",
]
POLYGON = [(11.3, 106.1), (11.4, 106.1), (11.4, 106.2), (11.3, 106.1)]
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def short(value: object) -> str:
    """A test id that stays readable for huge values."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_rating(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def state(world: World) -> tuple[object, object]:
    return world.storage.snapshot(), world.sms.sent  # type: ignore[attr-defined]


def assert_refused(
    world: World,
    call: Callable[[], object],
    field: str,
    error: type[FeedbackError] = FeedbackError,
) -> FeedbackError:
    """``call`` raises ``error`` naming ``field`` and leaves store and SMS outbox as they were."""
    before = state(world)
    with pytest.raises(FeedbackError) as caught:
        call()
    assert isinstance(caught.value, error), repr(caught.value)
    assert field == caught.value.field
    assert before == state(world)
    return caught.value


def attempt(call: Callable[[], T]) -> tuple[T | None, FeedbackError | None]:
    """The result of ``call``, or the FeedbackError it raised (any other error propagates)."""
    try:
        return call(), None
    except FeedbackError as error:
        return None, error


# targets in the status where each action is valid -------------------------------------------


def report_form(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Đèn đường hỏng",
        "content": "Đèn đường trước số 12 không sáng đã ba ngày.",
        "category": "giao_thong",
        "latitude": 11.31,
        "longitude": 106.1,
        "address": "12 đường 30/4, Tây Ninh",
    }
    return form | changes


def alert_form(world: World, **changes: object) -> dict[str, object]:
    now = world.clock.now()
    form: dict[str, object] = {
        "headline": "Cảnh báo triều cường",
        "description": "Triều cường vượt báo động 3.",
        "area": "Các xã ven sông Vàm Cỏ Đông",
        "start": now.add(hours=1),
        "end": now.add(days=2),
    }
    return form | changes


GOOD_REGISTRATION = {
    "phone": UNREGISTERED_PHONE,
    "password": PASSWORD,
    "full_name": "Nguyễn Thị Hoa",
    "email": "hoa@example.vn",
    "national_id": "072190001234",
    "address": "Phường 1, Tây Ninh",
}
GOOD_OFFICIAL = {"role": "unit_staff", "unit_code": "sotnmt", "username": "sotnmt_canbo2"}


@dataclass
class Flow:
    """Puts reports and alerts of unit 0 in a given status."""

    world: World

    def submitted(self, **changes: object) -> Report:
        return self.world.system.submit_report(self.world.citizen.id, **report_form(**changes))

    def accepted(self) -> Report:
        return self.world.system.accept_report(self.world.operator.id, self.submitted().id)

    def assigned(self) -> Report:
        report = self.accepted()
        return self.world.system.assign_report(
            self.world.operator.id, report.id, [self.world.unit_ids[0]]
        )

    def in_progress(self) -> Report:
        return self.world.system.start_report(self.world.staff[0].id, self.assigned().id)

    def resolved(self) -> Report:
        report = self.in_progress()
        return self.world.system.resolve_report(self.world.staff[0].id, report.id, "Đã thay.")

    def draft(self, **changes: object) -> Alert:
        form = alert_form(self.world, **changes)
        return self.world.system.create_alert(self.world.staff[0].id, **form)

    def pending(self) -> Alert:
        return self.world.system.submit_alert(self.world.staff[0].id, self.draft().id)

    def approved(self) -> Alert:
        return self.world.system.approve_alert(self.world.approvers[0].id, self.pending().id)

    def listed(self) -> None:
        """A report and an alert of unit 0, so that every listing has a row."""
        self.assigned()
        self.draft()

    def pending_citizen(self) -> None:
        self.world.system.register(GOOD_REGISTRATION)

    # targets that are themselves the bad input

    def private_accepted(self) -> Report:
        return self.world.system.accept_report(
            self.world.operator.id, self.submitted(public=False).id
        )

    def ended_draft(self) -> Alert:
        now = self.world.clock.now()
        return self.draft(start=now.subtract(days=2), end=now.subtract(minutes=1))

    def pending_at_its_end(self) -> Alert:
        pending = self.pending()
        self.world.clock.set(pending.content.end)
        return pending

    def draft_of_30_days_and_a_second(self) -> Alert:
        start = self.world.clock.now().add(hours=1)
        return self.draft(start=start, end=start.add(days=30, seconds=1))


def nothing(_: Flow) -> None:
    """Use cases that create their target need none."""


@pytest.fixture
def flow(world: World) -> Flow:
    return Flow(world)


# the use cases: the target each acts on, and valid arguments --------------------------------

MISSING = object()  # a value that leaves the argument out


@dataclass(frozen=True)
class Derived:
    """A value made when the row runs, from the world and the target; named in the test id."""

    name: str
    make: Callable[[World, Any], object]

    def __repr__(self) -> str:
        return self.name


def made(value: object, world: World, target: object) -> object:
    return value.make(world, target) if isinstance(value, Derived) else value


Arguments: TypeAlias = "Callable[[World, Any], dict[str, object]]"


def fixed(**args: object) -> Arguments:
    """The same arguments whatever the world and target."""
    return lambda w, _: dict(args)


def acting(
    who: str, on: str = "", form: Callable[[World], dict[str, object]] | None = None, **more: object
) -> Arguments:
    """The World's account ``who`` (admin, operator, citizen, staff0, approver0) as the actor.

    The target's id goes to the argument ``on``, the fields of ``form`` and ``more`` after.
    """

    def arguments(w: World, target: Any) -> dict[str, object]:
        account = {"staff0": w.staff[0], "approver0": w.approvers[0]}.get(who) or getattr(w, who)
        args: dict[str, object] = {"actor": account.id} | ({on: target.id} if on else {})
        args |= form(w) if form else {}
        return args | {name: made(value, w, target) for name, value in more.items()}

    return arguments


@dataclass(frozen=True)
class UseCase:
    """What a use case acts on (``given`` puts it in place) and its valid arguments."""

    given: Callable[[Flow], Any]
    args: Arguments


UNIT_0 = Derived("[unit 0]", lambda w, _: [w.unit_ids[0]])
USE_CASES: dict[str, UseCase] = {
    "register": UseCase(nothing, fixed(form=GOOD_REGISTRATION)),
    "send_activation_code": UseCase(nothing, fixed(phone=UNREGISTERED_PHONE)),
    "activate": UseCase(Flow.pending_citizen, fixed(phone=UNREGISTERED_PHONE, code="123456")),
    "login": UseCase(nothing, fixed(login_id="quantri", password=PASSWORD)),
    "bootstrap_admin": UseCase(nothing, fixed(username="quantri2", password=PASSWORD)),
    "create_unit": UseCase(nothing, acting("admin", code="soyte", name="Sở Y tế")),
    "create_official": UseCase(nothing, acting("admin", password=PASSWORD, **GOOD_OFFICIAL)),
    "submit_report": UseCase(nothing, acting("citizen", form=lambda _: report_form())),
    "accept_report": UseCase(Flow.submitted, acting("operator", "report_id")),
    "refuse_report": UseCase(Flow.submitted, acting("operator", "report_id", reason="Sai.")),
    "assign_report": UseCase(Flow.accepted, acting("operator", "report_id", units=UNIT_0)),
    "return_report": UseCase(Flow.assigned, acting("staff0", "report_id", reason="Sai.")),
    "start_report": UseCase(Flow.assigned, acting("staff0", "report_id")),
    "resolve_report": UseCase(Flow.in_progress, acting("staff0", "report_id", response="Ok")),
    "reopen_report": UseCase(Flow.resolved, acting("citizen", "report_id", reason="Chưa")),
    "rate_report": UseCase(Flow.resolved, acting("citizen", "report_id", rating=5)),
    "close_report": UseCase(Flow.resolved, acting("citizen", "report_id")),
    "read_report": UseCase(Flow.submitted, acting("citizen", "report_id")),
    "list_reports": UseCase(Flow.listed, acting("operator")),
    "public_report": UseCase(Flow.accepted, lambda w, r: {"report_id": r.id}),
    "public_reports": UseCase(Flow.listed, fixed()),
    "create_alert": UseCase(nothing, acting("staff0", form=alert_form)),
    "edit_alert": UseCase(Flow.draft, acting("staff0", "alert_id", form=alert_form)),
    "supersede_alert": UseCase(Flow.approved, acting("staff0", "alert_id", form=alert_form)),
    "submit_alert": UseCase(Flow.draft, acting("staff0", "alert_id")),
    "approve_alert": UseCase(Flow.pending, acting("approver0", "alert_id")),
    "reject_alert": UseCase(Flow.pending, acting("approver0", "alert_id", reason="Sửa.")),
    "cancel_alert": UseCase(Flow.approved, acting("approver0", "alert_id")),
    "get_alert": UseCase(Flow.approved, lambda w, a: {"alert_id": a.id}),  # anyone reads it
    "list_alerts": UseCase(Flow.listed, acting("staff0")),
    "active_alerts": UseCase(Flow.approved, fixed()),
    "tick": UseCase(Flow.approved, fixed()),
    "pending_events": UseCase(nothing, fixed()),
}


def run(world: World, use_case: str, args: Mapping[str, object]) -> object:
    """Call the FeedbackSystem method ``use_case`` with ``args`` as keyword arguments."""
    return getattr(world.system, use_case)(**args)


def taking(argument: str) -> list[str]:
    """The use cases whose FeedbackSystem method takes ``argument``."""
    return [
        case
        for case in USE_CASES
        if argument in inspect.signature(getattr(FeedbackSystem, case)).parameters
    ]


# get_alert looks at its reader only before approval: its actor rows read a draft.
ACTOR_TARGETS = {"get_alert": Flow.draft}
REASONS = {
    "refuse_report": "reason",
    "return_report": "reason",
    "resolve_report": "response",
    "reopen_report": "reason",
    "reject_alert": "reason",
}
LISTINGS = ["list_reports", "list_alerts", "public_reports"]
REQUIRED = {
    "submit_report": ["title", "content", "category"],
    "create_alert": ["headline", "description", "area", "start", "end"],
    "edit_alert": ["headline", "description", "area", "start", "end"],
    "supersede_alert": ["headline", "description", "area", "start", "end"],
    "create_official": ["role", "password", "unit_code"],
    "register": ["form.phone", "form.password", "form.full_name"],
}


# the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadInput:
    """One use case called with one bad value: the error it must raise, naming which field.

    The value goes to the argument ``arg``: the field unless told, ``form.phone`` for a key
    of the argument ``form``, none when the target itself is the bad input (``arg=""``).
    ``also`` changes other arguments; ``given`` replaces the use case's own target.
    """

    use_case: str
    field: str
    value: object
    error: type[FeedbackError] = ValidationError
    arg: str | None = None
    also: Mapping[str, object] = dataclasses.field(default_factory=dict)
    given: Callable[[Flow], Any] | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.use_case}.{self.field}={self.label or short(self.value)}"

    def arguments(self, world: World, target: object) -> dict[str, object]:
        """The use case's valid arguments on ``target``, with this row's changes."""
        args = USE_CASES[self.use_case].args(world, target)
        changes = {**self.also, **({} if self.arg == "" else {self.arg or self.field: self.value})}
        for name, value in changes.items():
            outer, _, inner = name.rpartition(".")
            into = args
            if outer:
                into = args[outer] = dict(args[outer])  # type: ignore[call-overload]
            into[inner] = made(value, world, target)
            if into[inner] is MISSING:
                del into[inner]
        return args


def bad(
    use_case: str,
    field: str,
    values: list[object],
    error: type[FeedbackError] = ValidationError,
    **options: Any,
) -> list[BadInput]:
    """A row for each of ``values``."""
    return [BadInput(use_case, field, value, error, **options) for value in values]


UNKNOWN = Derived("unknown", lambda w, t: uuid.uuid4())
UNKNOWN_AS_TEXT = Derived("unknown-as-text", lambda w, t: str(uuid.uuid4()))
STALE = Derived("stale", lambda w, t: t.version - 1 or t.version + 1)
OTHER_UNIT = Derived("other-unit", lambda w, _: w.staff[1].id)
NO_COORDINATES = {"latitude": None, "longitude": None}
TIDE = ("Tide warning", "Tide above level 3.")  # an English headline and description
IN_TWO_HOURS = Derived("in-two-hours", lambda w, _: w.clock.now().add(hours=2))


def hours_after_start(hours: int) -> Derived:
    return Derived(f"{hours}h-after-start", lambda w, _: w.clock.now().add(hours=2 + hours))


def in_form(
    field: str, values: list[object], error: type[FeedbackError] = ValidationError
) -> list[BadInput]:
    """Registration rows: the value goes into the form."""
    return bad("register", field, values, error, arg=f"form.{field}")


BAD_INPUT: list[BadInput] = [
    # who acts, and on what
    *[
        row
        for case in taking("actor")
        for row in bad(
            case,
            "actor",
            [v for v in NOT_IDS if case != "get_alert" or v is not None],  # None: anonymous
            given=ACTOR_TARGETS.get(case),
        )
    ],
    *[BadInput(c, "actor", UNKNOWN, NotFound, given=ACTOR_TARGETS.get(c)) for c in taking("actor")],
    *[row for case in taking("report_id") for row in bad(case, "report_id", NOT_IDS)],
    *[BadInput(case, "report_id", UNKNOWN, NotFound) for case in taking("report_id")],
    *[row for case in taking("alert_id") for row in bad(case, "alert_id", NOT_IDS)],
    *[BadInput(case, "alert_id", UNKNOWN_AS_TEXT, NotFound) for case in taking("alert_id")],
    BadInput(
        "public_report", "report_id", "private", NotFound, arg="", given=Flow.private_accepted
    ),
    BadInput("get_alert", "actor", "not-a-uuid", FeedbackError),
    BadInput("get_alert", "alert_id", None, NotFound, arg="actor", given=Flow.draft, label="draft"),
    BadInput("get_alert", "alert_id", OTHER_UNIT, NotFound, arg="actor", given=Flow.draft),
    *[
        row
        for case in taking("expected_version")
        for row in bad(case, "expected_version", ["1", 0, -1, 1.0, True, [1], 2**63])
    ],
    *[BadInput(case, "expected_version", STALE, Conflict) for case in taking("expected_version")],
    *[row for case, f in REASONS.items() for row in bad(case, f, [*BAD_TEXT, "x" * 2001])],
    # reports
    *bad("submit_report", "title", [*BAD_TEXT, "x" * 201]),
    *bad("submit_report", "content", [*BAD_TEXT, "x" * 4001]),
    *bad("submit_report", "category", ["khong_co", "Giao thông", 1, None, ["giao_thong"]]),
    *bad("submit_report", "latitude", ["11.3", True, 91, -90.5, math.nan, math.inf, [11], 10**400]),
    *bad("submit_report", "longitude", ["106", False, 180.1, -181, math.nan, -math.inf, 10**400]),
    *bad("submit_report", "address", [12, ["a"], *CONTROL, "x" * 501]),
    *bad("submit_report", "media", ["anh.jpg", None, [1], [""], ["a\x00"], ["x"] * 11]),
    *bad("submit_report", "public", [1, "yes", None]),
    *bad("submit_report", "urgent", [0, "no", None]),
    BadInput(
        "submit_report", "location", None, arg="address", also=NO_COORDINATES, label="nowhere"
    ),
    BadInput("submit_report", "location", "  ", arg="address", also=NO_COORDINATES),
    BadInput("submit_report", "longitude", None, also={"latitude": 11.3}, label="latitude-alone"),
    BadInput("submit_report", "latitude", None, also={"longitude": 106.1}, label="longitude-alone"),
    *bad("assign_report", "units", ["unit-id", [], None, 5, {"id": 1}, ["not-a-uuid"], [None]]),
    BadInput("assign_report", "units", Derived("[unknown]", lambda w, _: [uuid.uuid4()]), NotFound),
    *bad("rate_report", "rating", [0, 6, -1, 3.5, True, False, "5", None, [5]]),
    # alerts
    *bad("create_alert", "headline", [*BAD_TEXT, "x" * 141]),
    *bad("create_alert", "description", [*BAD_TEXT, "x" * 4001]),
    *bad("create_alert", "instruction", [7, b"x", *CONTROL, "x" * 2001]),
    *bad("create_alert", "category", ["Weather", "geo", 1]),
    *bad("create_alert", "severity", ["High", 3]),
    *bad("create_alert", "urgency", ["Now", ["Immediate"]]),
    *bad("create_alert", "certainty", ["Sure", {}]),
    *bad("create_alert", "area", [*BAD_TEXT, "x" * 501]),
    *bad(
        "create_alert", "polygon", ["11.3,106.1", None, POLYGON[:3], [*POLYGON[:3], (11.5, 106.5)]]
    ),
    *bad("create_alert", "polygon", [[(91, 106.1)] * 4, [("a", "b")] * 4, [(10**400, 106.1)] * 4]),
    *bad("create_alert", "polygon", [[(math.nan, 106.1)] * 4, [(11.3, 106.1, 0)] * 4]),
    *bad("create_alert", "circle", [5, "ab", ((11.3, 106.1), 0), ((11.3, 106.1), 5001)]),
    *bad("create_alert", "circle", [((11.3, 106.1), math.nan), ((11.3, 106.1), True)]),
    *bad("create_alert", "circle", [((91, 106.1), 5), ((10**400, 106.1), 5), ((11.3, 106.1),)]),
    *bad("create_alert", "start", [*NOT_TIMES, None]),
    *bad("create_alert", "end", [*NOT_TIMES, None]),
    *bad("create_alert", "english", ["Flood warning", {"headline": "Flood"}]),
    BadInput("create_alert", "english.headline", AlertText("", TIDE[1]), arg="english"),
    BadInput("create_alert", "english.description", AlertText(TIDE[0], "x" * 4001), arg="english"),
    BadInput("create_alert", "english.instruction", AlertText(*TIDE, "\x1b"), arg="english"),
    *[
        BadInput(case, f, value)
        for case in ("edit_alert", "supersede_alert")
        for f, value in [("headline", "x" * 141), ("start", NAIVE), ("end", NAIVE), ("area", "")]
    ],
    *[
        BadInput("create_alert", "end", hours_after_start(h), also={"start": IN_TWO_HOURS})
        for h in (0, -1)
    ],
    BadInput("submit_alert", "end", "ended", arg="", given=Flow.ended_draft),
    BadInput("approve_alert", "end", "ended", arg="", given=Flow.pending_at_its_end),
    BadInput("submit_alert", "end", "30-days-1s", arg="", given=Flow.draft_of_30_days_and_a_second),
    *bad("active_alerts", "at", NOT_TIMES),
    *bad("tick", "now", NOT_TIMES),
    # listings
    *[row for case in LISTINGS for row in bad(case, "limit", [0, -1, 501, "10", 2.5, True, None])],
    *[row for case in LISTINGS for row in bad(case, "limit", [[10]])],
    *[row for case in LISTINGS for row in bad(case, "after", BAD_AFTER)],
    *[
        row
        for case in taking("status")
        for row in bad(case, "status", ["open", "Submitted", 1, ["draft"], {}])
    ],
    *bad("pending_events", "limit", [0, -1, "10", 2.5, True, None]),
    # accounts and units
    *in_form("phone", BAD_PHONES),
    *in_form("password", [None, 12345678, b"password1", "short", "x" * 129, "pass\x00word"]),
    *in_form("full_name", [None, *BLANK, 7, ["Hoa"], *CONTROL, "x" * 201]),
    *in_form("email", ["hoa", "hoa@", "hoa@example", 7, "a@b.c\x00"]),
    *in_form("national_id", ["12345", "07219000123x", 72190001234, "0721900012345"]),
    *in_form("address", [7, *CONTROL, "x" * 201]),
    *in_form("phone", ["+84 912 345 678"], Conflict),  # the World's citizen
    *bad("register", "form", [None, [("phone", "0987654321")], "phone=0987654321", 7]),
    *bad("send_activation_code", "phone", BAD_PHONES),
    *bad("activate", "phone", BAD_PHONES, given=nothing),
    *bad("activate", "code", ["12345", "1234567", "abcdef", "12345a", 123456, None, b"123456"]),
    *bad("activate", "code", ["", "\uff11\uff12\uff13\uff14\uff15\uff16"]),  # full-width digits
    *[
        BadInput(case, "phone", phone, error, given=nothing)
        for case in ("send_activation_code", "activate")
        for phone, error in [(UNREGISTERED_PHONE, NotFound), ("0912345678", Conflict)]
    ],
    *bad("login", "login_id", [912345678, None, ["quantri"], b"quantri", "", "  ", "quan\x00tri"]),
    *bad("login", "login_id", ["0276 3822 333", "x" * 65]),
    *bad("login", "password", [None, 12345678, b"mat-khau"]),
    *bad("login", "login_id", [UNREGISTERED_PHONE, "khongco"], InvalidCredentials),
    *bad("bootstrap_admin", "username", [7, None, "Quantri", "qt", "0912345678", "quan tri"]),
    *bad("bootstrap_admin", "password", ["short", None]),
    BadInput("bootstrap_admin", "username", "quantri2", Conflict),  # an administrator exists
    *bad("create_unit", "code", [7, None, "", "So Y te", "1soyte", "soyte\x00", "s" * 31]),
    *bad("create_unit", "name", [*BAD_TEXT, "x" * 201]),
    BadInput("create_unit", "code", "sotnmt", Conflict, also={"name": "Sở khác"}),
    *bad("create_official", "role", ["boss", "citizen", 1, None, ["admin"]]),
    *bad("create_official", "password", ["short", None, 12345678]),
    *bad("create_official", "unit_code", [None, 7, "", "a\x1b"]),
    BadInput("create_official", "unit_code", "khongco", NotFound),
    BadInput(  # an operator belongs to no unit
        "create_official", "unit_code", "sotnmt", also={"role": "operator", "username": "tiepnhan2"}
    ),
    *bad("create_official", "username", [7, "", "Sotnmt_canbo", "sotnmt canbo", "sogtvt_canbo2"]),
    *bad("create_official", "username", ["canbo2", "x" * 65]),
    BadInput("create_official", "username", "sotnmt_canbo", Conflict),  # the seeded staff member
    *bad("create_official", "full_name", [7, *CONTROL, "x" * 201]),
    # forms: a missing required field or an unknown one is named, never a TypeError
    *[
        BadInput(case, name.rpartition(".")[2], MISSING, arg=name, label="missing")
        for case, names in REQUIRED.items()
        for name in names
    ],
    *[
        BadInput(
            case,
            "tieu_de",
            "gõ nhầm tên trường",
            arg=("form." if case == "register" else "") + "tieu_de",
        )
        for case in REQUIRED
    ],
]


@pytest.mark.parametrize("row", BAD_INPUT, ids=lambda row: row.id)
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    world: World, flow: Flow, row: BadInput
) -> None:
    target = (row.given or USE_CASES[row.use_case].given)(flow)
    args = row.arguments(world, target)

    assert_refused(world, lambda: run(world, row.use_case, args), row.field, row.error)


# the values just inside the limits are accepted --------------------------------------------


def valid(world: World, flow: Flow, use_case: str, **changes: object) -> object:
    """``use_case`` on its target with valid arguments and ``changes``: what it returned."""
    target = USE_CASES[use_case].given(flow)
    return run(world, use_case, USE_CASES[use_case].args(world, target) | changes)


@pytest.mark.parametrize("case", ["accept_report", "list_reports"])
def test_an_actor_id_given_as_text_is_read_as_a_uuid(world: World, flow: Flow, case: str) -> None:
    assert valid(world, flow, case, actor=str(world.operator.id)) is not None


@pytest.mark.parametrize("case", taking("expected_version"))
def test_the_current_expected_version_is_accepted(world: World, flow: Flow, case: str) -> None:
    target = USE_CASES[case].given(flow)
    args = USE_CASES[case].args(world, target) | {"expected_version": target.version}

    changed = run(world, case, args)

    assert target.version + 1 == changed.version  # type: ignore[attr-defined]


@pytest.mark.parametrize(("case", "field"), REASONS.items(), ids=".".join)
def test_a_reason_of_2000_characters_over_several_lines_is_accepted(
    world: World, flow: Flow, case: str, field: str
) -> None:
    text = "dòng một\n\tdòng hai " + "x" * 1980

    assert valid(world, flow, case, **{field: text}) is not None


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_cursor_token_from_a_page_reads_the_next_page(
    world: World, flow: Flow, listing: str
) -> None:
    for _ in range(3):
        world.system.accept_report(world.operator.id, flow.submitted().id)
        flow.draft()
        world.clock.advance(dt.timedelta(minutes=1))
    args = USE_CASES[listing].args(world, None)

    first = run(world, listing, args | {"limit": 2})
    assert isinstance(first, Page)
    assert first.next is not None
    rest = run(world, listing, args | {"limit": 2, "after": first.next.token})

    assert 1 == len(rest.items)  # type: ignore[attr-defined]


def test_report_text_at_its_limits_is_accepted(world: World) -> None:
    form = report_form(title="t" * 200, content="c" * 4000, media=["m"] * 10)

    report = world.system.submit_report(world.citizen.id, **form)

    assert (200, 4000, 10) == (
        len(report.draft.title),
        len(report.draft.content),
        len(report.draft.media),
    )


def test_an_nfd_report_is_stored_and_read_back_in_nfc(world: World) -> None:
    title, content = "Đường ngập nước", "Mưa lớn làm ngập đường Trưng Nữ Vương."
    assert nfd(title) != title  # the input really is decomposed

    submitted = world.system.submit_report(
        world.citizen.id, **report_form(title=nfd(title), content=nfd(content))
    )
    read = world.system.read_report(world.citizen.id, submitted.id).report

    assert (nfc(title), nfc(content)) == (read.draft.title, read.draft.content)


def test_an_nfd_title_is_measured_in_nfc_characters(world: World) -> None:
    title = "Đường" * 40  # 200 characters in NFC, more in NFD
    assert len(nfd(title)) > 200

    report = world.system.submit_report(world.citizen.id, **report_form(title=nfd(title)))

    assert nfc(title) == report.draft.title


def test_web_form_line_breaks_are_accepted_and_stored_as_newlines(world: World) -> None:
    report = world.system.submit_report(
        world.citizen.id, **report_form(content="Dòng một\r\nDòng hai\rDòng ba")
    )

    assert "Dòng một\nDòng hai\nDòng ba" == report.draft.content


def test_an_nfd_refusal_reason_is_stored_in_nfc(world: World, flow: Flow) -> None:
    reason = "Nội dung không thuộc phạm vi tiếp nhận."
    report = flow.submitted()

    refused = world.system.refuse_report(world.operator.id, report.id, nfd(reason))

    assert nfc(reason) == refused.refusal_reason


def test_an_alert_of_exactly_30_days_can_be_submitted(world: World, flow: Flow) -> None:
    start = world.clock.now().add(hours=1)
    draft = flow.draft(start=start, end=start.add(days=30))

    pending = world.system.submit_alert(world.staff[0].id, draft.id)

    assert dt.timedelta(days=30) == pending.content.duration


def test_an_alert_headline_of_140_characters_is_accepted(flow: Flow) -> None:
    draft = flow.draft(headline="h" * 140)

    assert 140 == len(draft.content.text.headline)


def test_an_nfd_alert_headline_is_stored_in_nfc(world: World, flow: Flow) -> None:
    headline = "Cảnh báo lũ quét"

    draft = flow.draft(headline=nfd(headline))

    assert (
        nfc(headline)
        == world.system.get_alert(draft.id, actor=world.staff[0].id).content.text.headline
    )


def test_active_alerts_and_tick_accept_any_time_zone(world: World, flow: Flow) -> None:
    alert = flow.approved()
    inside = alert.content.start.add(minutes=1).in_timezone("America/New_York")

    assert [alert.id] == [a.id for a in world.system.active_alerts(inside)]
    world.clock.set(inside)
    assert [alert.id] == [e.alert_id for e in world.system.tick(inside)]


def test_an_nfd_full_name_is_registered_in_nfc(world: World) -> None:
    name = "Trần Thị Ánh Nguyệt"

    account = world.system.register(GOOD_REGISTRATION | {"full_name": nfd(name)})

    assert nfc(name) == account.profile.full_name


def test_an_nfd_unit_name_is_stored_in_nfc(world: World) -> None:
    name = "Sở Lao động \u2013 Thương binh và Xã hội"

    unit = world.system.create_unit(world.admin.id, "soldtbxh", nfd(name))

    assert nfc(name) == unit.name


# junk of any type, from Hypothesis ----------------------------------------------------------


@reuse_world
@given(value=junk, field=st.sampled_from(["title", "content", "category"]))
def test_junk_in_a_report_text_field_is_refused_naming_it(
    world: World, value: object, field: str
) -> None:
    form = report_form(**{field: value})

    assert_refused(
        world, lambda: world.system.submit_report(world.citizen.id, **form), field, ValidationError
    )


@reuse_world
@given(value=junk | st.text(max_size=40))
def test_junk_as_the_actor_is_refused_naming_actor(world: World, value: object) -> None:
    assert_refused(world, lambda: world.system.submit_report(value, **report_form()), "actor")


@pytest.fixture
def resolved(flow: Flow) -> Report:
    return flow.resolved()


@reuse_world
@given(value=(junk | st.text(max_size=5)).filter(lambda v: not is_rating(v)))
def test_junk_as_a_rating_is_refused_naming_rating(
    world: World, resolved: Report, value: object
) -> None:
    assert_refused(
        world, lambda: world.system.rate_report(world.citizen.id, resolved.id, value), "rating"
    )


@reuse_world
@given(
    value=junk.filter(
        lambda v: not (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_PAGE)
    )
)
def test_junk_as_a_page_limit_is_refused_naming_limit(world: World, value: object) -> None:
    assert_refused(
        world, lambda: world.system.list_reports(world.operator.id, limit=value), "limit"
    )


offsets = st.builds(
    dt.timezone, st.timedeltas(min_value=dt.timedelta(hours=-23), max_value=dt.timedelta(hours=23))
)
instants = st.datetimes(timezones=st.none() | offsets | st.timezones())


@reuse_world
@given(
    token=st.text(max_size=60)
    | st.builds(lambda t, i: f"{t.isoformat()}~{i}", instants, st.uuids())
)
def test_any_cursor_token_reads_a_page_or_is_refused_naming_after(world: World, token: str) -> None:
    before = state(world)

    page, error = attempt(lambda: world.system.list_reports(world.operator.id, after=token))

    assert isinstance(page, Page) if error is None else "after" == error.field
    assert before == state(world)


@reuse_world
@given(at=instants | junk)
def test_any_time_gives_the_active_alerts_or_is_refused_naming_at(world: World, at: object) -> None:
    before = state(world)

    found, error = attempt(lambda: world.system.active_alerts(at))

    assert isinstance(found, list) if error is None else "at" == error.field
    assert before == state(world)


@reuse_world
@given(value=junk)
def test_junk_as_the_tick_time_is_refused_naming_now(world: World, value: object) -> None:
    if value is None:  # None means "now"
        return
    assert_refused(world, lambda: world.system.tick(value), "now", ValidationError)


@reuse_world
@given(value=junk, field=st.sampled_from(["start", "end"]))
def test_junk_as_an_alert_time_is_refused_naming_it(
    world: World, value: object, field: str
) -> None:
    form = alert_form(world, **{field: value})

    assert_refused(
        world, lambda: world.system.create_alert(world.staff[0].id, **form), field, ValidationError
    )


@reuse_world
@given(phone=junk | st.text(max_size=20))
def test_any_phone_asking_for_a_code_is_refused_naming_phone(world: World, phone: object) -> None:
    # The world has no pending account, so no phone may get a code.
    assert_refused(world, lambda: world.system.send_activation_code(phone), "phone")


def _is_code_shaped(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value.strip()) == 6
        and value.strip().isascii()
        and value.strip().isdigit()
    )


@reuse_world
@given(code=(junk | st.text(max_size=10)).filter(lambda v: not _is_code_shaped(v)))
def test_junk_as_a_code_is_refused_naming_code(world: World, code: object) -> None:
    assert_refused(
        world, lambda: world.system.activate("0912345678", code), "code", ValidationError
    )
