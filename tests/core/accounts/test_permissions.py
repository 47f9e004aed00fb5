"""Who may do what: every guarded use case against every kind of actor.

The expected table below is written from the rules of docs/rules.md, not computed from
`feedback_core.accounts.permissions.GRANTS`:

* administrators manage units and official accounts;
* any active citizen submits reports; only the reporter reopens and rates their report;
* operators accept, refuse and assign reports; operators and the reporter close them;
* members (staff or approver) of a unit handling a report start, return and resolve it;
* a report's full view is for the reporter, operators and the handling units only
  (administrators manage accounts, they do not read citizens' reports);
  to anyone else it does not exist (NotFound, so a private report is not even confirmed);
* every active account but the administrator lists the reports it works with (own,
  own unit's, or all for operators);
* unit staff and approvers write alerts of their own unit (create, edit, submit, supersede)
  and list their unit's alerts;
* only the approver of the alert's own unit approves, rejects or cancels;
* a pending (not activated) citizen may do nothing at all.

Every target is set up in the one status where the action is valid and belongs to unit 0,
so the only reason for a refusal is who acts. A refusal changes nothing in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import attrs
import pytest

from feedback_core.accounts.model import AccountStatus
from feedback_core.accounts.permissions import Action, may
from feedback_core.alerts.flow import AlertPolicy
from feedback_core.errors import NotFound, PermissionDenied
from feedback_core.settings import Settings
from feedback_core.testing import World
from feedback_core.testing.world import PASSWORD, SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from feedback_core.alerts.model import Alert
    from feedback_core.reports.model import Report
    from feedback_core.system import FeedbackSystem

OTHER_CITIZEN_PHONE = "0987654321"
PENDING_CITIZEN_PHONE = "0901234567"

REPORTER = "reporter"
OTHER_CITIZEN = "other_citizen"
PENDING_CITIZEN = "pending_citizen"
OPERATOR = "operator"
OWN_STAFF = "own_unit_staff"
OTHER_STAFF = "other_unit_staff"
OWN_APPROVER = "own_unit_approver"
OTHER_APPROVER = "other_unit_approver"
ADMIN = "admin"

ACTORS = (
    REPORTER,
    OTHER_CITIZEN,
    PENDING_CITIZEN,
    OPERATOR,
    OWN_STAFF,
    OTHER_STAFF,
    OWN_APPROVER,
    OTHER_APPROVER,
    ADMIN,
)
ACTIVE = frozenset(ACTORS) - {PENDING_CITIZEN}
CITIZENS = frozenset({REPORTER, OTHER_CITIZEN})
HANDLING_UNIT = frozenset({OWN_STAFF, OWN_APPROVER})
UNIT_MEMBERS = frozenset({OWN_STAFF, OTHER_STAFF, OWN_APPROVER, OTHER_APPROVER})

EXPECTED_ALLOWED: dict[str, frozenset[str]] = {
    "create_unit": frozenset({ADMIN}),
    "create_official": frozenset({ADMIN}),
    "submit_report": CITIZENS,
    "accept_report": frozenset({OPERATOR}),
    "refuse_report": frozenset({OPERATOR}),
    "assign_report": frozenset({OPERATOR}),
    "return_report": HANDLING_UNIT,
    "start_report": HANDLING_UNIT,
    "resolve_report": HANDLING_UNIT,
    "reopen_report": frozenset({REPORTER}),
    "rate_report": frozenset({REPORTER}),
    "close_report": frozenset({OPERATOR, REPORTER}),
    "read_report": frozenset({REPORTER, OPERATOR}) | HANDLING_UNIT,
    "list_reports": ACTIVE - {ADMIN},
    # each unit member drafts for their own unit, so "other unit" does not arise
    "create_alert": UNIT_MEMBERS,
    "edit_alert": HANDLING_UNIT,
    "submit_alert": HANDLING_UNIT,
    "supersede_alert": HANDLING_UNIT,
    "approve_alert": frozenset({OWN_APPROVER}),
    "reject_alert": frozenset({OWN_APPROVER}),
    "cancel_alert": frozenset({OWN_APPROVER}),
    "list_alerts": UNIT_MEMBERS,
}
# Those who may not see a report are told it does not exist; inactive accounts are refused.
HIDDEN_WHEN_DENIED = frozenset({"read_report"})
READ_ONLY = frozenset({"read_report", "list_reports", "list_alerts"})


@dataclass
class Scene:
    """A seeded world, the actors by name, and ways to put targets in a given status."""

    world: World
    actors: dict[str, uuid.UUID]

    @classmethod
    def of(cls, world: World) -> Scene:
        other = world.new_citizen(OTHER_CITIZEN_PHONE)
        pending = world.system.register(
            {"phone": PENDING_CITIZEN_PHONE, "password": PASSWORD, "full_name": "Chưa kích hoạt"}
        )
        actors = {
            REPORTER: world.citizen.id,
            OTHER_CITIZEN: other.id,
            PENDING_CITIZEN: pending.id,
            OPERATOR: world.operator.id,
            OWN_STAFF: world.staff[0].id,
            OTHER_STAFF: world.staff[1].id,
            OWN_APPROVER: world.approvers[0].id,
            OTHER_APPROVER: world.approvers[1].id,
            ADMIN: world.admin.id,
        }
        return cls(world, actors)

    @property
    def system(self) -> FeedbackSystem:
        return self.world.system

    # reports, each private and handled (once assigned) by unit 0 ---------------------------

    def submitted(self) -> Report:
        return self.system.submit_report(self.actors[REPORTER], **report_form())

    def accepted(self) -> Report:
        return self.system.accept_report(self.actors[OPERATOR], self.submitted().id)

    def assigned(self) -> Report:
        report = self.accepted()
        return self.system.assign_report(self.actors[OPERATOR], report.id, [self.world.unit_ids[0]])

    def in_progress(self) -> Report:
        return self.system.start_report(self.actors[OWN_STAFF], self.assigned().id)

    def resolved(self) -> Report:
        report = self.in_progress()
        return self.system.resolve_report(self.actors[OWN_STAFF], report.id, "Đã xử lý xong.")

    # alerts of unit 0, written by its staff -----------------------------------------------

    def draft(self) -> Alert:
        return self.system.create_alert(self.actors[OWN_STAFF], **alert_form(self.world))

    def pending(self) -> Alert:
        return self.system.submit_alert(self.actors[OWN_STAFF], self.draft().id)

    def approved(self) -> Alert:
        return self.system.approve_alert(self.actors[OWN_APPROVER], self.pending().id)


def report_form() -> dict[str, object]:
    return {
        "title": "Rác thải tràn ra đường",
        "content": "Bãi rác ở ấp 3 chưa được thu gom một tuần nay.",
        "category": "moi_truong",
        "address": "Ấp 3, xã Tân Bình, Tây Ninh",
        "public": False,
    }


def alert_form(world: World, headline: str = "Cảnh báo mưa lớn") -> dict[str, object]:
    now = world.clock.now()
    return {
        "headline": headline,
        "description": "Mưa lớn kéo dài, nguy cơ ngập úng cục bộ.",
        "area": "Thành phố Tây Ninh",
        "start": now.add(hours=1),
        "end": now.add(days=1),
    }


@dataclass(frozen=True)
class Case:
    """Put a target in the status where ``action`` is valid, then act on it."""

    prepare: Callable[[Scene], object]
    act: Callable[[Scene, uuid.UUID, object], object]


def _nothing(_: Scene) -> None:
    """Actions that create their target need no preparation."""


def _id(target: object) -> uuid.UUID:
    return target.id  # type: ignore[attr-defined]


CASES: dict[str, Case] = {
    "create_unit": Case(_nothing, lambda s, who, _: s.system.create_unit(who, "soyte", "Sở Y tế")),
    "create_official": Case(
        _nothing,
        lambda s, who, _: s.system.create_official(
            who, role="operator", username="tiepnhan2", password=PASSWORD
        ),
    ),
    "submit_report": Case(_nothing, lambda s, who, _: s.system.submit_report(who, **report_form())),
    "accept_report": Case(Scene.submitted, lambda s, who, r: s.system.accept_report(who, _id(r))),
    "refuse_report": Case(
        Scene.submitted,
        lambda s, who, r: s.system.refuse_report(who, _id(r), "Không thuộc phạm vi tiếp nhận."),
    ),
    "assign_report": Case(
        Scene.accepted,
        lambda s, who, r: s.system.assign_report(who, _id(r), [s.world.unit_ids[0]]),
    ),
    "return_report": Case(
        Scene.assigned,
        lambda s, who, r: s.system.return_report(who, _id(r), "Không thuộc thẩm quyền."),
    ),
    "start_report": Case(Scene.assigned, lambda s, who, r: s.system.start_report(who, _id(r))),
    "resolve_report": Case(
        Scene.in_progress,
        lambda s, who, r: s.system.resolve_report(who, _id(r), "Đã thu gom rác."),
    ),
    "reopen_report": Case(
        Scene.resolved,
        lambda s, who, r: s.system.reopen_report(who, _id(r), "Rác vẫn còn."),
    ),
    "rate_report": Case(Scene.resolved, lambda s, who, r: s.system.rate_report(who, _id(r), 4)),
    "close_report": Case(Scene.resolved, lambda s, who, r: s.system.close_report(who, _id(r))),
    "read_report": Case(Scene.assigned, lambda s, who, r: s.system.read_report(who, _id(r))),
    "list_reports": Case(Scene.assigned, lambda s, who, _: s.system.list_reports(who)),
    "create_alert": Case(
        _nothing, lambda s, who, _: s.system.create_alert(who, **alert_form(s.world))
    ),
    "edit_alert": Case(
        Scene.draft,
        lambda s, who, a: s.system.edit_alert(
            who, _id(a), **alert_form(s.world, "Cảnh báo mưa rất lớn")
        ),
    ),
    "submit_alert": Case(Scene.draft, lambda s, who, a: s.system.submit_alert(who, _id(a))),
    "supersede_alert": Case(
        Scene.approved,
        lambda s, who, a: s.system.supersede_alert(
            who, _id(a), **alert_form(s.world, "Cập nhật: mưa lớn")
        ),
    ),
    "approve_alert": Case(Scene.pending, lambda s, who, a: s.system.approve_alert(who, _id(a))),
    "reject_alert": Case(
        Scene.pending,
        lambda s, who, a: s.system.reject_alert(who, _id(a), "Cần ghi rõ khu vực."),
    ),
    "cancel_alert": Case(Scene.approved, lambda s, who, a: s.system.cancel_alert(who, _id(a))),
    "list_alerts": Case(Scene.draft, lambda s, who, _: s.system.list_alerts(who)),
}


def test_every_guarded_use_case_has_an_expected_row_and_a_case() -> None:
    assert set(EXPECTED_ALLOWED) == set(CASES)


COMBINATIONS = [
    pytest.param(
        action,
        who,
        who in EXPECTED_ALLOWED[action],
        id=f"{action}-{who}-{'allowed' if who in EXPECTED_ALLOWED[action] else 'denied'}",
    )
    for action in EXPECTED_ALLOWED
    for who in ACTORS
]


@pytest.mark.parametrize(("action", "who", "allowed"), COMBINATIONS)
def test_only_the_expected_actors_may_act(
    world: World, action: str, who: str, allowed: bool
) -> None:
    scene = Scene.of(world)
    case = CASES[action]
    target = case.prepare(scene)
    before = world.storage.snapshot()  # type: ignore[attr-defined]

    if allowed:
        case.act(scene, scene.actors[who], target)
        changed = world.storage.snapshot() != before  # type: ignore[attr-defined]
        assert (action not in READ_ONLY) == changed
        return

    hidden = action in HIDDEN_WHEN_DENIED and who != PENDING_CITIZEN
    expected_error, expected_field = (
        (NotFound, "report_id") if hidden else (PermissionDenied, "actor")
    )
    with pytest.raises(expected_error) as refused:
        case.act(scene, scene.actors[who], target)
    assert expected_field == refused.value.field
    assert before == world.storage.snapshot()  # type: ignore[attr-defined]


# self-approval ----------------------------------------------------------------------------


def _world_with(policy: AlertPolicy) -> World:
    settings = Settings(secret_key=SECRET_KEY, alerts=policy)
    return World.build(MemoryStorage(), RecordingSmsSender(), settings)


def _own_pending_alert(world: World) -> Alert:
    leader = world.approvers[0].id
    draft = world.system.create_alert(leader, **alert_form(world))
    return world.system.submit_alert(leader, draft.id)


def test_an_approver_may_approve_their_own_alert_by_default(world: World) -> None:
    alert = _own_pending_alert(world)

    approved = world.system.approve_alert(world.approvers[0].id, alert.id)

    assert world.approvers[0].id == approved.approved_by


def test_forbid_self_approval_stops_an_approver_approving_their_own_alert() -> None:
    world = _world_with(AlertPolicy(forbid_self_approval=True))
    alert = _own_pending_alert(world)
    before = world.storage.snapshot()  # type: ignore[attr-defined]

    with pytest.raises(PermissionDenied) as refused:
        world.system.approve_alert(world.approvers[0].id, alert.id)

    assert "actor" == refused.value.field
    assert before == world.storage.snapshot()  # type: ignore[attr-defined]


def test_forbid_self_approval_still_lets_the_approver_approve_staff_alerts() -> None:
    world = _world_with(AlertPolicy(forbid_self_approval=True))
    draft = world.system.create_alert(world.staff[0].id, **alert_form(world))
    pending = world.system.submit_alert(world.staff[0].id, draft.id)

    approved = world.system.approve_alert(world.approvers[0].id, pending.id)

    assert world.approvers[0].id == approved.approved_by


def test_an_account_that_is_not_active_may_do_nothing(world):
    pending = attrs.evolve(world.operator, status=AccountStatus.PENDING)
    assert may(world.operator, Action.ACCEPT_REPORT)
    assert not may(pending, Action.ACCEPT_REPORT)
