"""Bad input at every use case: a FeedbackError naming the field, and nothing changed.

Each refusal is checked the same way (`assert_refused`): the error is a FeedbackError (never
a bare TypeError, KeyError, AttributeError or ValueError), its ``field`` is exactly the
offending input, and neither the store nor the SMS outbox changed. Every other argument of
the call is valid and every target is in a status where the call would succeed, so the bad
value is the only reason to refuse.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

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
from feedback_core.testing.world import PASSWORD

if TYPE_CHECKING:
    from collections.abc import Callable

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
NOT_IDS = ["not-a-uuid", "", 123, None, ["id"], b"\x00" * 16, {"id": 1}, 1.5, True]
NAIVE = dt.datetime(2026, 3, 3, 9, 0)  # noqa: DTZ001 - naive on purpose
# Aware, but its UTC time is outside what a datetime can hold.
BEYOND_RANGE = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
NOT_TIMES = [
    NAIVE,
    pendulum.naive(2026, 3, 3, 9),
    "2026-03-03T09:00:00+07:00",
    1772503200,
    dt.date(2026, 3, 3),
    BEYOND_RANGE,
]
BAD_VERSIONS = ["1", 0, -1, 1.0, True, [1], 2**63]
BAD_LIMITS = [0, -1, 501, "10", 2.5, True, None, [10]]
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


# targets in the status where each action is valid -----------------------------------------


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


def nothing(_: Flow) -> None:
    """Use cases that create their target need none."""


@pytest.fixture
def flow(world: World) -> Flow:
    return Flow(world)


# every use case that takes an actor: (prepare the target, call with this actor) ------------

ACTOR_CASES: dict[str, tuple[Callable[[Flow], object], Callable[[World, object, object], object]]]
ACTOR_CASES = {
    "create_unit": (nothing, lambda w, who, _: w.system.create_unit(who, "soyte", "Sở Y tế")),
    "create_official": (
        nothing,
        lambda w, who, _: w.system.create_official(
            who, role="operator", username="tiepnhan2", password=PASSWORD
        ),
    ),
    "submit_report": (nothing, lambda w, who, _: w.system.submit_report(who, **report_form())),
    "accept_report": (Flow.submitted, lambda w, who, r: w.system.accept_report(who, r.id)),
    "refuse_report": (Flow.submitted, lambda w, who, r: w.system.refuse_report(who, r.id, "Sai.")),
    "assign_report": (
        Flow.accepted,
        lambda w, who, r: w.system.assign_report(who, r.id, [w.unit_ids[0]]),
    ),
    "return_report": (Flow.assigned, lambda w, who, r: w.system.return_report(who, r.id, "Sai.")),
    "start_report": (Flow.assigned, lambda w, who, r: w.system.start_report(who, r.id)),
    "resolve_report": (
        Flow.in_progress,
        lambda w, who, r: w.system.resolve_report(who, r.id, "Ok"),
    ),
    "reopen_report": (Flow.resolved, lambda w, who, r: w.system.reopen_report(who, r.id, "Chưa")),
    "rate_report": (Flow.resolved, lambda w, who, r: w.system.rate_report(who, r.id, 5)),
    "close_report": (Flow.resolved, lambda w, who, r: w.system.close_report(who, r.id)),
    "read_report": (Flow.submitted, lambda w, who, r: w.system.read_report(who, r.id)),
    "list_reports": (nothing, lambda w, who, _: w.system.list_reports(who)),
    "create_alert": (nothing, lambda w, who, _: w.system.create_alert(who, **alert_form(w))),
    "edit_alert": (Flow.draft, lambda w, who, a: w.system.edit_alert(who, a.id, **alert_form(w))),
    "supersede_alert": (
        Flow.approved,
        lambda w, who, a: w.system.supersede_alert(who, a.id, **alert_form(w)),
    ),
    "submit_alert": (Flow.draft, lambda w, who, a: w.system.submit_alert(who, a.id)),
    "approve_alert": (Flow.pending, lambda w, who, a: w.system.approve_alert(who, a.id)),
    "reject_alert": (Flow.pending, lambda w, who, a: w.system.reject_alert(who, a.id, "Sửa.")),
    "cancel_alert": (Flow.approved, lambda w, who, a: w.system.cancel_alert(who, a.id)),
    "get_alert": (Flow.draft, lambda w, who, a: w.system.get_alert(a.id, actor=who)),
    "list_alerts": (nothing, lambda w, who, _: w.system.list_alerts(who)),
}


MALFORMED_ACTORS = [
    pytest.param(case, bad, id=f"{case}-{bad!r}")
    for case in ACTOR_CASES
    for bad in NOT_IDS
    if not (case == "get_alert" and bad is None)  # no actor: an anonymous reader
]


@pytest.mark.parametrize(("case", "bad"), MALFORMED_ACTORS)
def test_a_malformed_actor_id_is_refused_naming_actor(
    world: World, flow: Flow, case: str, bad: object
) -> None:
    prepare, call = ACTOR_CASES[case]
    target = prepare(flow)

    error = assert_refused(world, lambda: call(world, bad, target), "actor")

    assert isinstance(error, ValidationError)


@pytest.mark.parametrize("case", ACTOR_CASES)
def test_an_unknown_actor_is_not_found_naming_actor(world: World, flow: Flow, case: str) -> None:
    prepare, call = ACTOR_CASES[case]
    target = prepare(flow)

    assert_refused(world, lambda: call(world, uuid.uuid4(), target), "actor", NotFound)


@pytest.mark.parametrize("case", ["accept_report", "list_reports"])
def test_an_actor_id_given_as_text_is_read_as_a_uuid(world: World, flow: Flow, case: str) -> None:
    prepare, call = ACTOR_CASES[case]
    target = prepare(flow)

    assert call(world, str(world.operator.id), target) is not None


# report and alert ids ------------------------------------------------------------------------

REPORT_ID_CASES: dict[str, tuple[Callable[[Flow], object], Callable[[World, object], object]]]
REPORT_ID_CASES = {
    "accept_report": (Flow.submitted, lambda w, r: w.system.accept_report(w.operator.id, r)),
    "refuse_report": (
        Flow.submitted,
        lambda w, r: w.system.refuse_report(w.operator.id, r, "Sai."),
    ),
    "assign_report": (
        Flow.accepted,
        lambda w, r: w.system.assign_report(w.operator.id, r, [w.unit_ids[0]]),
    ),
    "return_report": (
        Flow.assigned,
        lambda w, r: w.system.return_report(w.staff[0].id, r, "Sai."),
    ),
    "start_report": (Flow.assigned, lambda w, r: w.system.start_report(w.staff[0].id, r)),
    "resolve_report": (
        Flow.in_progress,
        lambda w, r: w.system.resolve_report(w.staff[0].id, r, "Ok"),
    ),
    "reopen_report": (
        Flow.resolved,
        lambda w, r: w.system.reopen_report(w.citizen.id, r, "Chưa"),
    ),
    "rate_report": (Flow.resolved, lambda w, r: w.system.rate_report(w.citizen.id, r, 5)),
    "close_report": (Flow.resolved, lambda w, r: w.system.close_report(w.citizen.id, r)),
    "read_report": (Flow.submitted, lambda w, r: w.system.read_report(w.citizen.id, r)),
    "public_report": (Flow.accepted, lambda w, r: w.system.public_report(r)),
}
ALERT_ID_CASES: dict[str, tuple[Callable[[Flow], object], Callable[[World, object], object]]]
ALERT_ID_CASES = {
    "edit_alert": (Flow.draft, lambda w, a: w.system.edit_alert(w.staff[0].id, a, **alert_form(w))),
    "supersede_alert": (
        Flow.approved,
        lambda w, a: w.system.supersede_alert(w.staff[0].id, a, **alert_form(w)),
    ),
    "submit_alert": (Flow.draft, lambda w, a: w.system.submit_alert(w.staff[0].id, a)),
    "approve_alert": (Flow.pending, lambda w, a: w.system.approve_alert(w.approvers[0].id, a)),
    "reject_alert": (
        Flow.pending,
        lambda w, a: w.system.reject_alert(w.approvers[0].id, a, "Sửa."),
    ),
    "cancel_alert": (Flow.approved, lambda w, a: w.system.cancel_alert(w.approvers[0].id, a)),
    "get_alert": (Flow.approved, lambda w, a: w.system.get_alert(a)),
}


@pytest.mark.parametrize("bad", NOT_IDS, ids=short)
@pytest.mark.parametrize("case", REPORT_ID_CASES)
def test_a_malformed_report_id_is_refused_naming_report_id(
    world: World, flow: Flow, case: str, bad: object
) -> None:
    prepare, call = REPORT_ID_CASES[case]
    prepare(flow)

    assert_refused(world, lambda: call(world, bad), "report_id", ValidationError)


@pytest.mark.parametrize("case", REPORT_ID_CASES)
def test_an_unknown_report_is_not_found_naming_report_id(
    world: World, flow: Flow, case: str
) -> None:
    prepare, call = REPORT_ID_CASES[case]
    prepare(flow)

    assert_refused(world, lambda: call(world, uuid.uuid4()), "report_id", NotFound)


@pytest.mark.parametrize("bad", NOT_IDS, ids=short)
@pytest.mark.parametrize("case", ALERT_ID_CASES)
def test_a_malformed_alert_id_is_refused_naming_alert_id(
    world: World, flow: Flow, case: str, bad: object
) -> None:
    prepare, call = ALERT_ID_CASES[case]
    prepare(flow)

    assert_refused(world, lambda: call(world, bad), "alert_id", ValidationError)


@pytest.mark.parametrize("case", ALERT_ID_CASES)
def test_an_unknown_alert_is_not_found_naming_alert_id(world: World, flow: Flow, case: str) -> None:
    prepare, call = ALERT_ID_CASES[case]
    prepare(flow)

    assert_refused(world, lambda: call(world, str(uuid.uuid4())), "alert_id", NotFound)


def test_a_private_report_is_not_found_in_public(world: World, flow: Flow) -> None:
    private = flow.submitted(public=False)
    world.system.accept_report(world.operator.id, private.id)

    assert_refused(world, lambda: world.system.public_report(private.id), "report_id", NotFound)


# expected_version ----------------------------------------------------------------------------

VERSION_CASES: dict[str, tuple[Callable[[Flow], object], Callable[[World, object, object], object]]]
VERSION_CASES = {
    "accept_report": (
        Flow.submitted,
        lambda w, r, v: w.system.accept_report(w.operator.id, r.id, expected_version=v),
    ),
    "refuse_report": (
        Flow.submitted,
        lambda w, r, v: w.system.refuse_report(w.operator.id, r.id, "Sai.", expected_version=v),
    ),
    "assign_report": (
        Flow.accepted,
        lambda w, r, v: w.system.assign_report(
            w.operator.id, r.id, [w.unit_ids[0]], expected_version=v
        ),
    ),
    "return_report": (
        Flow.assigned,
        lambda w, r, v: w.system.return_report(w.staff[0].id, r.id, "Sai.", expected_version=v),
    ),
    "start_report": (
        Flow.assigned,
        lambda w, r, v: w.system.start_report(w.staff[0].id, r.id, expected_version=v),
    ),
    "resolve_report": (
        Flow.in_progress,
        lambda w, r, v: w.system.resolve_report(w.staff[0].id, r.id, "Ok", expected_version=v),
    ),
    "close_report": (
        Flow.resolved,
        lambda w, r, v: w.system.close_report(w.operator.id, r.id, expected_version=v),
    ),
    "edit_alert": (
        Flow.draft,
        lambda w, a, v: w.system.edit_alert(
            w.staff[0].id, a.id, expected_version=v, **alert_form(w)
        ),
    ),
    "submit_alert": (
        Flow.draft,
        lambda w, a, v: w.system.submit_alert(w.staff[0].id, a.id, expected_version=v),
    ),
    "approve_alert": (
        Flow.pending,
        lambda w, a, v: w.system.approve_alert(w.approvers[0].id, a.id, expected_version=v),
    ),
    "reject_alert": (
        Flow.pending,
        lambda w, a, v: w.system.reject_alert(w.approvers[0].id, a.id, "Sửa.", expected_version=v),
    ),
    "cancel_alert": (
        Flow.approved,
        lambda w, a, v: w.system.cancel_alert(w.approvers[0].id, a.id, expected_version=v),
    ),
}


@pytest.mark.parametrize("bad", BAD_VERSIONS, ids=short)
@pytest.mark.parametrize("case", VERSION_CASES)
def test_a_malformed_expected_version_is_refused_naming_it(
    world: World, flow: Flow, case: str, bad: object
) -> None:
    prepare, call = VERSION_CASES[case]
    target = prepare(flow)

    assert_refused(world, lambda: call(world, target, bad), "expected_version", ValidationError)


@pytest.mark.parametrize("case", VERSION_CASES)
def test_a_stale_expected_version_is_a_conflict_that_changes_nothing(
    world: World, flow: Flow, case: str
) -> None:
    prepare, call = VERSION_CASES[case]
    target = prepare(flow)
    stale = target.version - 1 or target.version + 1  # type: ignore[attr-defined]

    assert_refused(world, lambda: call(world, target, stale), "expected_version", Conflict)


@pytest.mark.parametrize("case", VERSION_CASES)
def test_the_current_expected_version_is_accepted(world: World, flow: Flow, case: str) -> None:
    prepare, call = VERSION_CASES[case]
    target = prepare(flow)

    changed = call(world, target, target.version)  # type: ignore[attr-defined]

    assert target.version + 1 == changed.version  # type: ignore[attr-defined]


# free-text reasons and responses --------------------------------------------------------------

REASON_CASES: dict[str, tuple[Callable[[Flow], object], Callable[[World, object, object], object]]]
REASON_CASES = {
    "refuse_report.reason": (
        Flow.submitted,
        lambda w, r, why: w.system.refuse_report(w.operator.id, r.id, why),
    ),
    "return_report.reason": (
        Flow.assigned,
        lambda w, r, why: w.system.return_report(w.staff[0].id, r.id, why),
    ),
    "resolve_report.response": (
        Flow.in_progress,
        lambda w, r, why: w.system.resolve_report(w.staff[0].id, r.id, why),
    ),
    "reopen_report.reason": (
        Flow.resolved,
        lambda w, r, why: w.system.reopen_report(w.citizen.id, r.id, why),
    ),
    "reject_alert.reason": (
        Flow.pending,
        lambda w, a, why: w.system.reject_alert(w.approvers[0].id, a.id, why),
    ),
}
BAD_REASONS = [*NOT_TEXT, *BLANK, *CONTROL, "x" * 2001]


@pytest.mark.parametrize("bad", BAD_REASONS, ids=short)
@pytest.mark.parametrize("case", REASON_CASES)
def test_a_bad_reason_is_refused_naming_its_field(
    world: World, flow: Flow, case: str, bad: object
) -> None:
    prepare, call = REASON_CASES[case]
    target = prepare(flow)

    assert_refused(world, lambda: call(world, target, bad), case.split(".")[1], ValidationError)


@pytest.mark.parametrize("case", REASON_CASES)
def test_a_reason_of_2000_characters_over_several_lines_is_accepted(
    world: World, flow: Flow, case: str
) -> None:
    prepare, call = REASON_CASES[case]
    target = prepare(flow)

    assert call(world, target, "dòng một\n\tdòng hai " + "x" * 1980) is not None


# reports --------------------------------------------------------------------------------------

BAD_REPORT_FIELDS = [
    *[("title", bad) for bad in [*NOT_TEXT, *BLANK, *CONTROL, "x" * 201]],
    *[("content", bad) for bad in [*NOT_TEXT, *BLANK, *CONTROL, "x" * 4001]],
    *[("category", bad) for bad in ["khong_co", "Giao thông", 1, None, ["giao_thong"]]],
    *[("latitude", bad) for bad in ["11.3", True, 91, -90.5, math.nan, math.inf, [11], 10**400]],
    *[("longitude", bad) for bad in ["106", False, 180.1, -181, math.nan, -math.inf, 10**400]],
    *[("address", bad) for bad in [12, ["a"], *CONTROL, "x" * 501]],
    *[("media", bad) for bad in ["anh.jpg", None, [1], [""], ["a\x00"], ["x"] * 11]],
    *[("public", bad) for bad in [1, "yes", None]],
    *[("urgent", bad) for bad in [0, "no", None]],
]


@pytest.mark.parametrize(("field", "bad"), BAD_REPORT_FIELDS, ids=short)
def test_a_bad_report_field_is_refused_naming_it(world: World, field: str, bad: object) -> None:
    form = report_form(**{field: bad})

    assert_refused(
        world, lambda: world.system.submit_report(world.citizen.id, **form), field, ValidationError
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"latitude": None, "longitude": None, "address": None}, "location"),
        ({"latitude": None, "longitude": None, "address": "  "}, "location"),
        ({"latitude": 11.3, "longitude": None}, "longitude"),
        ({"latitude": None, "longitude": 106.1}, "latitude"),
    ],
    ids=["nowhere", "blank-address-only", "latitude-alone", "longitude-alone"],
)
def test_a_report_needs_both_coordinates_or_an_address(
    world: World, changes: dict[str, object], field: str
) -> None:
    form = report_form(**changes)

    assert_refused(
        world, lambda: world.system.submit_report(world.citizen.id, **form), field, ValidationError
    )


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


@pytest.mark.parametrize(
    ("bad", "field", "error"),
    [
        ("unit-id", "units", ValidationError),
        ([], "units", ValidationError),
        (None, "units", ValidationError),
        (5, "units", ValidationError),
        ({"id": 1}, "units", ValidationError),
        (["not-a-uuid"], "units", ValidationError),
        ([None], "units", ValidationError),
        ("new-uuid", "units", NotFound),
    ],
    ids=short,
)
def test_bad_units_for_assignment_are_refused_naming_units(
    world: World, flow: Flow, bad: object, field: str, error: type[FeedbackError]
) -> None:
    report = flow.accepted()
    units = [uuid.uuid4()] if bad == "new-uuid" else bad

    assert_refused(
        world, lambda: world.system.assign_report(world.operator.id, report.id, units), field, error
    )


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, True, False, "5", None, [5]], ids=short)
def test_a_bad_rating_is_refused_naming_rating(world: World, flow: Flow, bad: object) -> None:
    report = flow.resolved()

    assert_refused(
        world,
        lambda: world.system.rate_report(world.citizen.id, report.id, bad),
        "rating",
        ValidationError,
    )


# alerts ---------------------------------------------------------------------------------------

POLYGON = [(11.3, 106.1), (11.4, 106.1), (11.4, 106.2), (11.3, 106.1)]
BAD_ALERT_FIELDS = [
    *[("headline", bad) for bad in [*NOT_TEXT, *BLANK, *CONTROL, "x" * 141]],
    *[("description", bad) for bad in [*NOT_TEXT, *BLANK, *CONTROL, "x" * 4001]],
    *[("instruction", bad) for bad in [7, b"x", *CONTROL, "x" * 2001]],
    *[("category", bad) for bad in ["Weather", "geo", 1]],
    *[("severity", bad) for bad in ["High", 3]],
    *[("urgency", bad) for bad in ["Now", ["Immediate"]]],
    *[("certainty", bad) for bad in ["Sure", {}]],
    *[("area", bad) for bad in [*NOT_TEXT, *BLANK, *CONTROL, "x" * 501]],
    *[
        ("polygon", bad)
        for bad in [
            "11.3,106.1",
            None,
            POLYGON[:3],
            [*POLYGON[:3], (11.5, 106.5)],
            [(91, 106.1)] * 4,
            [("a", "b")] * 4,
            [(10**400, 106.1)] * 4,
            [(math.nan, 106.1)] * 4,
            [(11.3, 106.1, 0)] * 4,
        ]
    ],
    *[
        ("circle", bad)
        for bad in [
            5,
            "ab",
            ((11.3, 106.1), 0),
            ((11.3, 106.1), 5001),
            ((11.3, 106.1), math.nan),
            ((11.3, 106.1), True),
            ((91, 106.1), 5),
            ((10**400, 106.1), 5),
            ((11.3, 106.1),),
        ]
    ],
    *[("start", bad) for bad in [*NOT_TIMES, None]],
    *[("end", bad) for bad in [*NOT_TIMES, None]],
    *[("english", bad) for bad in ["Flood warning", {"headline": "Flood"}]],
    ("english.headline", AlertText("", "Tide above level 3.")),
    ("english.description", AlertText("Tide warning", "x" * 4001)),
    ("english.instruction", AlertText("Tide warning", "Tide above level 3.", "\x1b")),
]


@pytest.mark.parametrize(("field", "bad"), BAD_ALERT_FIELDS, ids=short)
def test_a_bad_alert_field_is_refused_naming_it(world: World, field: str, bad: object) -> None:
    form = alert_form(world, **{field.partition(".")[0]: bad})

    assert_refused(
        world, lambda: world.system.create_alert(world.staff[0].id, **form), field, ValidationError
    )


ALERT_REWRITES = {
    "edit_alert": (Flow.draft, lambda w, a, form: w.system.edit_alert(w.staff[0].id, a.id, **form)),
    "supersede_alert": (
        Flow.approved,
        lambda w, a, form: w.system.supersede_alert(w.staff[0].id, a.id, **form),
    ),
}


@pytest.mark.parametrize(
    ("field", "bad"),
    [("headline", "x" * 141), ("start", NAIVE), ("end", NAIVE), ("area", "")],
    ids=short,
)
@pytest.mark.parametrize("case", ALERT_REWRITES)
def test_rewriting_an_alert_checks_its_content_like_creating_it(
    world: World, flow: Flow, case: str, field: str, bad: object
) -> None:
    prepare, call = ALERT_REWRITES[case]
    alert = prepare(flow)
    form = alert_form(world, **{field: bad})

    assert_refused(world, lambda: call(world, alert, form), field, ValidationError)


@pytest.mark.parametrize("hours", [0, -1], ids=["end-equals-start", "end-before-start"])
def test_an_alert_must_end_after_it_starts(world: World, hours: int) -> None:
    start = world.clock.now().add(hours=2)
    form = alert_form(world, start=start, end=start.add(hours=hours))

    assert_refused(
        world, lambda: world.system.create_alert(world.staff[0].id, **form), "end", ValidationError
    )


def test_an_alert_whose_end_has_passed_cannot_be_submitted(world: World, flow: Flow) -> None:
    now = world.clock.now()
    draft = flow.draft(start=now.subtract(days=2), end=now.subtract(minutes=1))

    assert_refused(
        world,
        lambda: world.system.submit_alert(world.staff[0].id, draft.id),
        "end",
        ValidationError,
    )


def test_an_alert_whose_end_has_passed_cannot_be_approved(world: World, flow: Flow) -> None:
    pending = flow.pending()
    world.clock.set(pending.content.end)

    assert_refused(
        world,
        lambda: world.system.approve_alert(world.approvers[0].id, pending.id),
        "end",
        ValidationError,
    )


def test_an_alert_longer_than_30_days_cannot_be_submitted(world: World, flow: Flow) -> None:
    start = world.clock.now().add(hours=1)
    draft = flow.draft(start=start, end=start.add(days=30, seconds=1))

    assert_refused(
        world,
        lambda: world.system.submit_alert(world.staff[0].id, draft.id),
        "end",
        ValidationError,
    )


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


def test_a_malformed_viewer_of_an_approved_alert_is_refused_naming_actor(
    world: World, flow: Flow
) -> None:
    approved = flow.approved()

    assert_refused(world, lambda: world.system.get_alert(approved.id, actor="not-a-uuid"), "actor")


def test_a_draft_is_not_found_by_anyone_outside_its_unit(world: World, flow: Flow) -> None:
    draft = flow.draft()

    assert_refused(world, lambda: world.system.get_alert(draft.id), "alert_id", NotFound)
    assert_refused(
        world,
        lambda: world.system.get_alert(draft.id, actor=world.staff[1].id),
        "alert_id",
        NotFound,
    )


@pytest.mark.parametrize("bad", NOT_TIMES, ids=short)
def test_active_alerts_needs_an_aware_time(world: World, flow: Flow, bad: object) -> None:
    flow.approved()

    assert_refused(world, lambda: world.system.active_alerts(bad), "at", ValidationError)


@pytest.mark.parametrize("bad", NOT_TIMES, ids=short)
def test_tick_needs_an_aware_time(world: World, flow: Flow, bad: object) -> None:
    flow.approved()

    assert_refused(world, lambda: world.system.tick(bad), "now", ValidationError)


def test_active_alerts_and_tick_accept_any_time_zone(world: World, flow: Flow) -> None:
    alert = flow.approved()
    inside = alert.content.start.add(minutes=1).in_timezone("America/New_York")

    assert [alert.id] == [a.id for a in world.system.active_alerts(inside)]
    assert [alert.id] == [e.alert_id for e in world.system.tick(inside)]


# listings -------------------------------------------------------------------------------------

LISTINGS: dict[str, Callable[[World, dict[str, object]], object]] = {
    "list_reports": lambda w, kw: w.system.list_reports(w.operator.id, **kw),
    "list_alerts": lambda w, kw: w.system.list_alerts(w.staff[0].id, **kw),
    "public_reports": lambda w, kw: w.system.public_reports(**kw),
}
BAD_AFTER = [
    "garbage",
    "",
    "~",
    123,
    {"at": "x"},
    f"not-a-time~{uuid.UUID(int=1)}",
    "2026-03-02T09:00:00+07:00~not-a-uuid",
    f"P1D~{uuid.UUID(int=1)}",
    f"2026-03-02T09:00:00+07:00~{uuid.UUID(int=1)}~x",
    f"9999-12-31T23:00:00-12:00~{uuid.UUID(int=1)}",
]


@pytest.mark.parametrize("bad", BAD_LIMITS, ids=short)
@pytest.mark.parametrize("listing", LISTINGS)
def test_a_bad_page_limit_is_refused_naming_limit(
    world: World, flow: Flow, listing: str, bad: object
) -> None:
    flow.assigned()
    flow.draft()

    assert_refused(
        world, lambda: LISTINGS[listing](world, {"limit": bad}), "limit", ValidationError
    )


@pytest.mark.parametrize("bad", BAD_AFTER, ids=short)
@pytest.mark.parametrize("listing", LISTINGS)
def test_a_bad_page_cursor_is_refused_naming_after(
    world: World, flow: Flow, listing: str, bad: object
) -> None:
    flow.assigned()
    flow.draft()

    assert_refused(
        world, lambda: LISTINGS[listing](world, {"after": bad}), "after", ValidationError
    )


@pytest.mark.parametrize("bad", ["open", "Submitted", 1, ["draft"], {}], ids=short)
@pytest.mark.parametrize("listing", ["list_reports", "list_alerts"])
def test_a_bad_status_filter_is_refused_naming_status(
    world: World, flow: Flow, listing: str, bad: object
) -> None:
    flow.assigned()
    flow.draft()

    assert_refused(
        world, lambda: LISTINGS[listing](world, {"status": bad}), "status", ValidationError
    )


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_cursor_token_from_a_page_reads_the_next_page(
    world: World, flow: Flow, listing: str
) -> None:
    for _ in range(3):
        world.system.accept_report(world.operator.id, flow.submitted().id)
        flow.draft()
        world.clock.advance(dt.timedelta(minutes=1))

    first = LISTINGS[listing](world, {"limit": 2})
    assert isinstance(first, Page)
    assert first.next is not None
    rest = LISTINGS[listing](world, {"limit": 2, "after": first.next.token})

    assert 1 == len(rest.items)  # type: ignore[attr-defined]


@pytest.mark.parametrize("bad", [0, -1, "10", 2.5, True, None], ids=short)
def test_a_bad_outbox_limit_is_refused_naming_limit(world: World, bad: object) -> None:
    assert_refused(world, lambda: world.system.pending_events(bad), "limit", ValidationError)  # type: ignore[arg-type]


# accounts and units ---------------------------------------------------------------------------

GOOD_REGISTRATION = {
    "phone": UNREGISTERED_PHONE,
    "password": PASSWORD,
    "full_name": "Nguyễn Thị Hoa",
    "email": "hoa@example.vn",
    "national_id": "072190001234",
    "address": "Phường 1, Tây Ninh",
}
BAD_PHONES = [
    12345678,
    None,
    ["0987654321"],
    b"0987654321",
    {"phone": "0987654321"},
    "",
    "   ",
    "123",
    "098765432",
    "09876543210",
    "0276 3822 333",  # a Tây Ninh landline: the code goes out by SMS
    "+1 202 555 0100",
    "0987\x00654321",
    "không có số",
]
BAD_REGISTRATIONS = [
    *[("phone", bad) for bad in BAD_PHONES],
    *[
        ("password", bad)
        for bad in [None, 12345678, b"password1", "short", "x" * 129, "pass\x00word"]
    ],
    *[("full_name", bad) for bad in [None, *BLANK, 7, ["Hoa"], *CONTROL, "x" * 201]],
    *[("email", bad) for bad in ["hoa", "hoa@", "hoa@example", 7, "a@b.c\x00"]],
    *[("national_id", bad) for bad in ["12345", "07219000123x", 72190001234, "0721900012345"]],
    *[("address", bad) for bad in [7, *CONTROL, "x" * 201]],
]


@pytest.mark.parametrize(("field", "bad"), BAD_REGISTRATIONS, ids=short)
def test_a_bad_registration_field_is_refused_naming_it(
    world: World, field: str, bad: object
) -> None:
    form = GOOD_REGISTRATION | {field: bad}

    assert_refused(world, lambda: world.system.register(form), field, ValidationError)


@pytest.mark.parametrize("bad", [None, [("phone", "0987654321")], "phone=0987654321", 7])
def test_a_registration_form_must_be_a_mapping(world: World, bad: object) -> None:
    assert_refused(world, lambda: world.system.register(bad), "form", ValidationError)  # type: ignore[arg-type]


def test_registering_a_taken_phone_is_a_conflict_on_phone(world: World) -> None:
    taken = GOOD_REGISTRATION | {"phone": "+84 912 345 678"}  # the seeded citizen

    assert_refused(world, lambda: world.system.register(taken), "phone", Conflict)


def test_an_nfd_full_name_is_registered_in_nfc(world: World) -> None:
    name = "Trần Thị Ánh Nguyệt"

    account = world.system.register(GOOD_REGISTRATION | {"full_name": nfd(name)})

    assert nfc(name) == account.profile.full_name


@pytest.mark.parametrize("bad", BAD_PHONES, ids=short)
def test_a_bad_phone_is_refused_when_asking_for_a_code(world: World, bad: object) -> None:
    assert_refused(world, lambda: world.system.send_activation_code(bad), "phone", ValidationError)


@pytest.mark.parametrize("bad", BAD_PHONES, ids=short)
def test_a_bad_phone_is_refused_when_activating(world: World, bad: object) -> None:
    assert_refused(world, lambda: world.system.activate(bad, "123456"), "phone", ValidationError)


@pytest.mark.parametrize(
    "bad",
    [
        "12345",
        "1234567",
        "abcdef",
        "12345a",
        "\uff11\uff12\uff13\uff14\uff15\uff16",  # full-width digits
        123456,
        None,
        b"123456",
        "",
    ],
    ids=short,
)
def test_a_malformed_code_is_refused_naming_code_and_is_not_a_counted_guess(
    world: World, bad: object
) -> None:
    world.system.register(GOOD_REGISTRATION)

    assert_refused(
        world, lambda: world.system.activate(UNREGISTERED_PHONE, bad), "code", ValidationError
    )


@pytest.mark.parametrize(
    ("phone", "error"),
    [(UNREGISTERED_PHONE, NotFound), ("0912345678", Conflict)],
    ids=["unregistered", "already-active"],
)
def test_codes_are_only_for_pending_accounts(
    world: World, phone: str, error: type[FeedbackError]
) -> None:
    assert_refused(world, lambda: world.system.send_activation_code(phone), "phone", error)
    assert_refused(world, lambda: world.system.activate(phone, "123456"), "phone", error)


@pytest.mark.parametrize(
    ("login_id", "password", "field", "error"),
    [
        (912345678, PASSWORD, "login_id", ValidationError),
        (None, PASSWORD, "login_id", ValidationError),
        (["quantri"], PASSWORD, "login_id", ValidationError),
        (b"quantri", PASSWORD, "login_id", ValidationError),
        ("", PASSWORD, "login_id", ValidationError),
        ("  ", PASSWORD, "login_id", ValidationError),
        ("quan\x00tri", PASSWORD, "login_id", ValidationError),
        ("0276 3822 333", PASSWORD, "login_id", ValidationError),
        ("x" * 65, PASSWORD, "login_id", ValidationError),
        ("quantri", None, "password", ValidationError),
        ("quantri", 12345678, "password", ValidationError),
        ("quantri", b"mat-khau", "password", ValidationError),
        (UNREGISTERED_PHONE, PASSWORD, "login_id", InvalidCredentials),
        ("khongco", PASSWORD, "login_id", InvalidCredentials),
    ],
    ids=short,
)
def test_bad_login_input_is_refused_naming_its_field(
    world: World, login_id: object, password: object, field: str, error: type[FeedbackError]
) -> None:
    assert_refused(world, lambda: world.system.login(login_id, password), field, error)


@pytest.mark.parametrize(
    ("username", "password", "field", "error"),
    [
        (7, PASSWORD, "username", ValidationError),
        (None, PASSWORD, "username", ValidationError),
        ("Quantri", PASSWORD, "username", ValidationError),
        ("qt", PASSWORD, "username", ValidationError),
        ("0912345678", PASSWORD, "username", ValidationError),
        ("quan tri", PASSWORD, "username", ValidationError),
        ("quantri2", "short", "password", ValidationError),
        ("quantri2", None, "password", ValidationError),
        ("quantri2", PASSWORD, "username", Conflict),  # an administrator exists already
    ],
    ids=short,
)
def test_bad_bootstrap_input_is_refused_naming_its_field(
    world: World, username: object, password: object, field: str, error: type[FeedbackError]
) -> None:
    assert_refused(world, lambda: world.system.bootstrap_admin(username, password), field, error)


@pytest.mark.parametrize(
    ("code", "name", "field", "error"),
    [
        *[(bad, "Sở Y tế", "code", ValidationError) for bad in [7, None, "", "So Y te", "1soyte"]],
        ("soyte\x00", "Sở Y tế", "code", ValidationError),
        ("s" * 31, "Sở Y tế", "code", ValidationError),
        *[("soyte", bad, "name", ValidationError) for bad in [*NOT_TEXT, *BLANK, *CONTROL]],
        ("soyte", "x" * 201, "name", ValidationError),
        ("sotnmt", "Sở khác", "code", Conflict),
    ],
    ids=short,
)
def test_bad_unit_input_is_refused_naming_its_field(
    world: World, code: object, name: object, field: str, error: type[FeedbackError]
) -> None:
    assert_refused(
        world, lambda: world.system.create_unit(world.admin.id, code, name), field, error
    )


def test_an_nfd_unit_name_is_stored_in_nfc(world: World) -> None:
    name = "Sở Lao động \u2013 Thương binh và Xã hội"

    unit = world.system.create_unit(world.admin.id, "soldtbxh", nfd(name))

    assert nfc(name) == unit.name


GOOD_OFFICIAL = {"role": "unit_staff", "unit_code": "sotnmt", "username": "sotnmt_canbo2"}
BAD_OFFICIALS = [
    *[({"role": bad}, "role", ValidationError) for bad in ["boss", "citizen", 1, None, ["admin"]]],
    *[({"password": bad}, "password", ValidationError) for bad in ["short", None, 12345678]],
    *[({"unit_code": bad}, "unit_code", ValidationError) for bad in [None, 7, "", "a\x1b"]],
    ({"unit_code": "khongco"}, "unit_code", NotFound),
    ({"role": "operator", "username": "tiepnhan2"}, "unit_code", ValidationError),
    *[
        ({"username": bad}, "username", ValidationError)
        for bad in [7, "", "Sotnmt_canbo", "sotnmt canbo", "sogtvt_canbo2", "canbo2", "x" * 65]
    ],
    ({"username": "sotnmt_canbo"}, "username", Conflict),  # the seeded staff member
    *[({"full_name": bad}, "full_name", ValidationError) for bad in [7, *CONTROL, "x" * 201]],
]


@pytest.mark.parametrize(("changes", "field", "error"), BAD_OFFICIALS, ids=short)
def test_bad_official_input_is_refused_naming_its_field(
    world: World, changes: dict[str, object], field: str, error: type[FeedbackError]
) -> None:
    form = {"password": PASSWORD, **GOOD_OFFICIAL, **changes}

    assert_refused(
        world, lambda: world.system.create_official(world.admin.id, **form), field, error
    )


# properties: junk of any type --------------------------------------------------------------


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


# forms: a missing required field or an unknown one is named, never a TypeError --------------

FORM_CASES: dict[str, tuple[Callable[[Flow], object], Callable[[World, object, dict], object]]]
FORM_CASES = {
    "submit_report": (nothing, lambda w, _, f: w.system.submit_report(w.citizen.id, **f)),
    "create_alert": (nothing, lambda w, _, f: w.system.create_alert(w.staff[0].id, **f)),
    "edit_alert": (Flow.draft, lambda w, a, f: w.system.edit_alert(w.staff[0].id, a.id, **f)),
    "supersede_alert": (
        Flow.approved,
        lambda w, a, f: w.system.supersede_alert(w.staff[0].id, a.id, **f),
    ),
    "create_official": (nothing, lambda w, _, f: w.system.create_official(w.admin.id, **f)),
    "register": (nothing, lambda w, _, f: w.system.register(f)),
}
FULL_FORMS: dict[str, Callable[[World], dict[str, object]]] = {
    "submit_report": lambda _: report_form(),
    "create_alert": alert_form,
    "edit_alert": alert_form,
    "supersede_alert": alert_form,
    "create_official": lambda _: {"password": PASSWORD, **GOOD_OFFICIAL},
    "register": lambda _: dict(GOOD_REGISTRATION),
}
REQUIRED = {
    "submit_report": ["title", "content", "category"],
    "create_alert": ["headline", "description", "area", "start", "end"],
    "edit_alert": ["headline", "description", "area", "start", "end"],
    "supersede_alert": ["headline", "description", "area", "start", "end"],
    "create_official": ["role", "password", "unit_code"],
    "register": ["phone", "password", "full_name"],
}


@pytest.mark.parametrize(
    ("case", "missing"),
    [(case, name) for case, names in REQUIRED.items() for name in names],
    ids=short,
)
def test_a_missing_required_field_is_refused_naming_it(
    world: World, flow: Flow, case: str, missing: str
) -> None:
    prepare, call = FORM_CASES[case]
    target = prepare(flow)
    form = {k: v for k, v in FULL_FORMS[case](world).items() if k != missing}

    assert_refused(world, lambda: call(world, target, form), missing, ValidationError)


@pytest.mark.parametrize("case", FORM_CASES)
def test_an_unknown_field_is_refused_naming_it(world: World, flow: Flow, case: str) -> None:
    prepare, call = FORM_CASES[case]
    target = prepare(flow)
    form = FULL_FORMS[case](world) | {"tieu_de": "gõ nhầm tên trường"}

    assert_refused(world, lambda: call(world, target, form), "tieu_de", ValidationError)
