"""The pages every visitor shares: home (alerts in force), log in and out, language, SMS."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from feedback_core import FeedbackError
from feedback_core.accounts.model import Role
from portal.texts import LANGUAGES
from portal.web import LANG_COOKIE, SESSION_COOKIE, local_path, page_of, posted, signed_in

if TYPE_CHECKING:
    from pathlib import Path

router = APIRouter()
# Where each role starts after logging in.
LANDING: Final = {
    Role.CITIZEN: "/my/reports",
    Role.OPERATOR: "/queue",
    Role.UNIT_STAFF: "/unit/reports",
    Role.UNIT_APPROVER: "/alerts/manage",
    Role.ADMIN: "/",
}
A_YEAR: Final = 365 * 24 * 3600


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The alerts in force now."""
    page = page_of(request)
    return page.render("home.html", alerts=page.system.active_alerts())


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "") -> Response:  # noqa: A002 - the URL's word
    """The login form; ``next`` is where to go after it."""
    return page_of(request).render("login.html", next=local_path(next), errors={}, values={})


@router.post("/login")
async def login(request: Request) -> Response:
    """Open a session; its token goes in an HttpOnly cookie."""
    page = page_of(request)
    form = await posted(request, page)
    login_id, target = form.get("login_id", ""), local_path(form.get("next", ""))
    try:
        # A password check is slow on purpose (argon2): off the event loop, so the other
        # visitors' pages keep being served meanwhile.
        opened = await run_in_threadpool(
            page.system.open_session, login_id, form.get("password", ""), "portal"
        )
    except FeedbackError as error:
        errors, values = {"login_id": page.error(error)}, {"login_id": login_id}
        return page.render("login.html", 400, next=target, errors=errors, values=values)
    secure = bool(request.app.state.secure_cookies)
    return signed_in(
        page.redirect(target or LANDING[opened.account.role]), opened.token, secure=secure
    )


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session in the store, and forget its cookie."""
    page = page_of(request)
    await posted(request, page)
    if token := request.cookies.get(SESSION_COOKIE):
        page.system.end_session(token)
    response = page.redirect("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:  # noqa: A002 - the URL's word
    """Choose the pages' language (a cookie), and go back where one was."""
    response = RedirectResponse(local_path(next) or "/", status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=A_YEAR)
    return response


@router.get("/sms", response_class=HTMLResponse)
def sms_inbox(request: Request) -> Response:
    """For trying the portal: the texts it sent, newest first (404 unless configured)."""
    page = page_of(request)
    inbox: Path | None = request.app.state.sms_inbox
    if inbox is None:
        return page.render("error.html", 404, message=page.t("page_not_found"))
    return page.render("sms.html", messages=list(reversed(sms_messages(inbox))))


def sms_messages(path: Path) -> list[dict[str, str]]:
    """The texts the file SMS sender wrote, oldest first (none before the first)."""
    from feedback_sms.files import JsonLinesFile  # noqa: PLC0415 - only for this page

    return JsonLinesFile(path).read() if path.exists() else []
