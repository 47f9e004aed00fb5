"""A unit's reports: start handling one, send one back, answer one; deadlines in sight."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from feedback_core import FeedbackError
from portal import texts
from portal.desk import (
    UNIT_ROLES,
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
BASE: Final = "/unit/reports"
DONE: Final = ("started", "returned", "resolved")


@router.get(BASE, response_class=HTMLResponse)
def unit_reports(request: Request, done: str = "", after: str = "") -> Response:
    """The reports assigned to the account's unit, newest first."""
    page = page_of(request)
    account = require_role(page, *UNIT_ROLES)
    return _listing(page, account, notice(page, done, DONE), after=after)


@router.get(BASE + "/{report_id}", response_class=HTMLResponse)
def unit_report(request: Request, report_id: str, done: str = "") -> Response:
    """One of the unit's reports, with its history and the steps its status allows."""
    page = page_of(request)
    account = require_role(page, *UNIT_ROLES)
    return report_page(page, account, report_id, BASE, notice(page, done, DONE))


@router.post(BASE + "/{report_id}/start")
async def start(request: Request, report_id: str) -> Response:
    """Start handling an assigned report."""
    return await _step(
        request,
        report_id,
        "started",
        lambda system, who, rid, form: system.start_report(
            who, rid, expected_version=version_of(form)
        ),
    )


@router.post(BASE + "/{report_id}/return")
async def send_back(request: Request, report_id: str) -> Response:
    """Send a report back as not the unit's competence, saying why."""
    return await _step(
        request,
        report_id,
        "returned",
        lambda system, who, rid, form: system.return_report(
            who, rid, form.get("reason", ""), expected_version=version_of(form)
        ),
    )


@router.post(BASE + "/{report_id}/resolve")
async def resolve(request: Request, report_id: str) -> Response:
    """Answer a report in progress: the citizen reads the answer."""
    return await _step(
        request,
        report_id,
        "resolved",
        lambda system, who, rid, form: system.resolve_report(
            who, rid, form.get("response", ""), expected_version=version_of(form)
        ),
    )


async def _step(request: Request, report_id: str, done: str, step: Step) -> Response:
    return await take_step(
        request,
        report_id,
        roles=UNIT_ROLES,
        base=BASE,
        done=done,
        step=step,
        listing=lambda page, account, error: _listing(page, account, error=error),
    )


def _listing(
    page: Page,
    account: Account,
    done: str = "",
    *,
    error: FeedbackError | None = None,
    after: str = "",
) -> Response:
    try:
        found = page.system.list_reports(account, after=after or None)
    except FeedbackError as bad_page:  # a cursor mangled in the URL
        return page.render("error.html", status_of(bad_page), message=problem(page, bad_page))
    return page.render(
        "officials/unit_reports.html",
        status_of(error) if error else 200,
        notice=done,
        error=problem(page, error) if error else "",
        reports=views(page, account, found.items),
        next=found.next.token if found.next else "",
    )


texts.add(
    vi={
        "desk_unit_title": "Phản ánh của đơn vị",
        "desk_start": "Bắt đầu xử lý",
        "desk_return": "Trả lại",
        "desk_return_reason": "Lý do trả lại",
        "desk_return_send": "Gửi lý do trả lại",
        "desk_resolve": "Trả lời",
        "desk_resolve_text": "Nội dung trả lời công dân",
        "desk_resolve_send": "Gửi trả lời",
        "desk_done_started": "Đã bắt đầu xử lý phản ánh.",
        "desk_done_returned": "Đã trả lại phản ánh.",
        "desk_done_resolved": "Đã gửi trả lời phản ánh.",
    },
    en={
        "desk_unit_title": "The unit's reports",
        "desk_start": "Start handling",
        "desk_return": "Send back",
        "desk_return_reason": "Why it is sent back",
        "desk_return_send": "Send it back",
        "desk_resolve": "Answer",
        "desk_resolve_text": "The answer to the citizen",
        "desk_resolve_send": "Send the answer",
        "desk_done_started": "Handling of the report started.",
        "desk_done_returned": "The report was sent back.",
        "desk_done_resolved": "The answer was sent.",
    },
)
