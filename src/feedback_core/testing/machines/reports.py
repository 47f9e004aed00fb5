"""`ReportLifecycle`: reports sent, routed, answered, reopened and rated, against a plain model.

The model knows per report its status, the units holding it, whether it was reopened
and rated, and the actions that moved it. The rules of docs/rules.md are written out here in
plain code (`ReportModel`, in `feedback_core.testing.machines.models`); the transition
table in `feedback_core.reports.model` is only the yardstick for the stored history.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Final

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, invariant, multiple, rule

from feedback_core.errors import InvalidTransition, NotFound, PermissionDenied
from feedback_core.reports.model import ReportAction, ReportStatus, allowed, replay
from feedback_core.testing.machines.base import UNIT_ACCOUNTS, WorldMachine, some_actor
from feedback_core.testing.machines.models import ReportModel
from feedback_core.testing.strategies import report_forms, spans

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from hypothesis.stateful import MultipleResults

    from feedback_core.paging import Cursor, Page
    from feedback_core.reports.model import Report
    from feedback_core.reports.views import PublicReport

S, A = ReportStatus, ReportAction
CITIZENS: Final = ("citizen", "citizen2")
ACTORS: Final = (*CITIZENS, *UNIT_ACCOUNTS, "operator", "admin")
SECOND_CITIZEN_PHONE: Final = "0387654321"
UNITS: Final = st.lists(st.integers(0, 1), min_size=1, max_size=3)  # repeats are allowed
PAGE: Final = 7  # small pages, so listings also cross page boundaries
NOTES: Final = st.sampled_from(("Không thuộc thẩm quyền", "Đã xử lý xong", "Chưa thỏa đáng"))


class ReportLifecycle(WorldMachine):
    """Random actors act on reports; the stored status and history must follow the rules."""

    reports = Bundle("reports")

    def __init__(self) -> None:
        super().__init__()
        # A second citizen, who must never see the first one's reports.
        self.named["citizen2"] = self.world.new_citizen(SECOND_CITIZEN_PHONE)
        self.model: dict[uuid.UUID, ReportModel] = {}

    def _act(
        self,
        action: ReportAction,
        actor: str,
        report: uuid.UUID,
        *,
        may: bool,
        to: ReportStatus | None,
        call: Callable[..., Report],
    ) -> bool:
        """``call`` as ``actor``: refused without leave, invalid when the model has no ``to``."""
        who = self.account(actor).id
        if not may:
            self.refused_unchanged(partial(call, who, report), PermissionDenied)
            return False
        if to is None:
            self.refused_unchanged(partial(call, who, report), InvalidTransition)
            return False
        m = self.model[report]
        assert to == call(who, report).status  # noqa: S101
        m.status = to
        m.actions.append(action)
        return True

    # rules -------------------------------------------------------------------------------

    @rule(target=reports, actor=some_actor(CITIZENS, ACTORS), data=st.data())
    def submit(self, actor: str, data: st.DataObject) -> MultipleResults[uuid.UUID] | uuid.UUID:
        """Citizens send reports; officials cannot."""
        form = data.draw(report_forms(self.system.settings.categories))
        call = partial(self.system.submit_report, self.account(actor).id, **form)
        if actor not in CITIZENS:
            self.refused_unchanged(call, PermissionDenied)
            return multiple()
        report = call()
        self.model[report.id] = ReportModel(actor, bool(form["public"]))
        return report.id

    @rule(actor=some_actor(("operator",), ACTORS), report=reports)
    def accept(self, actor: str, report: uuid.UUID) -> None:
        """An operator accepts a submitted report."""
        to = S.ACCEPTED if self.model[report].status is S.SUBMITTED else None
        call = self.system.accept_report
        self._act(A.ACCEPT, actor, report, may=actor == "operator", to=to, call=call)

    @rule(actor=some_actor(("operator",), ACTORS), report=reports, reason=NOTES)
    def refuse(self, actor: str, report: uuid.UUID, reason: str) -> None:
        """An operator refuses a submitted report, saying why."""
        to = S.REFUSED if self.model[report].status is S.SUBMITTED else None
        call = partial(self.system.refuse_report, reason=reason)
        self._act(A.REFUSE, actor, report, may=actor == "operator", to=to, call=call)

    @rule(actor=some_actor(("operator",), ACTORS), report=reports, units=UNITS)
    def assign(self, actor: str, report: uuid.UUID, units: list[int]) -> None:
        """An operator routes an accepted report to one or more units."""
        m = self.model[report]
        to = S.ASSIGNED if m.status is S.ACCEPTED else None
        call = partial(self.system.assign_report, units=[self.world.unit_ids[u] for u in units])
        if self._act(A.ASSIGN, actor, report, may=actor == "operator", to=to, call=call):
            m.units = frozenset(units)

    @rule(actor=some_actor(UNIT_ACCOUNTS, ACTORS), report=reports, reason=NOTES)
    def give_back(self, actor: str, report: uuid.UUID, reason: str) -> None:
        """A unit returns a report; the last one hands it back to the operators."""
        m, unit = self.model[report], self.unit_of(actor)
        rest = m.units - {unit}
        held = m.status in {S.ASSIGNED, S.IN_PROGRESS}
        to = (m.status if rest else S.ACCEPTED) if held else None
        call = partial(self.system.return_report, reason=reason)
        if self._act(A.RETURN, actor, report, may=unit in m.units, to=to, call=call):
            m.units = rest

    @rule(actor=some_actor(UNIT_ACCOUNTS, ACTORS), report=reports)
    def start(self, actor: str, report: uuid.UUID) -> None:
        """A unit holding an assigned report starts work."""
        m = self.model[report]
        to = S.IN_PROGRESS if m.status is S.ASSIGNED else None
        may = self.unit_of(actor) in m.units
        self._act(A.START, actor, report, may=may, to=to, call=self.system.start_report)

    @rule(actor=some_actor(UNIT_ACCOUNTS, ACTORS), report=reports, response=NOTES)
    def resolve(self, actor: str, report: uuid.UUID, response: str) -> None:
        """A unit holding a report in progress answers it."""
        m = self.model[report]
        to = S.RESOLVED if m.status is S.IN_PROGRESS else None
        call = partial(self.system.resolve_report, response=response)
        self._act(A.RESOLVE, actor, report, may=self.unit_of(actor) in m.units, to=to, call=call)

    @rule(actor=some_actor(CITIZENS, ACTORS), report=reports, reason=NOTES)
    def reopen(self, actor: str, report: uuid.UUID, reason: str) -> None:
        """The reporter reopens a resolved report, once."""
        m = self.model[report]
        to = S.IN_PROGRESS if m.status is S.RESOLVED and not m.reopened else None
        call = partial(self.system.reopen_report, reason=reason)
        if self._act(A.REOPEN, actor, report, may=actor == m.reporter, to=to, call=call):
            m.reopened = True

    @rule(actor=some_actor(CITIZENS, ACTORS), report=reports, stars=st.integers(1, 5))
    def rate(self, actor: str, report: uuid.UUID, stars: int) -> None:
        """The reporter rates a resolved or closed report 1..5, once."""
        m = self.model[report]
        to = m.status if m.status in {S.RESOLVED, S.CLOSED} and m.rating is None else None
        call = partial(self.system.rate_report, rating=stars)
        if self._act(A.RATE, actor, report, may=actor == m.reporter, to=to, call=call):
            m.rating = stars

    @rule(actor=some_actor(("operator", *CITIZENS), ACTORS), report=reports)
    def close(self, actor: str, report: uuid.UUID) -> None:
        """An operator or the reporter closes a resolved report."""
        m = self.model[report]
        to = S.CLOSED if m.status is S.RESOLVED else None
        may = actor in {"operator", m.reporter}
        self._act(A.CLOSE, actor, report, may=may, to=to, call=self.system.close_report)

    @rule(report=reports)
    def everyone_reads(self, report: uuid.UUID) -> None:
        """Those who may see a report read it; to anyone else it does not exist."""
        m = self.model[report]
        for actor in ACTORS:
            who = self.account(actor).id
            if m.seen_by(actor, self.unit_of(actor)):
                assert m.status == self.system.read_report(who, report).report.status  # noqa: S101
            else:
                self.refused_unchanged(partial(self.system.read_report, who, report), NotFound)

    @rule(report=reports)
    def read_public(self, report: uuid.UUID) -> None:
        """The public sees accepted public reports only."""
        if self.model[report].public_now:
            assert report == self.system.public_report(report).id  # noqa: S101
        else:
            self.refused_unchanged(partial(self.system.public_report, report), NotFound)

    @rule(report=reports, data=st.data())
    def move_along(self, report: uuid.UUID, data: st.DataObject) -> None:
        """The right people take a few steps the rules allow, so runs reach answers and ratings."""
        for _ in range(data.draw(st.integers(1, 8), label="steps")):
            options = self._next_steps(report, data)
            if not options:
                return
            data.draw(st.sampled_from(options), label="step")()

    def _next_steps(self, report: uuid.UUID, data: st.DataObject) -> list[Callable[[], None]]:
        m = self.model[report]
        holder, by = f"staff{min(m.units, default=0)}", m.reporter
        stars = st.integers(1, 5)
        routing = [lambda: self.give_back(holder, report, "Không thuộc thẩm quyền")]
        steps: dict[ReportStatus, list[Callable[[], None]]] = {
            S.SUBMITTED: [lambda: self.accept("operator", report)] * 3
            + [lambda: self.refuse("operator", report, "Trùng lặp")],
            S.ACCEPTED: [lambda: self.assign("operator", report, data.draw(UNITS, label="units"))],
            S.ASSIGNED: [lambda: self.start(holder, report)] * 3 + routing,
            S.IN_PROGRESS: [lambda: self.resolve(holder, report, "Đã sửa xong")] * 3 + routing,
            S.RESOLVED: [
                lambda: self.close(
                    data.draw(st.sampled_from(("operator", by)), label="by"), report
                ),
                lambda: self.reopen(by, report, "Chưa sửa"),
                lambda: self.rate(by, report, data.draw(stars, label="stars")),
            ],
            S.CLOSED: [lambda: self.rate(by, report, data.draw(stars, label="stars"))],
        }
        return steps.get(m.status, [])

    @rule(step=spans(dt.timedelta(days=5)))
    def time_passes(self, step: dt.timedelta) -> None:
        """Deadlines run; nothing about a report's status may change by itself."""
        self.clock.advance(step)

    # invariants --------------------------------------------------------------------------

    @invariant()
    def reports_are_as_modelled(self) -> None:
        """Status, units, reopen and rating as the model says; the history is that path."""
        operator = self.account("operator").id
        for report_id, m in self.model.items():
            view = self.system.read_report(operator, report_id)
            units = frozenset(self.world.unit_ids.index(u) for u in view.report.units)
            got = (view.report.status, units, view.report.reopened, view.report.rating)
            assert (m.status, m.units, m.reopened, m.rating) == got  # noqa: S101
            assert m.actions == [e.action for e in view.history]  # noqa: S101

    @invariant()
    def history_replays_to_the_status_within_the_table(self) -> None:
        """Every stored step is in reports.TRANSITIONS, and replaying them gives the status."""
        operator = self.account("operator").id
        for report_id in self.model:
            view = self.system.read_report(operator, report_id)
            for e in view.history:
                assert e.to_status in allowed(e.action, e.from_status), e  # noqa: S101
            assert view.report.status == replay(view.history)  # noqa: S101

    @invariant()
    def everyone_lists_what_they_may_see(self) -> None:
        """Citizens list their own reports, units what they hold, operators all; admins none."""
        for actor in ACTORS:
            unit, who = self.unit_of(actor), self.account(actor).id
            listing = partial(self.system.list_reports, who, limit=PAGE)
            if actor == "admin":
                self.refused_unchanged(listing, PermissionDenied)
                continue
            expected = sorted(i for i, m in self.model.items() if m.seen_by(actor, unit))
            assert expected == sorted(self._all_pages(listing))  # noqa: S101

    @invariant()
    def public_list_is_accepted_public_reports(self) -> None:
        """The public list shows public reports that an operator accepted, nothing else."""
        expected = sorted(i for i, m in self.model.items() if m.public_now)
        listed = self._all_pages(partial(self.system.public_reports, limit=PAGE))
        assert expected == sorted(listed)  # noqa: S101

    @staticmethod
    def _all_pages(page: Callable[..., Page[Report] | Page[PublicReport]]) -> list[uuid.UUID]:
        """Every id over all pages, following the cursors."""
        ids: list[uuid.UUID] = []
        after: Cursor | None = None
        while True:
            result = page(after=after)
            ids += [r.id for r in result.items]
            after = result.next
            if after is None:
                return ids
