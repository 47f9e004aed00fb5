"""A citizen's own reports: send one with photos, list them, follow one, answer its outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, cast

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from feedback_core import FeedbackError, NotFound, Role, ValidationError
from feedback_core.messages import message
from feedback_core.reports.media_stream import megabytes
from feedback_core.reports.model import ReportAction
from feedback_http.media import served
from portal.citizen_public import media_of, shared
from portal.web import Page, page_of, posted, require_account

if TYPE_CHECKING:
    import uuid

    from feedback_core import Account, HistoryEntry, Report, ReportView
    from feedback_core.reports.input import ReportForm

router = APIRouter()
PAGE_SIZE: Final = 20
NEW_FIELDS: Final = ("category", "title", "content", "address", "latitude", "longitude")
# The steps an operator takes; a unit takes the others (docs/rules.md, section 6).
OPERATOR_STEPS: Final = frozenset(
    {ReportAction.ACCEPT, ReportAction.REFUSE, ReportAction.ASSIGN, ReportAction.CLOSE}
)
# Room for the form's text fields beside its files, in a declared Content-Length.
FORM_MARGIN: Final = 1024 * 1024


@router.get("/reports/new", response_class=HTMLResponse)
def new_report_form(request: Request) -> Response:
    """The report form; a report is public unless the citizen says otherwise."""
    page = page_of(request)
    citizen_of(page)
    return _new_report_page(page, {"public": "on"}, {})


@router.post("/reports/new")
async def new_report(request: Request) -> Response:
    """Submit the report, then attach its photos; then follow it on its own page."""
    page = page_of(request)
    account = citizen_of(page)
    uploads = await uploaded(request, page)
    form = await posted(request, page)
    try:
        report = page.system.submit_report(account, **report_form(form))
    except FeedbackError as error:
        values = {name: form.get(name, "") for name in (*NEW_FIELDS, "public", "urgent")}
        errors = blank_is_required(page, errors_of(page, error), form, ("category",))
        return _new_report_page(page, values, errors, status=400)
    # The report is kept even when a file is refused: its page says how many were and
    # offers to add them again, so a bad photo never loses what the citizen wrote.
    failed = await attach(page, account, report.id, uploads)
    return page.redirect(f"/my/reports/{report.id}" + (f"?failed={len(failed)}" if failed else ""))


@router.get("/my/reports", response_class=HTMLResponse)
def my_reports(request: Request, after: str = "") -> Response:
    """One's reports, newest first, each with its status and deadlines."""
    page = page_of(request)
    account = citizen_of(page)
    try:
        listed = page.system.list_reports(account, after=after or None, limit=PAGE_SIZE)
    except ValidationError as error:
        raise HTTPException(400, detail=page.error(error)) from None
    views = [page.system.read_report(account, report.id) for report in listed.items]
    later = listed.next.token if listed.next else None
    return page.render("citizen/my_reports.html", 200, views=views, later=later, **shared(page))


@router.get("/my/reports/{report_id}", response_class=HTMLResponse)
def my_report(request: Request, report_id: str, failed: str = "") -> Response:
    """One of one's reports: its history, deadlines, photos, and what one may do now.

    ``failed``: how many files sent with the report could not be attached.
    """
    page = page_of(request)
    count = int(failed) if failed.isdigit() else 0
    return report_page(page, citizen_of(page), report_id, {}, failed=count)


@router.get("/my/reports/{report_id}/media/{media_id}")
def my_media(request: Request, report_id: str, media_id: str) -> Response:
    """A photo or video of one's report (the API wants a bearer token; pages have a cookie)."""
    page = page_of(request)
    try:
        return served(page.system.report_media(citizen_of(page), report_id, media_id), public=False)
    except (NotFound, ValidationError):
        raise HTTPException(404) from None


@router.post("/my/reports/{report_id}/media")
async def add_media(request: Request, report_id: str) -> Response:
    """Add photos or videos to one's open report."""
    page = page_of(request)
    account = citizen_of(page)
    uploads = await uploaded(request, page)
    await posted(request, page)
    view = read(page, account, report_id)
    failed = await attach(page, account, view.report.id, uploads)
    if failed:
        return report_page(page, account, report_id, {"photos": " ".join(failed)}, status=400)
    return page.redirect(f"/my/reports/{report_id}")


@router.post("/my/reports/{report_id}/{step}")
async def answer(request: Request, report_id: str, step: str) -> Response:
    """Rate, reopen or close one's answered report."""
    page = page_of(request)
    account = citizen_of(page)
    form = await posted(request, page)
    system = page.system
    try:
        if step == "rate":
            rating = form.get("rating", "")
            system.rate_report(account, report_id, int(rating) if rating.isdigit() else 0)
        elif step == "reopen":
            system.reopen_report(account, report_id, form.get("reason", ""))
        elif step == "close":
            system.close_report(account, report_id)
        else:
            raise HTTPException(404)
    except (NotFound, ValidationError) as error:
        if isinstance(error, NotFound) or error.field == "report_id":
            raise HTTPException(404) from None
        return report_page(page, account, report_id, errors_of(page, error), status=400)
    except FeedbackError as error:
        return report_page(page, account, report_id, errors_of(page, error), status=400)
    return page.redirect(f"/my/reports/{report_id}")


def citizen_of(page: Page) -> Account:
    """The citizen logged in (officials have their own pages; nobody goes to log in)."""
    account = require_account(page)
    if account.role is not Role.CITIZEN:
        raise HTTPException(403, detail=message("citizens_only").render(page.lang))
    return account


def errors_of(page: Page, error: FeedbackError) -> dict[str, str]:
    """Each field's message; an error that names no field goes under "form"."""
    if isinstance(error, ValidationError):
        errors = page.field_errors(error)
    else:
        errors = {error.field or "form": page.error(error)}
    # "Give a point or an address" is about the place as a whole: said under the address.
    if "location" in errors:
        errors["address"] = " ".join(filter(None, (errors.get("address"), errors["location"])))
    return errors


def blank_is_required(
    page: Page, errors: dict[str, str], form: dict[str, str], names: tuple[str, ...]
) -> dict[str, str]:
    """``errors``, saying "required" for those of ``names`` left blank.

    The core calls an empty number "not a valid number" and an empty choice "not one of
    the codes": true, but a person left the field out, and should be told so.
    """
    for name in names:
        if name in errors and not form.get(name, "").strip():
            errors[name] = message("required").render(page.lang)
    return errors


def report_form(form: dict[str, str]) -> ReportForm:
    """The report's fields as the core takes them, from the form's text."""
    fields: dict[str, object] = {name: form.get(name, "") for name in NEW_FIELDS[:4]}
    for name in ("latitude", "longitude"):
        typed = form.get(name, "").strip().replace(",", ".")  # "10,77" is how many write it
        if typed:
            fields[name] = _number(typed)
    fields["public"] = "public" in form
    fields["urgent"] = "urgent" in form
    # The core checks every value again; text that is not a number gets its own message.
    return cast("ReportForm", fields)


def _number(typed: str) -> float | str:
    try:
        return float(typed)
    except ValueError:
        return typed


async def uploaded(request: Request, page: Page) -> list[UploadFile]:
    """The files chosen in the form's "photos" field (none when none was chosen).

    A body declared larger than a report's every file at its largest is refused unread,
    and the form may hold no more files than a report may keep.
    """
    policy = page.system.settings.media
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_items * policy.largest + FORM_MARGIN:
        too_large = message("too_large", limit=f"{megabytes(policy.largest)} MB")
        raise HTTPException(413, detail=too_large.render(page.lang))
    form = await request.form(max_files=policy.max_items)
    files = form.getlist("photos")
    return [f for f in files if isinstance(f, UploadFile) and f.filename]


async def attach(
    page: Page, account: Account, report_id: uuid.UUID, uploads: list[UploadFile]
) -> list[str]:
    """Attach each file to the report; what went wrong with each one that did not."""
    failed = []
    for upload in uploads:
        try:
            await run_in_threadpool(
                page.system.attach_media,
                account,
                report_id,
                upload.file,
                content_type=upload.content_type,
                filename=upload.filename,
            )
        except FeedbackError as error:
            failed.append(f"{upload.filename}: {page.error(error)}")
    return failed


def read(page: Page, account: Account, report_id: str) -> ReportView:
    """The full view of one's report; 404 for any other, as the core hides it."""
    try:
        return page.system.read_report(account, report_id)
    except (NotFound, ValidationError):
        raise HTTPException(404) from None


def report_page(
    page: Page,
    account: Account,
    report_id: str,
    errors: dict[str, str],
    *,
    failed: int = 0,
    status: int = 200,
) -> Response:
    """The page of one's report, with ``errors`` beside the forms that caused them."""
    view = read(page, account, report_id)
    media = media_of(lambda: page.system.list_media(account, view.report.id))
    steps = [(entry, done_by(entry, view.report)) for entry in view.history]
    return page.render(
        "citizen/my_report.html",
        status,
        view=view,
        report=view.report,
        media=media,
        steps=steps,
        errors=errors,
        values={},
        failed=failed,
        policy=page.system.settings.media,
        **shared(page),
    )


def done_by(entry: HistoryEntry, report: Report) -> str:
    """Who took a step, as the reporter may know it: "you", the operators or a unit.

    The history names an account id, which a citizen may not look up; the rules say which
    role takes each step, and the reporter's own steps carry their own id.
    """
    if entry.actor_id == report.reporter_id:
        return "you"
    return "operator" if entry.action in OPERATOR_STEPS else "unit_staff"


def _new_report_page(
    page: Page, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    return page.render(
        "citizen/report_new.html", status, values=values, errors=errors, **shared(page)
    )
