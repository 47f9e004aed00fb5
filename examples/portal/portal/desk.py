"""What the officials' pages share: role checks, a step's answer, reports with deadlines.

A step (accept, start, approve...) is a POST that answers with a 303 back to the page
it was taken on, with a ``done`` word that page turns into a notice, so a reload does not
repeat the step. A refused step answers with that page itself and the core's message, in
the status code that says why (409 for a step the status or the version does not allow).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Final

from fastapi import HTTPException

from feedback_core import (
    Conflict,
    FeedbackError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from feedback_core.accounts.model import Role
from portal import texts
from portal.web import page_of, posted, require_account

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import TypeAlias

    from fastapi import Request
    from fastapi.responses import Response

    from feedback_core import FeedbackSystem, Report, ReportView
    from feedback_core.accounts.model import Account
    from portal.web import Page

    # A step: what it does with the system, who acts, the record's id and the form.
    Step: TypeAlias = Callable[[FeedbackSystem, Account, str, dict[str, str]], object]
    # A list page, shown again with the error of a step taken from it.
    Listing: TypeAlias = Callable[[Page, Account, FeedbackError], Response]

UNIT_ROLES: Final = (Role.UNIT_STAFF, Role.UNIT_APPROVER)
# The core's error kinds as HTTP says them; anything else is the form's fault (400).
STATUS: Final[tuple[tuple[type[FeedbackError], HTTPStatus], ...]] = (
    (ValidationError, HTTPStatus.UNPROCESSABLE_ENTITY),
    (NotFound, HTTPStatus.NOT_FOUND),
    (PermissionDenied, HTTPStatus.FORBIDDEN),
    (Conflict, HTTPStatus.CONFLICT),
    (InvalidTransition, HTTPStatus.CONFLICT),
)


def require_role(page: Page, *roles: Role) -> Account:
    """The account logged in, if it has one of ``roles``: else to login, or a 403 page."""
    account = require_account(page)
    if account.role not in roles:
        raise HTTPException(status_code=HTTPStatus.FORBIDDEN, detail=page.t("desk_forbidden"))
    return account


def status_of(error: FeedbackError) -> int:
    """The HTTP status a page refused with ``error`` answers with."""
    return next((int(code) for kind, code in STATUS if isinstance(error, kind)), 400)


def problem(page: Page, error: FeedbackError) -> str:
    """The error in the page's language; a form's fields named by their labels."""
    if not isinstance(error, ValidationError):
        return page.error(error)
    return " ".join(
        f"{_label(page, name)}: {message}" for name, message in page.field_errors(error).items()
    )


def _label(page: Page, field: str) -> str:
    key = "desk_field_" + field
    label = page.t(key)
    return field if label == key else label  # a field no form of ours has: its own name


def version_of(form: Mapping[str, str]) -> int | None:
    """The version the form was shown with, so a step on a stale page is a Conflict."""
    value = form.get("version", "")
    return int(value) if value.isdigit() else None


def notice(page: Page, done: str, known: Iterable[str]) -> str:
    """The notice of a step just taken; only the page's own words, never the URL's text."""
    return page.t("desk_done_" + done) if done in known else ""


async def take_step(
    request: Request,
    record_id: str,
    *,
    roles: tuple[Role, ...],
    base: str,
    done: str,
    step: Step,
    listing: Listing,
) -> Response:
    """Take one step from ``base`` (a list) or its record's page; back there with a notice.

    A form sends ``back=report`` when it was on the report's own page.
    """
    page = page_of(request)
    account = require_role(page, *roles)
    form = await posted(request, page)
    from_report = form.get("back") == "report"
    try:
        step(page.system, account, record_id, form)
    except FeedbackError as error:
        if from_report:
            return report_page(page, account, record_id, base, error=error)
        return listing(page, account, error)
    target = f"{base}/{record_id}" if from_report else base
    return page.redirect(f"{target}?done={done}")


def report_page(
    page: Page,
    account: Account,
    report_id: str,
    base: str,
    done: str = "",
    *,
    error: FeedbackError | None = None,
) -> Response:
    """One report for an official: what was written, deadlines, history, the next steps.

    ``base`` is the list it belongs to, where its steps are posted.
    """
    try:
        view = page.system.read_report(account, report_id)
    except FeedbackError as missing:
        return page.render("error.html", status_of(missing), message=problem(page, missing))
    units = page.system.units()
    return page.render(
        "officials/report.html",
        status_of(error) if error else 200,
        view=view,
        base=base,
        notice=done,
        error=problem(page, error) if error else "",
        units=units,
        unit_names={unit.id: unit.name for unit in units},
        categories=page.system.settings.categories,
    )


def views(page: Page, account: Account, reports: Iterable[Report]) -> list[ReportView]:
    """Each report's full view: its deadlines and whether it is overdue, as of now.

    A listing has no deadlines: the core computes them in working time with the
    province's calendar, in the full view, so each row is read once more (50 at most).
    """
    return [page.system.read_report(account, report) for report in reports]


texts.add(
    vi={
        "desk_act_submit": "Gửi",
        "desk_act_accept": "Tiếp nhận",
        "desk_act_refuse": "Từ chối",
        "desk_act_assign": "Chuyển đơn vị",
        "desk_act_return": "Trả lại",
        "desk_act_start": "Bắt đầu xử lý",
        "desk_act_resolve": "Giải quyết",
        "desk_act_reopen": "Mở lại",
        "desk_act_rate": "Đánh giá",
        "desk_act_close": "Đóng",
        "desk_forbidden": "Tài khoản của bạn không được mở trang này.",
        "desk_overdue": "Trễ hạn",
        "desk_notice": "Thông báo",
        "desk_more": "Xem trang sau",
        "desk_none": "Không có phản ánh nào.",
        "desk_report": "Phản ánh",
        "desk_status": "Trạng thái",
        "desk_actions": "Thao tác",
        "desk_submitted_at": "Gửi lúc",
        "desk_accept_deadline": "Hạn tiếp nhận",
        "desk_resolve_deadline": "Hạn giải quyết",
        "desk_field_reason": "Lý do",
        "desk_field_response": "Nội dung trả lời",
        "desk_field_units": "Đơn vị",
        "desk_field_after": "Trang",
        "desk_field_report_id": "Phản ánh",
        "desk_field_alert_id": "Cảnh báo",
        "desk_status_submitted": "Mới gửi",
        "desk_status_accepted": "Đã tiếp nhận",
        "desk_status_refused": "Đã từ chối",
        "desk_status_assigned": "Đã chuyển đơn vị",
        "desk_status_in_progress": "Đang xử lý",
        "desk_status_resolved": "Đã giải quyết",
        "desk_status_closed": "Đã đóng",
        "desk_category": "Lĩnh vực",
        "desk_place": "Địa điểm",
        "desk_urgent": "Khẩn",
        "desk_yes": "Có",
        "desk_content": "Nội dung phản ánh",
        "desk_no_step": "Không có bước nào bạn có thể làm lúc này.",
        "desk_history": "Quá trình xử lý",
        "desk_when": "Thời điểm",
        "desk_step": "Bước",
        "desk_by": "Người thực hiện",
        "desk_note": "Ghi chú",
        "desk_by_reporter": "Người phản ánh",
        "desk_by_official": "Cán bộ",
    },
    en={
        "desk_act_submit": "Sent",
        "desk_act_accept": "Accepted",
        "desk_act_refuse": "Refused",
        "desk_act_assign": "Assigned",
        "desk_act_return": "Sent back",
        "desk_act_start": "Started",
        "desk_act_resolve": "Resolved",
        "desk_act_reopen": "Reopened",
        "desk_act_rate": "Rated",
        "desk_act_close": "Closed",
        "desk_forbidden": "Your account may not open this page.",
        "desk_overdue": "Overdue",
        "desk_notice": "Notice",
        "desk_more": "Next page",
        "desk_none": "No report.",
        "desk_report": "Report",
        "desk_status": "Status",
        "desk_actions": "Actions",
        "desk_submitted_at": "Sent at",
        "desk_accept_deadline": "Accept by",
        "desk_resolve_deadline": "Resolve by",
        "desk_field_reason": "Reason",
        "desk_field_response": "Answer",
        "desk_field_units": "Units",
        "desk_field_after": "Page",
        "desk_field_report_id": "Report",
        "desk_field_alert_id": "Alert",
        "desk_status_submitted": "Submitted",
        "desk_status_accepted": "Accepted",
        "desk_status_refused": "Refused",
        "desk_status_assigned": "Assigned",
        "desk_status_in_progress": "In progress",
        "desk_status_resolved": "Resolved",
        "desk_status_closed": "Closed",
        "desk_category": "Category",
        "desk_place": "Where",
        "desk_urgent": "Urgent",
        "desk_yes": "Yes",
        "desk_content": "What the citizen wrote",
        "desk_no_step": "There is no step you can take now.",
        "desk_history": "History",
        "desk_when": "When",
        "desk_step": "Step",
        "desk_by": "By",
        "desk_note": "Note",
        "desk_by_reporter": "The citizen",
        "desk_by_official": "An official",
    },
)
