"""`create_portal`: the pages, the HTTP API under /api, static files, one system behind all."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import feedback_http
from portal import citizen, common, officials
from portal.timefmt import shown
from portal.web import TEMPLATES, LoginRequired, page_of

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

STATIC = Path(__file__).parent / "static"


def create_portal(
    system: FeedbackSystem, *, sms_inbox: Path | None = None, secure_cookies: bool = False
) -> FastAPI:
    """The portal over ``system``; ``sms_inbox`` is the SMS file a testing page shows.

    ``secure_cookies`` marks the session cookie Secure: set it when served over HTTPS.
    """
    app = FastAPI(title="Cổng 1022 (ví dụ)", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.system = system
    app.state.sms_inbox = sms_inbox
    app.state.secure_cookies = secure_cookies
    TEMPLATES.env.filters["when"] = shown
    # The same API a mobile app uses, beside the pages: one engine, two front ends.
    app.mount("/api", feedback_http.create_app(system))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for pages in (common, citizen, officials):
        app.include_router(pages.router)
    app.add_exception_handler(LoginRequired, _to_login)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _error_page)  # type: ignore[arg-type]
    return app


def _to_login(request: Request, _: LoginRequired) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={target}", status_code=303)


def _error_page(request: Request, error: StarletteHTTPException) -> Response:
    page = page_of(request)
    missing = error.status_code == HTTPStatus.NOT_FOUND
    detail = page.t("page_not_found") if missing else str(error.detail)
    return page.render("error.html", error.status_code, message=detail)
