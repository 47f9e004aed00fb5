"""Use cases of reports: each one transaction that checks who acts and writes the history."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import pendulum

from feedback_core import fields
from feedback_core.accounts.model import Account, Role
from feedback_core.accounts.permissions import Action, may, require
from feedback_core.errors import PermissionDenied
from feedback_core.messages import message
from feedback_core.paging import Cursor, Page, page_request
from feedback_core.reports import flow as report_flow
from feedback_core.reports.events import ReportEvent
from feedback_core.reports.flow import ReportChange
from feedback_core.reports.input import check_report_draft, check_units
from feedback_core.reports.model import Report, ReportQuery, ReportStatus
from feedback_core.reports.notices import notices_owed
from feedback_core.reports.views import (
    PublicReport,
    ReportView,
    is_public,
    public_view,
    report_view,
)
from feedback_core.transitions import Kind, run
from feedback_core.work import Context, UnitOfWork, actor, new_id, not_found

if TYPE_CHECKING:
    import uuid

    from feedback_core.events import Event

Move = Callable[[UnitOfWork, Report, Account, pendulum.DateTime], ReportChange]


def submit_report(ctx: Context, actor_id: object, **form: object) -> Report:
    """A citizen sends a report."""
    draft = check_report_draft(ctx.settings.categories, form)
    with ctx.transaction() as tx:
        citizen = actor(tx, actor_id)
        require(citizen, Action.SUBMIT_REPORT)
        change = report_flow.submit(new_id(), citizen.id, draft, ctx.clock.now())
        tx.reports.add(change.report, change.entry)
        tx.emit([ReportEvent.of(change.entry)])
        return change.report


def _write(work: UnitOfWork, change: ReportChange) -> tuple[Report, list[Event]]:
    work.reports.update(change.report, change.entry)
    owed = notices_owed(work, change.entry, change.report.reporter_id)
    return change.report, [ReportEvent.of(change.entry), *owed]


REPORTS: Final[Kind[Report, ReportChange]] = Kind(
    "report", "report_id", lambda work, rid: work.reports.get(rid), _write
)


def act(
    ctx: Context,
    action: Action,
    actor_id: object,
    report_id: object,
    move: Move,
    expected_version: object = None,
) -> Report:
    """One guarded report transition: the actor needs ``action`` on this report."""

    def permit(who: Account, report: Report) -> None:
        require(who, action, units=report.units, owner_id=report.reporter_id)

    return run(ctx, REPORTS, actor_id, report_id, expected_version, permit, move)


def assign_report(
    ctx: Context,
    actor_id: object,
    report_id: object,
    units: object,
    expected_version: object = None,
) -> Report:
    """An operator routes a report to one or more existing units."""
    wanted = check_units(units)

    def move(tx: UnitOfWork, r: Report, a: Account, now: pendulum.DateTime) -> ReportChange:
        unit_ids = tuple(dict.fromkeys(_unit_id(tx, unit) for unit in wanted))
        return report_flow.assign(r, a.id, now, unit_ids)

    return act(ctx, Action.ASSIGN_REPORT, actor_id, report_id, move, expected_version)


def _unit_id(tx: UnitOfWork, unit: uuid.UUID | str) -> uuid.UUID:
    found = tx.units.by_code(unit) if isinstance(unit, str) else tx.units.get(unit)
    if found is None:
        raise not_found("unit", "units")
    return found.id


def return_report(
    ctx: Context, actor_id: object, report_id: object, why: object, expected_version: object = None
) -> Report:
    """A unit returns a report that is not its competence."""
    note = fields.reason("reason", why)

    def move(_: UnitOfWork, r: Report, a: Account, now: pendulum.DateTime) -> ReportChange:
        assert a.unit_id is not None  # noqa: S101 - only unit roles pass `require`
        return report_flow.give_back(r, a.id, now, a.unit_id, note)

    return act(ctx, Action.RETURN_REPORT, actor_id, report_id, move, expected_version)


def rate_report(ctx: Context, actor_id: object, report_id: object, stars: object) -> Report:
    """The reporter rates the answer 1..5, once."""
    value = fields.integer("rating", stars, low=1, high=5)
    return act(
        ctx,
        Action.RATE_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.rate(r, a.id, now, value),
    )


def read_report(ctx: Context, actor_id: object, report_id: object) -> ReportView:
    """The whole report for someone allowed to see it."""
    rid = fields.identifier("report_id", report_id)
    with ctx.transaction() as tx:
        who = actor(tx, actor_id)
        report = _load(tx, rid)
        visible = may(who, Action.READ_REPORT, units=report.units, owner_id=report.reporter_id)
        if not visible:
            raise not_found("report", "report_id")  # private reports are not even confirmed
        history = tuple(tx.reports.history(rid))
    return report_view(
        report, history, ctx.clock.now(), ctx.settings.calendar, ctx.settings.deadlines
    )


def public_report(ctx: Context, report_id: object) -> PublicReport:
    """A public report, without its reporter."""
    rid = fields.identifier("report_id", report_id)
    with ctx.transaction() as tx:
        report = tx.reports.get(rid)
    if report is None or not is_public(report):
        raise not_found("report", "report_id")
    return public_view(report, ctx.settings.calendar, ctx.settings.deadlines)


def list_reports(
    ctx: Context, actor_id: object, status: object = None, after: object = None, limit: object = 50
) -> Page[Report]:
    """The reports an actor works with: own (citizen), own unit's, or all (operators)."""
    query_status = None if status is None else fields.choice("status", status, ReportStatus)
    cursor, size = page_request(after, limit)
    with ctx.transaction() as tx:
        query = _query_for(actor(tx, actor_id), query_status)
        rows = tx.reports.page(query, cursor, size)
    return _page(rows, size)


def public_reports(ctx: Context, after: object = None, limit: object = 50) -> Page[PublicReport]:
    """Public reports that operators accepted, newest first."""
    cursor, size = page_request(after, limit)
    items: list[PublicReport] = []
    read_all = False
    calendar, policy = ctx.settings.calendar, ctx.settings.deadlines
    with ctx.transaction() as tx:
        # Filtering out not-yet-public statuses may leave a page short: read on until full.
        while len(items) < size and not read_all:
            rows = tx.reports.page(ReportQuery(public_only=True), cursor, size)
            items += [public_view(r, calendar, policy) for r in rows if is_public(r)]
            read_all = len(rows) < size
            cursor = Cursor(rows[-1].submitted_at, rows[-1].id) if rows else cursor
    if read_all and len(items) <= size:
        return Page(tuple(items))
    # A last read may overfill the page: the next one starts after its last item.
    last = items[size - 1]
    return Page(tuple(items[:size]), Cursor(last.submitted_at, last.id))


def _query_for(who: Account, status: ReportStatus | None) -> ReportQuery:
    if who.role is Role.CITIZEN:
        return ReportQuery(reporter_id=who.id, status=status)
    if who.unit_id is not None:
        return ReportQuery(unit_id=who.unit_id, status=status)
    if may(who, Action.LIST_ALL_REPORTS):
        return ReportQuery(status=status)
    raise PermissionDenied(message("permission_denied", action="list_reports"), field="actor")


def _page(rows: list[Report], size: int) -> Page[Report]:
    if len(rows) < size:
        return Page(tuple(rows))
    return Page(tuple(rows), Cursor(rows[-1].submitted_at, rows[-1].id))


def _load(tx: UnitOfWork, report_id: uuid.UUID) -> Report:
    report = tx.reports.get(report_id)
    if report is None:
        raise not_found("report", "report_id")
    return report


def accept_report(
    ctx: Context, actor_id: object, report_id: object, expected_version: object = None
) -> Report:
    """An operator takes a submitted report in."""
    return act(
        ctx,
        Action.ACCEPT_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.accept(r, a.id, now),
        expected_version,
    )


def refuse_report(
    ctx: Context, actor_id: object, report_id: object, why: object, expected_version: object = None
) -> Report:
    """An operator declines a submitted report, saying why."""
    note = fields.reason("reason", why)
    return act(
        ctx,
        Action.REFUSE_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.refuse(r, a.id, now, note),
        expected_version,
    )


def start_report(
    ctx: Context, actor_id: object, report_id: object, expected_version: object = None
) -> Report:
    """A handling unit starts work."""
    return act(
        ctx,
        Action.START_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.start(r, a.id, now),
        expected_version,
    )


def resolve_report(
    ctx: Context,
    actor_id: object,
    report_id: object,
    response: object,
    expected_version: object = None,
) -> Report:
    """A handling unit answers the report."""
    answer = fields.reason("response", response)
    return act(
        ctx,
        Action.RESOLVE_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.resolve(r, a.id, now, answer),
        expected_version,
    )


def reopen_report(ctx: Context, actor_id: object, report_id: object, why: object) -> Report:
    """The reporter reopens a resolved report, once."""
    note = fields.reason("reason", why)
    return act(
        ctx,
        Action.REOPEN_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.reopen(r, a.id, now, note),
    )


def close_report(
    ctx: Context, actor_id: object, report_id: object, expected_version: object = None
) -> Report:
    """An operator or the reporter closes a resolved report."""
    return act(
        ctx,
        Action.CLOSE_REPORT,
        actor_id,
        report_id,
        lambda _, r, a, now: report_flow.close(r, a.id, now),
        expected_version,
    )
