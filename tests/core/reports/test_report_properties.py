"""Reports as properties: a report's history stays inside the transition table (docs/rules.md)."""

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from feedback_core import FeedbackError
from feedback_core.reports.model import allowed, replay
from feedback_core.testing import World
from feedback_core.testing.strategies import report_forms
from feedback_memory import MemoryStorage, RecordingSmsSender


def fresh_world():
    return World.build(MemoryStorage(), RecordingSmsSender())


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
