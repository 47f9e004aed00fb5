"""What every page handler needs: the language, the account logged in, CSRF, rendering.

* Language: the ``lang`` cookie (set by /lang/{code}), Vietnamese by default.
* Session: the ``fc_session`` cookie holds the bearer token `open_session` gave; HttpOnly
  and SameSite=Lax, so page scripts cannot read it and other sites cannot post with it.
* CSRF: double submit. A random ``fc_csrf`` cookie is set on the first page, and every
  form posts it back in a hidden field; a POST whose field does not match is refused.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from feedback_core import FeedbackError, SessionEnded, ValidationError
from portal.texts import LANGUAGES, text

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem
    from feedback_core.accounts.model import Account

SESSION_COOKIE: Final = "fc_session"
CSRF_COOKIE: Final = "fc_csrf"
LANG_COOKIE: Final = "lang"
TEMPLATES: Final = Jinja2Templates(directory=Path(__file__).parent / "templates")


@dataclass
class Page:
    """One request's context: who, in which language, and the form's CSRF token."""

    request: Request
    system: FeedbackSystem
    lang: str
    csrf: str
    account: Account | None
    new_csrf: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """A UI text in the page's language."""
        return text(key, self.lang, **values)

    def error(self, error: FeedbackError) -> str:
        """A core error's message in the page's language (the field is where it is shown)."""
        return error.message.render(self.lang)

    def field_errors(self, error: ValidationError) -> dict[str, str]:
        """Each field's messages, joined, to show beside the field."""
        return {
            name: " ".join(m.render(self.lang) for m in messages)
            for name, messages in error.errors.items()
        }

    def render(self, template: str, status: int = 200, **context: object) -> HTMLResponse:
        """The template, with the page itself as ``page``."""
        values = {"page": self, "t": self.t, "account": self.account, **self.extra, **context}
        response = TEMPLATES.TemplateResponse(self.request, template, values, status_code=status)
        self.keep_csrf(response)
        return response

    def redirect(self, url: str) -> RedirectResponse:
        """After a POST: see the result with a GET (303)."""
        response = RedirectResponse(url, status_code=303)
        self.keep_csrf(response)
        return response

    def keep_csrf(self, response: HTMLResponse | RedirectResponse) -> None:
        if self.new_csrf:
            response.set_cookie(CSRF_COOKIE, self.csrf, httponly=True, samesite="strict")


def page_of(request: Request) -> Page:
    """The page context of a request (the account is None when nobody is logged in)."""
    system: FeedbackSystem = request.app.state.system
    lang = request.cookies.get(LANG_COOKIE, "vi")
    lang = lang if lang in LANGUAGES else "vi"
    csrf = request.cookies.get(CSRF_COOKIE)
    page = Page(request, system, lang, csrf or secrets.token_urlsafe(24), None, csrf is None)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            page.account = system.session_account(token)
        except (SessionEnded, ValidationError):
            page.account = None
    return page


async def posted(request: Request, page: Page) -> dict[str, str]:
    """The form's text fields, once its CSRF token matched the cookie's (403 otherwise)."""
    form = await request.form()
    sent = form.get("csrf")
    if page.new_csrf or not isinstance(sent, str) or not hmac.compare_digest(sent, page.csrf):
        raise HTTPException(status_code=403, detail=page.t("csrf_failed"))
    return {k: v for k, v in form.items() if isinstance(v, str)}


def signed_in(response: RedirectResponse, token: str, *, secure: bool) -> RedirectResponse:
    """Keep the session token in its cookie (lifetime: the session's own, in the store)."""
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure)
    return response


def require_account(page: Page) -> Account:
    """The account logged in; otherwise to the login page (a 303 raised as an exception)."""
    if page.account is None:
        raise LoginRequired
    return page.account


class LoginRequired(Exception):
    """A page that needs a logged-in account was asked for without one."""


def local_path(url: str) -> str:
    """``url`` if it is a path on this site, else "" (no open redirect to another site)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else ""
