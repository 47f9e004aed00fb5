"""Alerts: approval flow, status from the clock, cancel and supersede, tick, visibility."""

import datetime as dt
import threading
import uuid

import attrs
import pendulum
import pytest

from feedback_core import (
    AlertPhase,
    AlertPolicy,
    AlertStatus,
    AlertText,
    Conflict,
    Cursor,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    Settings,
    ValidationError,
    alert_status_at,
    is_active,
)
from feedback_core.alerts import flow as alert_flow
from feedback_core.alerts.events import (
    AlertActivated,
    AlertApproved,
    AlertCancelled,
    AlertCreated,
    AlertEdited,
    AlertEvent,
    AlertExpired,
    AlertRejected,
    AlertSubmitted,
    AlertSuperseded,
    milestone,
)
from feedback_core.alerts.model import Area, Circle, Point
from feedback_core.testing import World
from feedback_core.testing.world import SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")  # the world's start: Monday 09:00 in Vietnam
HOUR = dt.timedelta(hours=1)
TICK = dt.timedelta(microseconds=1)
FORM = {
    "headline": "Cảnh báo mưa lớn, ngập úng cục bộ",
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng tại các tuyến đường trũng thấp.",
    "instruction": "Hạn chế di chuyển qua khu vực ngập.",
    "area": "Phường 1 và Phường 3, TP Tây Ninh",
    "category": "Met",
    "severity": "Severe",
    "urgency": "Expected",
    "certainty": "Likely",
}


def form(start=T0 + HOUR, end=T0 + 3 * HOUR, **changes):
    return FORM | {"start": start, "end": end} | changes


def draft(world, unit=0, **changes):
    return world.system.create_alert(world.staff[unit].id, **form(**changes))


def pending(world, unit=0, **changes):
    alert = draft(world, unit, **changes)
    return world.system.submit_alert(world.staff[unit].id, alert.id)


def approved(world, unit=0, **changes):
    alert = pending(world, unit, **changes)
    return world.system.approve_alert(world.approvers[unit].id, alert.id)


def events_of(world, kind, alert_id=None):
    return [
        e
        for e in [e for _, e in world.system.events(limit=500)]
        if isinstance(e, kind) and alert_id in (None, e.alert_id)
    ]


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def active_ids(world, at=None):
    return [a.id for a in world.system.active_alerts(at)]


# --- the approval flow -------------------------------------------------------------------


def test_an_alert_is_drafted_submitted_and_approved_by_the_unit_leader(world):
    alert = draft(world)
    assert (AlertStatus.DRAFT, 1, world.units[0].id, world.staff[0].id) == (
        alert.status,
        alert.version,
        alert.unit_id,
        alert.created_by,
    )
    world.clock.advance(dt.timedelta(minutes=5))
    alert = world.system.submit_alert(world.staff[0].id, alert.id)
    assert (AlertStatus.PENDING, 2, world.clock.now()) == (
        alert.status,
        alert.version,
        alert.submitted_at,
    )
    world.clock.advance(dt.timedelta(minutes=5))
    alert = world.system.approve_alert(world.approvers[0].id, alert.id)
    assert (AlertStatus.APPROVED, 3, world.approvers[0].id, world.clock.now()) == (
        alert.status,
        alert.version,
        alert.approved_by,
        alert.approved_at,
    )
    kinds = [type(e) for e in events_of(world, AlertEvent, alert.id)]
    assert [AlertCreated, AlertSubmitted, AlertApproved] == kinds


def test_the_content_is_kept_as_written(world):
    alert = draft(world, english=AlertText("Heavy rain warning", "Flooding likely."))
    content = alert.content
    assert (FORM["headline"], FORM["instruction"], "Met", "Severe") == (
        content.text.headline,
        content.text.instruction,
        content.category,
        content.severity,
    )
    assert (T0 + HOUR, T0 + 3 * HOUR, 2 * HOUR) == (content.start, content.end, content.duration)
    assert AlertText("Heavy rain warning", "Flooding likely.") == content.text_en


def test_a_draft_is_edited_and_an_edit_replaces_the_whole_content(world):
    alert = draft(world)
    edited = world.system.edit_alert(
        world.staff[0].id, alert.id, **form(headline="Cảnh báo ngập", severity="Moderate")
    )
    assert ("Cảnh báo ngập", "Moderate", 2) == (
        edited.content.text.headline,
        edited.content.severity,
        edited.version,
    )
    assert 1 == len(events_of(world, AlertEdited, alert.id))


def test_a_pending_or_approved_alert_cannot_be_edited(world):
    waiting = pending(world)
    with pytest.raises(InvalidTransition):
        world.system.edit_alert(world.staff[0].id, waiting.id, **form())
    done = approved(world)
    with pytest.raises(InvalidTransition) as info:
        world.system.edit_alert(world.staff[0].id, done.id, **form())
    assert ("invalid_transition", "status") == (info.value.code, info.value.field)


def test_a_rejection_returns_the_alert_to_draft_with_the_reason(world):
    alert = pending(world)
    rejected = world.system.reject_alert(world.approvers[0].id, alert.id, "Sai khu vực.")
    assert (AlertStatus.DRAFT, "Sai khu vực.", None) == (
        rejected.status,
        rejected.rejection_reason,
        rejected.submitted_at,
    )
    assert 1 == len(events_of(world, AlertRejected, alert.id))
    again = world.system.submit_alert(world.staff[0].id, alert.id)
    assert (AlertStatus.PENDING, None) == (again.status, again.rejection_reason)


def test_a_rejection_needs_a_reason(world):
    alert = pending(world)
    with pytest.raises(ValidationError) as info:
        world.system.reject_alert(world.approvers[0].id, alert.id, "  ")
    assert {"reason": ["required"]} == codes(info.value)


def test_only_a_pending_alert_is_approved_or_rejected(world):
    alert = draft(world)
    with pytest.raises(InvalidTransition):
        world.system.approve_alert(world.approvers[0].id, alert.id)
    with pytest.raises(InvalidTransition):
        world.system.reject_alert(world.approvers[0].id, alert.id, "Chưa gửi.")


def test_only_an_approver_of_the_alerts_unit_approves(world):
    alert = pending(world)
    for who in (world.staff[0], world.approvers[1], world.operator):
        with pytest.raises(PermissionDenied):
            world.system.approve_alert(who.id, alert.id)


def test_a_policy_may_forbid_approving_ones_own_alert():
    settings = Settings(secret_key=SECRET_KEY, alerts=AlertPolicy(forbid_self_approval=True))
    world = World.build(MemoryStorage(), RecordingSmsSender(), settings)
    leader = world.approvers[0]
    own = world.system.create_alert(leader.id, **form())
    world.system.submit_alert(leader.id, own.id)
    with pytest.raises(PermissionDenied) as info:
        world.system.approve_alert(leader.id, own.id)
    assert ("self_approval", "actor") == (info.value.code, info.value.field)
    assert AlertStatus.APPROVED == approved(world).status


def test_the_seed_leaders_approve_their_own_alerts_by_default(world):
    leader = world.approvers[0]
    own = world.system.create_alert(leader.id, **form())
    world.system.submit_alert(leader.id, own.id)
    assert AlertStatus.APPROVED == world.system.approve_alert(leader.id, own.id).status


def test_a_stale_expected_version_is_a_conflict(world):
    alert = pending(world)
    with pytest.raises(Conflict) as info:
        world.system.approve_alert(world.approvers[0].id, alert.id, expected_version=1)
    assert "expected_version" == info.value.field
    done = world.system.approve_alert(world.approvers[0].id, alert.id, expected_version=2)
    assert 3 == done.version


# --- timing rules ------------------------------------------------------------------------


def test_submitting_needs_an_end_in_the_future(world):
    alert = draft(world, start=T0 - 3 * HOUR, end=T0)
    with pytest.raises(ValidationError) as info:
        world.system.submit_alert(world.staff[0].id, alert.id)
    assert {"end": ["end_in_past"]} == codes(info.value)


def test_approving_needs_an_end_still_in_the_future(world):
    alert = pending(world)
    world.clock.set(T0 + 3 * HOUR)
    with pytest.raises(ValidationError) as info:
        world.system.approve_alert(world.approvers[0].id, alert.id)
    assert {"end": ["end_in_past"]} == codes(info.value)
    assert AlertStatus.PENDING == world.system.get_alert(alert.id, actor=world.staff[0].id).status


def test_an_alert_lasts_at_most_the_policy_maximum(world):
    ok = draft(world, start=T0, end=T0 + dt.timedelta(days=30))
    assert AlertStatus.PENDING == world.system.submit_alert(world.staff[0].id, ok.id).status
    long = draft(world, start=T0, end=T0 + dt.timedelta(days=30, seconds=1))
    with pytest.raises(ValidationError) as info:
        world.system.submit_alert(world.staff[0].id, long.id)
    assert {"end": ["too_long_duration"]} == codes(info.value)


def test_the_timing_rule_itself_refuses_an_end_not_after_the_start(world):
    content = draft(world).content
    same = attrs.evolve(content, end=content.start)
    with pytest.raises(ValidationError) as info:
        alert_flow.check_timing(same, T0, AlertPolicy())
    assert {"end": ["end_before_start"]} == codes(info.value)


def test_the_end_must_be_after_the_start(world):
    with pytest.raises(ValidationError) as info:
        draft(world, start=T0 + HOUR, end=T0 + HOUR)
    assert {"end": ["end_before_start"]} == codes(info.value)


def test_naive_times_are_refused(world):
    with pytest.raises(ValidationError) as info:
        draft(world, start=dt.datetime(2026, 3, 2, 10, 0), end=dt.datetime(2026, 3, 2, 12, 0))  # noqa: DTZ001
    assert {"start": ["not_aware"], "end": ["not_aware"]} == codes(info.value)


def test_times_in_any_zone_are_kept_as_the_same_instant_in_utc(world):
    start = pendulum.datetime(2026, 3, 2, 10, 0, tz="Asia/Ho_Chi_Minh")
    alert = draft(world, start=start, end=start + HOUR)
    assert (T0 + HOUR, "UTC") == (alert.content.start, alert.content.start.timezone_name)


# --- status from the clock ---------------------------------------------------------------


def test_an_approved_alert_is_scheduled_then_active_then_expired(world):
    alert = approved(world)
    start, end = alert.content.start, alert.content.end
    phases = [alert_status_at(alert, t) for t in (T0, start - TICK, start, end - TICK, end)]
    scheduled, active, expired = AlertPhase.SCHEDULED, AlertPhase.ACTIVE, AlertPhase.EXPIRED
    assert [scheduled, scheduled, active, active, expired] == phases


def test_before_its_approval_an_alert_was_not_in_force(world):
    alert = pending(world, start=T0 - HOUR)
    world.clock.advance(HOUR)
    alert = world.system.approve_alert(world.approvers[0].id, alert.id)
    assert AlertPhase.PENDING == alert_status_at(alert, T0 + HOUR - TICK)
    assert AlertPhase.ACTIVE == alert_status_at(alert, T0 + HOUR)


def test_only_an_approved_alert_takes_effect(world):
    drafted = draft(world, start=T0)
    waiting = pending(world, start=T0)
    assert (AlertPhase.DRAFT, AlertPhase.PENDING) == (
        alert_status_at(drafted, T0 + HOUR),
        alert_status_at(waiting, T0 + HOUR),
    )
    world.clock.advance(HOUR)
    assert [] == active_ids(world)
    assert not is_active(waiting, T0 + HOUR)


def test_active_alerts_follow_the_clock_and_answer_for_past_instants(world):
    early = approved(world, start=T0, end=T0 + 2 * HOUR)
    late = approved(world, unit=1, start=T0 + HOUR, end=T0 + 4 * HOUR)
    assert [early.id] == active_ids(world)
    world.clock.set(T0 + HOUR)
    assert [early.id, late.id] == active_ids(world)
    world.clock.set(T0 + 2 * HOUR)
    assert [late.id] == active_ids(world)
    world.clock.set(T0 + 5 * HOUR)
    assert [] == active_ids(world)
    assert [early.id, late.id] == active_ids(world, T0 + 90 * dt.timedelta(minutes=1))
    assert [early.id] == active_ids(world, T0 + HOUR - TICK)


@pytest.mark.parametrize("at", [dt.datetime(2026, 3, 2, 9, 0), "2026-03-02T09:00"])  # noqa: DTZ001
def test_active_alerts_need_an_aware_instant(world, at):
    with pytest.raises(ValidationError) as info:
        world.system.active_alerts(at)
    assert ["at"] == list(info.value.errors)


# --- cancel and supersede ----------------------------------------------------------------


def test_a_cancelled_alert_stops_at_the_cancel_instant(world):
    alert = approved(world, start=T0, end=T0 + 3 * HOUR)
    world.clock.advance(HOUR)
    cancelled = world.system.cancel_alert(world.approvers[0].id, alert.id)
    assert (AlertStatus.CANCELLED, T0 + HOUR, world.approvers[0].id) == (
        cancelled.status,
        cancelled.cancelled_at,
        cancelled.cancelled_by,
    )
    assert [] == active_ids(world)
    assert [alert.id] == active_ids(world, T0 + HOUR - TICK)
    assert AlertPhase.CANCELLED == alert_status_at(cancelled, T0 + HOUR)
    assert 1 == len(events_of(world, AlertCancelled, alert.id))


def test_a_scheduled_alert_can_be_cancelled_before_it_starts(world):
    alert = approved(world)
    world.system.cancel_alert(world.approvers[0].id, alert.id)
    assert [] == active_ids(world, alert.content.start)
    assert [] == tick_at(world, alert.content.start)


def test_an_expired_alert_cannot_be_cancelled(world):
    alert = approved(world)
    world.clock.set(alert.content.end)
    with pytest.raises(InvalidTransition) as info:
        world.system.cancel_alert(world.approvers[0].id, alert.id)
    assert "invalid_transition" == info.value.code
    assert AlertStatus.APPROVED == world.system.get_alert(alert.id).status


def test_only_an_approved_alert_is_cancelled(world):
    alert = pending(world)
    with pytest.raises(InvalidTransition):
        world.system.cancel_alert(world.approvers[0].id, alert.id)
    done = approved(world)
    world.system.cancel_alert(world.approvers[0].id, done.id)
    with pytest.raises(InvalidTransition):
        world.system.cancel_alert(world.approvers[0].id, done.id)


def test_approving_a_replacement_supersedes_the_old_alert_at_that_instant(world):
    old = approved(world, start=T0, end=T0 + 6 * HOUR)
    new = world.system.supersede_alert(
        world.staff[0].id, old.id, **form(start=T0 + 2 * HOUR, end=T0 + 8 * HOUR)
    )
    assert (AlertStatus.DRAFT, old.id) == (new.status, new.supersedes)
    world.system.submit_alert(world.staff[0].id, new.id)
    world.clock.set(T0 + HOUR)
    assert [old.id] == active_ids(world)
    new = world.system.approve_alert(world.approvers[0].id, new.id)
    old = world.system.get_alert(old.id)
    assert (AlertStatus.SUPERSEDED, new.id, T0 + HOUR) == (
        old.status,
        old.superseded_by,
        old.superseded_at,
    )
    assert AlertPhase.ACTIVE == alert_status_at(old, T0 + HOUR - TICK)
    assert AlertPhase.SUPERSEDED == alert_status_at(old, T0 + HOUR)
    assert [] == active_ids(world)  # the new one starts later
    assert [new.id] == active_ids(world, T0 + 2 * HOUR)
    assert [old.id] == active_ids(world, T0 + 30 * dt.timedelta(minutes=1))
    assert [old.id] == [e.alert_id for e in events_of(world, AlertSuperseded)]


def test_only_an_approved_alert_is_superseded(world):
    alert = pending(world)
    with pytest.raises(InvalidTransition) as info:
        world.system.supersede_alert(world.staff[0].id, alert.id, **form())
    assert "alert_id" == info.value.field


def test_a_replacement_of_an_alert_cancelled_meanwhile_is_not_approved(world):
    old = approved(world)
    new = world.system.supersede_alert(world.staff[0].id, old.id, **form())
    world.system.submit_alert(world.staff[0].id, new.id)
    world.system.cancel_alert(world.approvers[0].id, old.id)
    before = world.storage.snapshot()
    with pytest.raises(InvalidTransition):
        world.system.approve_alert(world.approvers[0].id, new.id)
    assert before == world.storage.snapshot()


def test_another_unit_cannot_supersede_an_alert(world):
    old = approved(world)
    with pytest.raises(PermissionDenied):
        world.system.supersede_alert(world.staff[1].id, old.id, **form())


# --- tick --------------------------------------------------------------------------------


def test_tick_emits_activation_at_start_and_expiry_at_end_exactly_once(world):
    alert = approved(world)
    start, end = alert.content.start, alert.content.end
    assert [] == world.system.tick()
    world.clock.set(start - TICK)
    assert [] == world.system.tick()
    world.clock.set(start)
    [activated] = world.system.tick()
    assert (AlertActivated, start, alert.id, alert.unit_id) == (
        type(activated),
        activated.at,
        activated.alert_id,
        activated.unit_id,
    )
    assert [] == world.system.tick()
    world.clock.set(end)
    [expired] = world.system.tick()
    assert (AlertExpired, end) == (type(expired), expired.at)
    assert [] == world.system.tick()
    assert [] == tick_at(world, end + HOUR)
    assert 1 == len(events_of(world, AlertActivated, alert.id))
    assert 1 == len(events_of(world, AlertExpired, alert.id))


def test_a_late_tick_emits_both_milestones_at_their_own_instants(world):
    alert = approved(world)
    emitted = tick_at(world, alert.content.end + HOUR)
    assert [(AlertActivated, alert.content.start), (AlertExpired, alert.content.end)] == [
        (type(e), e.at) for e in emitted
    ]


def test_milestone_event_ids_are_fixed_by_the_alert(world):
    alert = approved(world)
    emitted = tick_at(world, alert.content.end)
    expected = [
        milestone(AlertActivated, alert.id, alert.unit_id, alert.content.start).id,
        milestone(AlertExpired, alert.id, alert.unit_id, alert.content.end).id,
    ]
    assert expected == [e.id for e in emitted]


def test_an_alert_approved_after_its_start_activates_at_approval(world):
    alert = pending(world, start=T0 - HOUR, end=T0 + 2 * HOUR)
    world.clock.advance(dt.timedelta(minutes=10))
    alert = world.system.approve_alert(world.approvers[0].id, alert.id)
    [activated] = world.system.tick()
    assert (AlertActivated, T0 + dt.timedelta(minutes=10)) == (type(activated), activated.at)


def test_tick_does_not_activate_drafts_or_pending_alerts(world):
    draft(world, start=T0)
    pending(world, start=T0)
    assert [] == tick_at(world, T0 + HOUR)


def test_an_alert_cancelled_before_its_start_emits_nothing(world):
    alert = approved(world)
    world.system.cancel_alert(world.approvers[0].id, alert.id)
    assert [] == tick_at(world, alert.content.end + HOUR)


def test_an_alert_cancelled_while_active_activated_but_never_expires(world):
    alert = approved(world, start=T0, end=T0 + 3 * HOUR)
    world.clock.advance(HOUR)
    world.system.cancel_alert(world.approvers[0].id, alert.id)
    emitted = tick_at(world, T0 + 4 * HOUR)
    assert [(AlertActivated, T0)] == [(type(e), e.at) for e in emitted]


def test_a_superseded_alert_does_not_expire_but_its_replacement_does(world):
    old = approved(world, start=T0, end=T0 + 3 * HOUR)
    new = world.system.supersede_alert(
        world.staff[0].id, old.id, **form(start=T0, end=T0 + 4 * HOUR)
    )
    world.system.submit_alert(world.staff[0].id, new.id)
    world.clock.set(T0 + HOUR)
    world.system.approve_alert(world.approvers[0].id, new.id)
    emitted = tick_at(world, T0 + 5 * HOUR)
    got = sorted((e.alert_id == new.id, type(e).__name__, e.at) for e in emitted)
    expected = [
        (False, "AlertActivated", T0),
        (True, "AlertActivated", T0 + HOUR),
        (True, "AlertExpired", T0 + 4 * HOUR),
    ]
    assert expected == got


def test_concurrent_ticks_emit_each_milestone_once(world):
    alerts = [approved(world, unit=i % 2) for i in range(6)]
    end = alerts[0].content.end
    barrier = threading.Barrier(8)
    results = []

    def run():
        barrier.wait()
        results.append(tick_at(world, end))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    emitted = [e for batch in results for e in batch]
    assert 12 == len(emitted)
    assert 12 == len({e.id for e in emitted})
    assert 12 == len(events_of(world, (AlertActivated, AlertExpired)))


def tick_at(world, t):
    """Tick at ``t`` once the clock has reached it: tick never announces the future."""
    world.clock.set(t)
    return world.system.tick(t)


def test_tick_refuses_a_time_later_than_the_clock(world):
    """Announcing now what happens later would tell consumers of an alert that never was."""
    alert = approved(world)
    with pytest.raises(ValidationError) as info:
        world.system.tick(alert.content.end + HOUR)
    assert ("now", "in_future") == (info.value.field, info.value.code)
    assert [] == events_of(world, (AlertActivated, AlertExpired), alert.id)


def test_an_alert_cancelled_after_a_refused_future_tick_was_never_announced(world):
    alert = approved(world)
    with pytest.raises(ValidationError):
        world.system.tick(alert.content.start + 5 * 24 * HOUR)
    world.system.cancel_alert(world.approvers[0].id, alert.id)
    world.clock.set(alert.content.end + HOUR)
    assert [] == world.system.tick()


def test_tick_allows_a_few_seconds_of_clock_skew(world):
    alert = approved(world, start=T0 + dt.timedelta(seconds=3))
    emitted = world.system.tick(T0 + dt.timedelta(seconds=5))
    assert [alert.id] == [e.alert_id for e in emitted]
    with pytest.raises(ValidationError):
        world.system.tick(T0 + dt.timedelta(seconds=5, microseconds=1))


def test_tick_catches_up_on_a_past_instant(world):
    alert = approved(world)
    world.clock.set(alert.content.end + 24 * HOUR)
    emitted = world.system.tick(alert.content.start)
    assert [(AlertActivated, alert.content.start)] == [(type(e), e.at) for e in emitted]


def test_tick_needs_an_aware_instant(world):
    with pytest.raises(ValidationError) as info:
        world.system.tick(dt.datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001
    assert ["now"] == list(info.value.errors)


# --- who reads what ----------------------------------------------------------------------


def test_a_draft_is_readable_by_its_unit_only(world):
    alert = pending(world)
    for member in (world.staff[0], world.approvers[0]):
        assert alert.id == world.system.get_alert(alert.id, actor=member.id).id
    for outsider in (world.staff[1], world.approvers[1], world.citizen, world.operator):
        with pytest.raises(NotFound):
            world.system.get_alert(alert.id, actor=outsider.id)
    with pytest.raises(NotFound) as info:
        world.system.get_alert(alert.id)
    assert "alert_id" == info.value.field


def test_an_approved_alert_is_readable_by_anyone(world):
    alert = approved(world)
    assert alert == world.system.get_alert(str(alert.id))
    assert alert == world.system.get_alert(alert.id, actor=world.citizen.id)


def test_an_unknown_alert_is_not_found(world):
    with pytest.raises(NotFound):
        world.system.get_alert(uuid.uuid4(), actor=world.staff[0].id)


def test_list_alerts_pages_a_units_alerts_newest_first(world):
    ids = []
    for _ in range(3):
        world.clock.advance(dt.timedelta(minutes=1))
        ids.append(draft(world).id)
    draft(world, unit=1)
    first = world.system.list_alerts(world.staff[0].id, limit=2)
    assert [ids[2], ids[1]] == [a.id for a in first.items]
    assert first.next == Cursor.parse(first.next.token)
    second = world.system.list_alerts(world.approvers[0].id, after=first.next.token, limit=2)
    assert ([ids[0]], None) == ([a.id for a in second.items], second.next)
    exact = world.system.list_alerts(world.staff[1].id, limit=1)
    assert 1 == len(exact.items)
    assert [] == list(world.system.list_alerts(world.staff[1].id, after=exact.next).items)


def test_list_alerts_filters_by_status(world):
    drafted = draft(world)
    done = approved(world)
    listed = world.system.list_alerts(world.staff[0].id, status="approved")
    assert [done.id] == [a.id for a in listed.items]
    listed = world.system.list_alerts(world.staff[0].id, status=AlertStatus.DRAFT)
    assert [drafted.id] == [a.id for a in listed.items]


@pytest.mark.parametrize("who", ["citizen", "operator", "admin"])
def test_only_unit_members_list_alerts(world, who):
    with pytest.raises(PermissionDenied):
        world.system.list_alerts(getattr(world, who).id)


def test_only_unit_members_write_alerts(world):
    with pytest.raises(PermissionDenied):
        world.system.create_alert(world.operator.id, **form())


# --- what an author writes ---------------------------------------------------------------


def test_an_area_may_have_a_closed_polygon_and_a_circle(world):
    ring = [(11.3, 106.1), (11.4, 106.1), (11.4, 106.2), Point(11.3, 106.1)]
    alert = draft(world, polygon=ring, circle=((11.35, 106.15), 5))
    area = alert.content.area
    assert (
        Area(
            FORM["area"],
            tuple(Point(*p) if isinstance(p, tuple) else p for p in ring),
            Circle(Point(11.35, 106.15), 5.0),
        )
        == area
    )


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"headline": "x" * 141}, "headline", "too_long"),
        ({"description": None}, "description", "required"),
        ({"area": ""}, "area", "required"),
        ({"severity": "Terrible"}, "severity", "invalid_choice"),
        ({"polygon": [(11, 106), (12, 106), (12, 107)]}, "polygon", "invalid_area"),
        ({"polygon": [(11, 106), (12, 106), (12, 107), (11, 107)]}, "polygon", "invalid_area"),
        ({"polygon": "11,106 12,106"}, "polygon", "wrong_type"),
        ({"polygon": [(91, 0)] * 4}, "polygon", "out_of_range"),
        ({"polygon": [("a", 0)] * 4}, "polygon", "wrong_type"),
        ({"polygon": [(11, 106, 0)] * 4}, "polygon", "wrong_type"),
        ({"circle": ((11, 106), 0)}, "circle", "out_of_range"),
        ({"circle": (11, 106, 5)}, "circle", "wrong_type"),
        ({"english": {"headline": "x"}}, "english", "wrong_type"),
        ({"english": AlertText("", "d")}, "english.headline", "required"),
        ({"colour": "red"}, "colour", "unknown_field"),
    ],
)
def test_bad_alert_content_names_the_field(world, changes, field, code):
    with pytest.raises(ValidationError) as info:
        draft(world, **changes)
    assert {field: [code]} == codes(info.value)


def test_a_headline_may_have_140_characters(world):
    assert 140 == len(draft(world, headline="x" * 140).content.text.headline)
