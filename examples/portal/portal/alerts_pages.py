"""A unit's alerts ("thông tin cảnh báo"): write one, send it to the leader, who approves.

Unit staff and the leader write drafts and submit them; the leader (unit approver) alone
sees the "Duyệt" column: approve or reject (with a reason) what is pending, cancel what
was approved and has not ended. The home page shows an approved alert from its start to
its end: the core derives that from the clock, so nothing here schedules it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from feedback_core import FeedbackError, ValidationError, alert_status_at
from feedback_core.accounts.model import Role
from portal import texts
from portal.desk import UNIT_ROLES, notice, problem, require_role, status_of, take_step, version_of
from portal.timefmt import typed
from portal.web import page_of, posted

if TYPE_CHECKING:
    from feedback_core.accounts.model import Account
    from feedback_core.alerts.input import AlertForm
    from portal.desk import Step
    from portal.web import Page

router = APIRouter()
BASE: Final = "/alerts/manage"
DONE: Final = ("created", "submitted", "approved", "rejected", "cancelled")
FIELDS: Final = ("headline", "description", "area", "start", "end")


@router.get(BASE, response_class=HTMLResponse)
def manage(request: Request, done: str = "", after: str = "") -> Response:
    """The unit's alerts with their status, and the form to write a new one."""
    page = page_of(request)
    account = require_role(page, *UNIT_ROLES)
    return _listing(page, account, notice(page, done, DONE), after=after)


@router.post(BASE)
async def create(request: Request) -> Response:
    """Write a draft; the start and end are typed in Vietnam time."""
    page = page_of(request)
    account = require_role(page, *UNIT_ROLES)
    form = await posted(request, page)
    values = {name: form.get(name, "") for name in FIELDS}
    draft: AlertForm = {
        "headline": values["headline"],
        "description": values["description"],
        "area": values["area"],
    }
    bad_times: dict[str, str] = {}
    try:
        draft["start"] = typed(values["start"])
    except ValueError:
        bad_times["start"] = page.t("alerts_bad_time")
    try:
        draft["end"] = typed(values["end"])
    except ValueError:
        bad_times["end"] = page.t("alerts_bad_time")
    try:
        # Left out, a time the browser sent wrong is "required" to the core, so the core
        # still checks every other field and the form says everything at once.
        page.system.create_alert(account, **draft)
    except ValidationError as error:
        errors = page.field_errors(error) | bad_times
        return _listing(page, account, error=error, errors=errors, values=values)
    except FeedbackError as error:
        return _listing(page, account, error=error, values=values)
    return page.redirect(BASE + "?done=created")


@router.post(BASE + "/{alert_id}/submit")
async def submit(request: Request, alert_id: str) -> Response:
    """Send a draft to the unit leader."""
    return await _step(
        request,
        alert_id,
        "submitted",
        UNIT_ROLES,
        lambda system, who, aid, form: system.submit_alert(
            who, aid, expected_version=version_of(form)
        ),
    )


@router.post(BASE + "/{alert_id}/approve")
async def approve(request: Request, alert_id: str) -> Response:
    """The leader approves: the alert is in force from its start."""
    return await _step(
        request,
        alert_id,
        "approved",
        (Role.UNIT_APPROVER,),
        lambda system, who, aid, form: system.approve_alert(
            who, aid, expected_version=version_of(form)
        ),
    )


@router.post(BASE + "/{alert_id}/reject")
async def reject(request: Request, alert_id: str) -> Response:
    """The leader sends it back to draft, saying why."""
    return await _step(
        request,
        alert_id,
        "rejected",
        (Role.UNIT_APPROVER,),
        lambda system, who, aid, form: system.reject_alert(
            who, aid, form.get("reason", ""), expected_version=version_of(form)
        ),
    )


@router.post(BASE + "/{alert_id}/cancel")
async def cancel(request: Request, alert_id: str) -> Response:
    """The leader withdraws an approved alert before its end."""
    return await _step(
        request,
        alert_id,
        "cancelled",
        (Role.UNIT_APPROVER,),
        lambda system, who, aid, form: system.cancel_alert(
            who, aid, expected_version=version_of(form)
        ),
    )


async def _step(
    request: Request, alert_id: str, done: str, roles: tuple[Role, ...], step: Step
) -> Response:
    return await take_step(
        request,
        alert_id,
        roles=roles,
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
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    after: str = "",
) -> Response:
    try:
        found = page.system.list_alerts(account, after=after or None)
    except FeedbackError as bad_page:  # a cursor mangled in the URL
        return page.render("error.html", status_of(bad_page), message=problem(page, bad_page))
    now = page.system.clock.now()
    return page.render(
        "officials/alerts.html",
        status_of(error) if error else 200,
        notice=done,
        # A form's own mistakes are said beside its fields; a step's, above the table.
        error=problem(page, error) if error and errors is None else "",
        errors=errors or {},
        values=values or {},
        alerts=[(alert, alert_status_at(alert, now).value) for alert in found.items],
        next=found.next.token if found.next else "",
        leader=account.role is Role.UNIT_APPROVER,
    )


texts.add(
    vi={
        "alerts_title": "Thông tin cảnh báo",
        "alerts_none": "Đơn vị chưa có cảnh báo nào.",
        "alerts_new": "Thêm cảnh báo",
        "alerts_new_note": "Cảnh báo được lưu là bản nháp; gửi duyệt để lãnh đạo đơn vị phê duyệt.",
        "alerts_create": "Lưu bản nháp",
        "alerts_fix": "Chưa lưu được: vui lòng sửa các trường được đánh dấu bên dưới.",
        "alerts_headline": "Tiêu đề",
        "alerts_description": "Nội dung cảnh báo",
        "alerts_area": "Khu vực",
        "alerts_start": "Bắt đầu",
        "alerts_end": "Kết thúc",
        "alerts_time_hint": "Giờ Việt Nam.",
        "alerts_bad_time": "Nhập ngày và giờ, ví dụ 02/03/2026 09:00.",
        "alerts_when": "Thời gian",
        "alerts_list": "Cảnh báo của đơn vị",
        "alerts_approval": "Duyệt",
        "alerts_submit": "Gửi duyệt",
        "alerts_approve": "Duyệt",
        "alerts_reject": "Từ chối",
        "alerts_reject_reason": "Lý do từ chối",
        "alerts_reject_send": "Gửi lý do từ chối",
        "alerts_cancel": "Hủy cảnh báo",
        "alerts_rejected_because": "Bị từ chối: {reason}",
        "alerts_phase_draft": "Bản nháp",
        "alerts_phase_pending_approval": "Chờ duyệt",
        "alerts_phase_scheduled": "Đã duyệt, chưa đến giờ",
        "alerts_phase_active": "Đang có hiệu lực",
        "alerts_phase_expired": "Đã hết hiệu lực",
        "alerts_phase_cancelled": "Đã hủy",
        "alerts_phase_superseded": "Đã được thay thế",
        "desk_done_created": "Đã lưu bản nháp cảnh báo.",
        "desk_done_submitted": "Đã gửi cảnh báo để lãnh đạo duyệt.",
        "desk_done_approved": "Đã duyệt cảnh báo.",
        "desk_done_rejected": "Đã từ chối cảnh báo.",
        "desk_done_cancelled": "Đã hủy cảnh báo.",
        "desk_field_headline": "Tiêu đề",
        "desk_field_description": "Nội dung cảnh báo",
        "desk_field_area": "Khu vực",
        "desk_field_start": "Bắt đầu",
        "desk_field_end": "Kết thúc",
    },
    en={
        "alerts_title": "Alerts",
        "alerts_none": "The unit has no alert yet.",
        "alerts_new": "Add an alert",
        "alerts_new_note": "An alert is kept as a draft; submit it for the unit leader to approve.",
        "alerts_create": "Save the draft",
        "alerts_fix": "Not saved: please correct the fields marked below.",
        "alerts_headline": "Headline",
        "alerts_description": "What the alert says",
        "alerts_area": "Area",
        "alerts_start": "Start",
        "alerts_end": "End",
        "alerts_time_hint": "Vietnam time.",
        "alerts_bad_time": "Type a date and a time, e.g. 02/03/2026 09:00.",
        "alerts_when": "When",
        "alerts_list": "The unit's alerts",
        "alerts_approval": "Approval",
        "alerts_submit": "Submit for approval",
        "alerts_approve": "Approve",
        "alerts_reject": "Reject",
        "alerts_reject_reason": "Why it is rejected",
        "alerts_reject_send": "Send the rejection",
        "alerts_cancel": "Cancel the alert",
        "alerts_rejected_because": "Rejected: {reason}",
        "alerts_phase_draft": "Draft",
        "alerts_phase_pending_approval": "Pending approval",
        "alerts_phase_scheduled": "Approved, not yet started",
        "alerts_phase_active": "In force",
        "alerts_phase_expired": "Ended",
        "alerts_phase_cancelled": "Cancelled",
        "alerts_phase_superseded": "Superseded",
        "desk_done_created": "The draft alert was saved.",
        "desk_done_submitted": "The alert was sent to the leader for approval.",
        "desk_done_approved": "The alert was approved.",
        "desk_done_rejected": "The alert was rejected.",
        "desk_done_cancelled": "The alert was cancelled.",
        "desk_field_headline": "Headline",
        "desk_field_description": "What the alert says",
        "desk_field_area": "Area",
        "desk_field_start": "Start",
        "desk_field_end": "End",
    },
)
