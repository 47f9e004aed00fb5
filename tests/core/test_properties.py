"""The rules of docs/rules.md as properties over generated inputs (the state machines aside).

Phone numbers normalise to one E.164 form; an alert is in force exactly when the rules
say; a report's history stays inside the transition table; an activation code is
guessed at most five times and dies on success, resend and expiry.
"""

import contextlib
import datetime as dt
import unicodedata

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from feedback_core import (
    AccountStatus,
    AlertPhase,
    CodeDead,
    CodeExpired,
    CodeWrong,
    FeedbackError,
    ValidationError,
    alert_status_at,
    is_active,
    normalize_phone,
)
from feedback_core.accounts import codes as otp
from feedback_core.alerts import flow as alert_flow
from feedback_core.alerts.flow import AlertPolicy
from feedback_core.alerts.input import check_alert_content
from feedback_core.reports.model import allowed, replay
from feedback_core.testing import World
from feedback_core.testing.strategies import (
    alert_forms,
    invalid_phones,
    phone_forms,
    registration_forms,
    report_forms,
    written_forms,
)
from feedback_core.testing.world import PASSWORD, SECRET_KEY, START
from feedback_memory import MemoryStorage, RecordingSmsSender

SECOND = dt.timedelta(seconds=1)
MICROSECOND = dt.timedelta(microseconds=1)
SEEDED_PHONE = "+84912345678"  # the World's citizen


def fresh_world():
    return World.build(MemoryStorage(), RecordingSmsSender())


def in_force(alert, t):
    """The rule, written out: approved by t, not cancelled or superseded by t, in its window."""
    return (
        alert.approved_at is not None
        and alert.approved_at <= t
        and not (alert.cancelled_at is not None and alert.cancelled_at <= t)
        and not (alert.superseded_at is not None and alert.superseded_at <= t)
        and alert.content.start <= t < alert.content.end
    )


# phone numbers ---------------------------------------------------------------------------


@given(phone_forms())
def test_every_written_form_of_a_mobile_number_gives_its_one_e164_form(form):
    written, e164 = form
    assert e164 == normalize_phone(written)


@given(invalid_phones())
def test_anything_but_a_vietnamese_mobile_number_is_a_validation_error_on_phone(value):
    with pytest.raises(ValidationError) as info:
        normalize_phone(value)
    assert "phone" == info.value.field


@given(invalid_phones())
def test_registering_with_an_invalid_phone_names_the_phone_field_and_stores_nothing(value):
    world = fresh_world()
    before = world.storage.snapshot()
    form = {"phone": value, "password": PASSWORD, "full_name": "Lê Văn Lộc"}
    with pytest.raises(ValidationError) as info:
        world.system.register(form)
    assert "phone" in info.value.errors
    assert before == world.storage.snapshot()


@given(data=st.data(), form=phone_forms())
def test_a_citizen_logs_in_with_the_phone_written_any_other_way(data, form):
    written, e164 = form
    assume(e164 != SEEDED_PHONE)
    world = fresh_world()
    world.new_citizen(written)
    again = data.draw(written_forms(e164))
    assert e164 == world.system.login(again, PASSWORD).login_id


# alerts ----------------------------------------------------------------------------------

STAGES = st.sampled_from(("draft", "pending", "approved", "cancelled", "superseded"))
GAPS = st.integers(0, 3 * 24 * 3600).map(lambda s: dt.timedelta(seconds=s))


@st.composite
def alerts_at_some_stage(draw):
    """An alert built with alert_flow, taken to a drawn stage at drawn times."""
    now, policy = START, AlertPolicy()
    content = check_alert_content(draw(alert_forms(now)))
    alert = alert_flow.create(*draw(st.tuples(st.uuids(), st.uuids(), st.uuids())), content, now)
    stage = draw(STAGES)
    if stage == "draft":
        return alert
    alert = alert_flow.submit(alert, now, policy)
    if stage == "pending":
        return alert
    # Approval must come before the end; cancelling too.
    latest = (content.end - now).total_seconds() - 1
    approved_at = now + dt.timedelta(seconds=draw(st.integers(0, int(latest))))
    alert = alert_flow.approve(alert, alert.created_by, approved_at, policy)
    stop = approved_at + draw(GAPS)
    if stage == "cancelled":
        return alert_flow.cancel(alert, alert.created_by, min(stop, content.end - SECOND))
    if stage == "superseded":
        newer = alert_flow.create(draw(st.uuids()), alert.unit_id, alert.created_by, content, stop)
        return alert_flow.supersede(alert, newer, stop)
    return alert


def instants_around(alert):
    """Every boundary of the alert, a microsecond either side, and anything in between."""
    marks = [alert.content.start, alert.content.end, alert.created_at]
    marks += [m for m in (alert.approved_at, alert.cancelled_at, alert.superseded_at) if m]
    edges = [m + d for m in marks for d in (-MICROSECOND, dt.timedelta(0), MICROSECOND)]
    span = st.integers(-40 * 24 * 3600, 70 * 24 * 3600)
    return st.sampled_from(edges) | span.map(lambda s: START + dt.timedelta(seconds=s))


@given(data=st.data(), alert=alerts_at_some_stage())
def test_an_alert_is_active_exactly_when_approved_not_withdrawn_and_inside_its_window(data, alert):
    t = data.draw(instants_around(alert))
    assert in_force(alert, t) == is_active(alert, t)


@given(data=st.data(), alert=alerts_at_some_stage())
def test_an_alert_is_never_active_before_its_approval(data, alert):
    t = data.draw(instants_around(alert))
    assume(alert.approved_at is None or t < alert.approved_at)
    assert alert_status_at(alert, t) in {AlertPhase.DRAFT, AlertPhase.PENDING}


@given(data=st.data(), waits=st.lists(GAPS, max_size=3))
def test_the_system_lists_as_active_exactly_the_alerts_in_force(data, waits):
    world = fresh_world()
    system, staff, leader = world.system, world.staff[0].id, world.approvers[0].id
    alert = system.create_alert(staff, **data.draw(alert_forms(world.clock.now())))
    # As far as it gets: submitted, approved, cancelled, each after a wait.
    steps = (system.submit_alert, system.approve_alert, system.cancel_alert)
    for step, who, wait in zip(steps, (staff, leader, leader), waits, strict=False):
        world.clock.advance(wait)
        with contextlib.suppress(FeedbackError):  # the end may have passed meanwhile
            step(who, alert.id)
    stored = system.get_alert(alert.id, actor=staff)
    t = data.draw(instants_around(stored))
    listed = {a.id for a in system.active_alerts(t)}
    assert in_force(stored, t) == (alert.id in listed)


# reports ---------------------------------------------------------------------------------

ACTIONS = ("accept", "refuse", "assign", "return", "start", "resolve", "reopen", "rate", "close")
ACTORS = ("citizen", "operator", "staff0", "staff1", "approver0", "admin")
RIGHT_PAIRS = (
    ("accept", "operator"),
    ("refuse", "operator"),
    ("assign", "operator"),
    ("start", "staff0"),
    ("resolve", "staff0"),
    ("return", "staff1"),
    ("reopen", "citizen"),
    ("rate", "citizen"),
    ("close", "citizen"),
    ("close", "operator"),
)
CALLS = st.lists(
    st.sampled_from(RIGHT_PAIRS) | st.tuples(st.sampled_from(ACTIONS), st.sampled_from(ACTORS)),
    max_size=30,
)


def act(world, action, actor, report_id):
    """Call the use case for ``action`` as the named World account."""
    who = {
        "citizen": world.citizen,
        "operator": world.operator,
        "admin": world.admin,
        "staff0": world.staff[0],
        "staff1": world.staff[1],
        "approver0": world.approvers[0],
    }[actor].id
    s, note = world.system, "Ghi chú xử lý"
    calls = {
        "accept": lambda: s.accept_report(who, report_id),
        "refuse": lambda: s.refuse_report(who, report_id, note),
        "assign": lambda: s.assign_report(who, report_id, list(world.unit_ids)),
        "return": lambda: s.return_report(who, report_id, note),
        "start": lambda: s.start_report(who, report_id),
        "resolve": lambda: s.resolve_report(who, report_id, note),
        "reopen": lambda: s.reopen_report(who, report_id, note),
        "rate": lambda: s.rate_report(who, report_id, 4),
        "close": lambda: s.close_report(who, report_id),
    }
    with contextlib.suppress(FeedbackError):  # refusals are the machines' business
        calls[action]()


@given(data=st.data(), calls=CALLS)
def test_no_sequence_of_calls_leaves_the_transition_table(data, calls):
    world = fresh_world()
    form = data.draw(report_forms(world.system.settings.categories))
    report = world.system.submit_report(world.citizen.id, **form)
    for action, actor in calls:
        act(world, action, actor, report.id)
    view = world.system.read_report(world.operator.id, report.id)
    outside = [e for e in view.history if e.to_status not in allowed(e.action, e.from_status)]
    assert [] == outside


@given(data=st.data(), calls=CALLS)
def test_a_reports_history_replays_to_its_status_after_every_call(data, calls):
    world = fresh_world()
    form = data.draw(report_forms(world.system.settings.categories))
    report = world.system.submit_report(world.citizen.id, **form)
    history = []
    for action, actor in calls:
        act(world, action, actor, report.id)
        view = world.system.read_report(world.operator.id, report.id)
        assert view.report.status == replay(view.history)
        assert history == list(view.history[: len(history)])  # append-only
        history = list(view.history)


# activation codes ------------------------------------------------------------------------


def registered(world, data):
    """A new citizen registered with a generated form; (account, E.164 phone)."""
    written, e164 = data.draw(phone_forms(), label="phone")
    assume(e164 != SEEDED_PHONE)
    policy = world.system.settings.registration
    form = data.draw(registration_forms(policy, phones=st.just(written)), label="form")
    return world.system.register(form), e164


def stored_code(world, account_id):
    with world.storage.transaction() as tx:
        return tx.codes.lock(account_id)


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


@given(data=st.data(), guesses=st.integers(1, 12))
def test_a_code_never_counts_more_than_five_wrong_tries(data, guesses):
    world = fresh_world()
    account, phone = registered(world, data)
    code, outcomes = world.sms.last_code(phone), []
    for _ in range(guesses):
        try:
            world.system.activate(phone, wrong(code))
        except CodeWrong as error:
            outcomes.append(error.tries_left)
        except CodeDead:
            outcomes.append("dead")
        assert stored_code(world, account.id).wrong_tries <= 5
    assert ([4, 3, 2, 1] + ["dead"] * 8)[:guesses] == outcomes
    assert min(guesses, 5) == stored_code(world, account.id).wrong_tries


@given(data=st.data(), guesses=st.integers(5, 8))
def test_five_wrong_tries_kill_the_code_itself(data, guesses):
    world = fresh_world()
    _, phone = registered(world, data)
    code = world.sms.last_code(phone)
    for _ in range(guesses):
        with contextlib.suppress(CodeWrong, CodeDead):
            world.system.activate(phone, wrong(code))
    with pytest.raises(CodeDead):
        world.system.activate(phone, code)


@given(data=st.data(), after=st.integers(0, 299))
def test_a_code_is_dead_after_it_succeeded(data, after):
    world = fresh_world()
    account, phone = registered(world, data)
    code = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(seconds=after))
    assert AccountStatus.ACTIVE == world.system.activate(phone, code).status
    state, secret = stored_code(world, account.id), otp.derive_secret(SECRET_KEY, account.id)
    verdict = otp.verify(state, secret, code, world.clock.now(), world.system.settings.activation)
    assert isinstance(verdict.error, CodeDead)


@given(data=st.data(), wait=st.integers(60, 3600))
def test_a_code_is_dead_after_a_new_one_was_sent(data, wait):
    world = fresh_world()
    _, phone = registered(world, data)
    old = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(seconds=wait))
    world.system.send_activation_code(phone)
    new = world.sms.last_code(phone)
    assume(new != old)  # two counters may share a code once in a million
    with pytest.raises(CodeWrong):
        world.system.activate(phone, old)
    assert AccountStatus.ACTIVE == world.system.activate(phone, new).status


@given(data=st.data(), late=st.integers(0, 10**7))
def test_a_code_is_dead_from_five_minutes_after_it_was_sent(data, late):
    world = fresh_world()
    account, phone = registered(world, data)
    code = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(minutes=5, microseconds=late))
    before = stored_code(world, account.id)
    with pytest.raises(CodeExpired):
        world.system.activate(phone, code)
    assert before == stored_code(world, account.id)  # an expired code counts no try


@given(data=st.data(), early=st.integers(1, 5 * 60 * 10**6))
def test_a_code_works_until_five_minutes_after_it_was_sent(data, early):
    world = fresh_world()
    _, phone = registered(world, data)
    code = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(minutes=5) - dt.timedelta(microseconds=early))
    assert AccountStatus.ACTIVE == world.system.activate(phone, code).status


# the shipped strategies ------------------------------------------------------------------


@given(data=st.data())
def test_registration_forms_are_accepted_by_the_system(data):
    world = fresh_world()
    _, phone = registered(world, data)
    assert world.sms.last_code(phone)


@given(data=st.data())
def test_report_forms_are_accepted_and_stored_as_nfc_text(data):
    world = fresh_world()
    form = data.draw(report_forms(world.system.settings.categories))
    report = world.system.submit_report(world.citizen.id, **form)
    assert unicodedata.normalize("NFC", form["title"]).strip() == report.draft.title


@given(data=st.data())
def test_alert_forms_can_be_submitted_and_approved_at_their_instant(data):
    world = fresh_world()
    now = world.clock.now()
    form = data.draw(alert_forms(now))
    alert = world.system.create_alert(world.staff[0].id, **form)
    world.system.submit_alert(world.staff[0].id, alert.id)
    approved = world.system.approve_alert(world.approvers[0].id, alert.id)
    assert now == approved.approved_at
    assert pendulum.instance(form["end"]) == approved.content.end
