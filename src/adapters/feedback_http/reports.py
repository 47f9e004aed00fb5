"""Reports: submit and follow them, and move them along their flow."""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations, which
# name types made inside the router functions (the actor of this system).
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends

from feedback_core.accounts.model import Account
from feedback_core.reports.model import Report, ReportStatus
from feedback_core.reports.views import PublicReport, ReportView
from feedback_http.auth import actor_of
from feedback_http.bodies import (
    Answer,
    Assignment,
    Rating,
    Reason,
    Reopening,
    ReportIn,
    Versioned,
)
from feedback_http.problems import problem_responses
from feedback_http.schemas import After, Limit, model_of, out, page_of, page_out

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

ReportOut = model_of(Report)
ViewOut = model_of(ReportView)
PublicOut = model_of(PublicReport)
MOVES = problem_responses(401, 403, 404, 409)


def reports_router(system: "FeedbackSystem") -> APIRouter:
    """The reports endpoints over ``system``."""
    api = APIRouter(tags=["reports"], responses=problem_responses(422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    ReportId = Annotated[uuid.UUID, "the report's id"]  # noqa: N806 - a type

    @api.post(
        "/reports",
        status_code=201,
        operation_id="submit_report",
        response_model=ReportOut,
        responses=problem_responses(401, 403),
    )
    def submit_report(body: ReportIn, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """A citizen sends a report."""
        return out(system.submit_report(who, **body.given()))

    @api.get(
        "/reports",
        operation_id="list_reports",
        response_model=page_of(ReportOut),
        responses=problem_responses(401, 403),
    )
    def list_reports(
        who: Actor, status: ReportStatus | None = None, after: After = None, limit: Limit = 50
    ) -> Any:  # noqa: ANN401 - the response model says
        """The actor's reports: own (citizen), own unit's (officials), all (operators)."""
        return page_out(system.list_reports(who, status=status, after=after, limit=limit))

    @api.get(
        "/reports/{report_id}",
        operation_id="read_report",
        response_model=ViewOut,
        responses=problem_responses(401, 403, 404),
    )
    def read_report(report_id: ReportId, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """A report with its history and deadlines."""
        return out(system.read_report(who, report_id))

    @api.get("/public/reports", operation_id="public_reports", response_model=page_of(PublicOut))
    def public_reports(after: After = None, limit: Limit = 50) -> Any:  # noqa: ANN401 - as above
        """Public reports, newest first, without their reporters."""
        return page_out(system.public_reports(after=after, limit=limit))

    @api.get(
        "/public/reports/{report_id}",
        operation_id="public_report",
        response_model=PublicOut,
        responses=problem_responses(404),
    )
    def public_report(report_id: ReportId) -> Any:  # noqa: ANN401 - the response model says
        """A public report without its reporter."""
        return out(system.public_report(report_id))

    _moves(api, system)
    return api


def _moves(api: APIRouter, system: "FeedbackSystem") -> None:  # noqa: C901 - one endpoint each
    """The transitions: one POST each, the use case's fields in the body."""
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    move: dict[str, Any] = {"response_model": ReportOut, "responses": MOVES}

    @api.post("/reports/{report_id}/accept", operation_id="accept_report", **move)
    def accept(report_id: uuid.UUID, who: Actor, body: Versioned | None = None) -> Any:  # noqa: ANN401
        """An operator accepts a submitted report."""
        version = body.expected_version if body else None
        return out(system.accept_report(who, report_id, expected_version=version))

    @api.post("/reports/{report_id}/refuse", operation_id="refuse_report", **move)
    def refuse(report_id: uuid.UUID, body: Reason, who: Actor) -> Any:  # noqa: ANN401
        """An operator refuses a submitted report with a reason."""
        version = body.expected_version
        return out(system.refuse_report(who, report_id, body.reason, expected_version=version))

    @api.post("/reports/{report_id}/assign", operation_id="assign_report", **move)
    def assign(report_id: uuid.UUID, body: Assignment, who: Actor) -> Any:  # noqa: ANN401
        """An operator routes an accepted report to units, by id or by code."""
        version = body.expected_version
        return out(system.assign_report(who, report_id, body.units, expected_version=version))

    @api.post("/reports/{report_id}/start", operation_id="start_report", **move)
    def start(report_id: uuid.UUID, who: Actor, body: Versioned | None = None) -> Any:  # noqa: ANN401
        """A handling unit starts work on the report."""
        version = body.expected_version if body else None
        return out(system.start_report(who, report_id, expected_version=version))

    @api.post("/reports/{report_id}/return", operation_id="return_report", **move)
    def give_back(report_id: uuid.UUID, body: Reason, who: Actor) -> Any:  # noqa: ANN401
        """A unit returns a report that is not its competence."""
        version = body.expected_version
        return out(system.return_report(who, report_id, body.reason, expected_version=version))

    @api.post("/reports/{report_id}/resolve", operation_id="resolve_report", **move)
    def resolve(report_id: uuid.UUID, body: Answer, who: Actor) -> Any:  # noqa: ANN401
        """A handling unit answers the report."""
        version = body.expected_version
        return out(system.resolve_report(who, report_id, body.response, expected_version=version))

    @api.post("/reports/{report_id}/reopen", operation_id="reopen_report", **move)
    def reopen(report_id: uuid.UUID, body: Reopening, who: Actor) -> Any:  # noqa: ANN401
        """The reporter reopens the answered report, once."""
        return out(system.reopen_report(who, report_id, body.reason))

    @api.post("/reports/{report_id}/close", operation_id="close_report", **move)
    def close(report_id: uuid.UUID, who: Actor, body: Versioned | None = None) -> Any:  # noqa: ANN401
        """An operator or the reporter closes the answered report."""
        version = body.expected_version if body else None
        return out(system.close_report(who, report_id, expected_version=version))

    @api.post("/reports/{report_id}/rate", operation_id="rate_report", **move)
    def rate(report_id: uuid.UUID, body: Rating, who: Actor) -> Any:  # noqa: ANN401
        """The reporter rates the answer 1 to 5, once."""
        return out(system.rate_report(who, report_id, body.rating))
