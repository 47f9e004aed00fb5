"""The application a host mounts (`create_app`), or the router it includes (`router`).

Everything is built over the one `FeedbackSystem` it is given, never a global: two apps
over two systems live side by side in one process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, FastAPI

from feedback_core import __version__
from feedback_http.account_life import own_account_router, password_reset_router
from feedback_http.accounts import accounts_router, admin_router, sessions_router
from feedback_http.administration import administration_router
from feedback_http.alerts import alerts_router
from feedback_http.api_keys import api_keys_router
from feedback_http.media import media_router
from feedback_http.open311.routes import open311_router
from feedback_http.problems import add_problem_handlers
from feedback_http.reports import reports_router

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

TITLE: Final = "feedback-core"
DESCRIPTION: Final = (
    "Citizen feedback (1022 portals): accounts with SMS activation, reports, approved public "
    "alerts. Log in with `POST /sessions` and send its token as `Authorization: Bearer "
    "<token>`. Errors are RFC 9457 problem documents in the language of `Accept-Language` "
    "(Vietnamese unless English is preferred)."
)


def router(
    system: FeedbackSystem,
    *,
    cap_sender: str | None = None,
    jurisdiction_id: str | None = None,
    contact: str | None = None,
    service_notice: str | None = None,
) -> APIRouter:
    """Every endpoint over ``system``, for a FastAPI host's ``include_router(prefix=...)``.

    The host also calls `add_problem_handlers` on its app, so errors answer as problems.
    The keyword arguments are those of `create_app`.
    """
    api = APIRouter()
    api.include_router(accounts_router(system))
    api.include_router(sessions_router(system))
    api.include_router(password_reset_router(system))
    api.include_router(own_account_router(system))
    api.include_router(reports_router(system))
    api.include_router(media_router(system))
    api.include_router(alerts_router(system, cap_sender))
    api.include_router(admin_router(system))
    api.include_router(administration_router(system))
    api.include_router(api_keys_router(system))
    open311 = open311_router(
        system, jurisdiction_id=jurisdiction_id, contact=contact, service_notice=service_notice
    )
    api.include_router(open311, prefix="/open311/v2")
    return api


def create_app(
    system: FeedbackSystem,
    *,
    cap_sender: str | None = None,
    jurisdiction_id: str | None = None,
    contact: str | None = None,
    service_notice: str | None = None,
) -> FastAPI:
    """A whole ASGI app over ``system``: mount it under any prefix, or serve it alone.

    ``host.mount("/feedback", create_app(system))`` in a Starlette or FastAPI host; the
    OpenAPI document is at ``/openapi.json`` under the mount, the docs at ``/docs``.

    Every keyword argument is optional (``feedback-core serve`` passes none):

    * ``cap_sender`` names the portal in CAP messages (e.g. "cong1022.tayninh.gov.vn");
      without it, the request's host name does.
    * ``jurisdiction_id`` is the portal's Open311 jurisdiction (e.g. "tayninh.gov.vn"):
      a request naming another one is a 404; without it, the parameter is ignored.
    * ``contact`` is the Open311 discovery document's ``contact`` and ``key_service``
      (who to ask for an ``api_key``).
    * ``service_notice`` is the Open311 ``service_notice`` of every service request, in
      POST's answer and in GET: what the portal does with a request (e.g. "Cơ quan chức
      năng trả lời trong 10 ngày làm việc"); without it, null.

    A value these do not accept (an empty or comma-separated ``cap_sender``, a
    ``jurisdiction_id`` with a space or a comma, control characters) raises
    ValidationError naming it, before any request is served.
    """
    app = FastAPI(title=TITLE, version=__version__, description=DESCRIPTION)
    routes = router(
        system,
        cap_sender=cap_sender,
        jurisdiction_id=jurisdiction_id,
        contact=contact,
        service_notice=service_notice,
    )
    app.include_router(routes)
    add_problem_handlers(app)
    return app
