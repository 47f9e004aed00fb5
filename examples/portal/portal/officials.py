"""The officials' pages: the operator's queue, a unit's reports, alerts and their approval.

This module is the operator's part, and its `router` carries the unit's reports
(`unit_reports`) and the alerts (`alerts_pages`) too, so app.py includes one router for
every official's page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from feedback_core import FeedbackError, ReportStatus
from feedback_core.accounts.model import Role
from portal import alerts_pages, texts, unit_reports
from portal.desk import (
    notice,
    problem,
    report_page,
    require_role,
    status_of,
    take_step,
    version_of,
    views,
)
from portal.web import page_of

if TYPE_CHECKING:
    from feedback_core.accounts.model import Account
    from portal.desk import Step
    from portal.web import Page

router = APIRouter()
DONE: Final = ("accepted", "refused", "assigned")


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, done: str = "", new: str = "", accepted: str = "") -> Response:
    """New reports to accept or refuse, and accepted ones to send to units."""
    page = page_of(request)
    account = require_role(page, Role.OPERATOR)
    return _queue(page, account, notice(page, done, DONE), after=(new, accepted))


@router.get("/queue/{report_id}", response_class=HTMLResponse)
def queue_report(request: Request, report_id: str, done: str = "") -> Response:
    """One report: what the citizen wrote, its deadlines, its history, the next steps."""
    page = page_of(request)
    account = require_role(page, Role.OPERATOR)
    return report_page(page, account, report_id, "/queue", notice(page, done, DONE))


@router.post("/queue/{report_id}/accept")
async def accept(request: Request, report_id: str) -> Response:
    """Accept a new report: the resolve deadline starts."""
    return await _step(
        request,
        report_id,
        "accepted",
        lambda system, who, rid, form: system.accept_report(
            who, rid, expected_version=version_of(form)
        ),
    )


@router.post("/queue/{report_id}/refuse")
async def refuse(request: Request, report_id: str) -> Response:
    """Refuse a new report, saying why (the citizen is told)."""
    return await _step(
        request,
        report_id,
        "refused",
        lambda system, who, rid, form: system.refuse_report(
            who, rid, form.get("reason", ""), expected_version=version_of(form)
        ),
    )


@router.post("/queue/{report_id}/assign")
async def assign(request: Request, report_id: str) -> Response:
    """Send an accepted report to the units ticked."""
    # A form's ticked boxes share one name; `posted` keeps one value per name.
    ticked = (await request.form()).getlist("units")
    units = [code for code in ticked if isinstance(code, str)]
    return await _step(
        request,
        report_id,
        "assigned",
        lambda system, who, rid, form: system.assign_report(
            who, rid, units, expected_version=version_of(form)
        ),
    )


async def _step(request: Request, report_id: str, done: str, step: Step) -> Response:
    return await take_step(
        request,
        report_id,
        roles=(Role.OPERATOR,),
        base="/queue",
        done=done,
        step=step,
        listing=lambda page, account, error: _queue(page, account, error=error),
    )


def _queue(
    page: Page,
    account: Account,
    done: str = "",
    *,
    error: FeedbackError | None = None,
    after: tuple[str, str] = ("", ""),
) -> Response:
    try:
        new = page.system.list_reports(
            account, status=ReportStatus.SUBMITTED, after=after[0] or None
        )
        accepted = page.system.list_reports(
            account, status=ReportStatus.ACCEPTED, after=after[1] or None
        )
    except FeedbackError as bad_page:  # a cursor mangled in the URL
        return page.render("error.html", status_of(bad_page), message=problem(page, bad_page))
    return page.render(
        "officials/queue.html",
        status_of(error) if error else 200,
        notice=done,
        error=problem(page, error) if error else "",
        new=views(page, account, new.items),
        new_next=new.next.token if new.next else "",
        accepted=views(page, account, accepted.items),
        accepted_next=accepted.next.token if accepted.next else "",
        units=page.system.units(),
    )


router.include_router(unit_reports.router)
router.include_router(alerts_pages.router)

texts.add(
    vi={
        "desk_queue_title": "Phản ánh mới",
        "desk_queue_new": "Chờ tiếp nhận",
        "desk_queue_accepted": "Đã tiếp nhận, chờ chuyển đơn vị",
        "desk_accept": "Tiếp nhận",
        "desk_refuse": "Từ chối",
        "desk_refuse_reason": "Lý do từ chối",
        "desk_refuse_send": "Gửi lý do từ chối",
        "desk_assign_to": "Chuyển đến đơn vị",
        "desk_assign": "Chuyển xử lý",
        "desk_done_accepted": "Đã tiếp nhận phản ánh.",
        "desk_done_refused": "Đã từ chối phản ánh.",
        "desk_done_assigned": "Đã chuyển phản ánh đến đơn vị.",
        "desk_accepted_at": "Tiếp nhận lúc",
    },
    en={
        "desk_queue_title": "New reports",
        "desk_queue_new": "Waiting to be accepted",
        "desk_queue_accepted": "Accepted, waiting for a unit",
        "desk_accept": "Accept",
        "desk_refuse": "Refuse",
        "desk_refuse_reason": "Why it is refused",
        "desk_refuse_send": "Send the refusal",
        "desk_assign_to": "Send to units",
        "desk_assign": "Send to the units",
        "desk_done_accepted": "The report was accepted.",
        "desk_done_refused": "The report was refused.",
        "desk_done_assigned": "The report was sent to the units.",
        "desk_accepted_at": "Accepted at",
    },
)
