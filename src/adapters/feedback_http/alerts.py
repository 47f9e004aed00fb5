"""Alerts: drafts and their approval, what is in force, CAP 1.2 and the Atom feed."""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations, which
# name types made inside the router functions (the actor of this system).
import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from feedback_core.accounts.model import Account
from feedback_core.alerts.atom import ATOM_MIME, render_feed
from feedback_core.alerts.cap import CAP_MIME, check_identifier, render_alert
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_http.auth import actor_of, viewer_of
from feedback_http.bodies import AlertEdit, AlertIn, Instant, Reason, Versioned
from feedback_http.problems import problem_responses
from feedback_http.schemas import After, Limit, model_of, out, page_of, page_out

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

AlertOut = model_of(Alert)
At = Annotated[Instant | None, Query(description="an instant with its offset; now if left out")]
MOVES = problem_responses(401, 403, 404, 409)


def alerts_router(system: "FeedbackSystem", cap_sender: str | None = None) -> APIRouter:
    """The alerts endpoints over ``system``; CAP names ``cap_sender`` (else the host)."""
    if cap_sender is not None:
        check_identifier("cap_sender", cap_sender)
    api = APIRouter(tags=["alerts"], responses=problem_responses(422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    Viewer = Annotated[Account | None, Depends(viewer_of(system))]  # noqa: N806 - a type

    def sender(request: Request) -> str:
        return cap_sender or request.url.hostname or "localhost"

    @api.get("/alerts/active", operation_id="active_alerts", response_model=list[AlertOut])  # type: ignore[valid-type]
    def active_alerts(at: At = None) -> Any:  # noqa: ANN401 - the response model says
        """The alerts in force at ``at`` (now if left out), earliest start first."""
        return out(system.active_alerts(at))

    @api.get(
        "/alerts/feed",
        operation_id="alert_feed",
        response_class=Response,
        responses={200: {"content": {ATOM_MIME: {}}}},
    )
    def alert_feed(request: Request, at: At = None) -> Response:
        """The alerts in force (at ``at``, else now) as an Atom feed linking their CAP."""
        when = at or dt.datetime.now(dt.UTC)
        feed = render_feed(
            system.active_alerts(when),
            at=when,
            sender=sender(request),
            feed_url=str(request.url),
            cap_url=lambda aid: str(request.url_for("alert_cap", alert_id=str(aid))),
        )
        return Response(feed, media_type=ATOM_MIME)

    @api.get(
        "/alerts",
        operation_id="list_alerts",
        response_model=page_of(AlertOut),
        responses=problem_responses(401, 403),
    )
    def list_alerts(
        who: Actor, status: AlertStatus | None = None, after: After = None, limit: Limit = 50
    ) -> Any:  # noqa: ANN401 - the response model says
        """The alerts of the actor's unit, newest first."""
        return page_out(system.list_alerts(who, status=status, after=after, limit=limit))

    @api.get(
        "/alerts/{alert_id}",
        operation_id="get_alert",
        response_model=AlertOut,
        responses=problem_responses(401, 404),
    )
    def get_alert(alert_id: uuid.UUID, who: Viewer) -> Any:  # noqa: ANN401 - the model says
        """An alert: approved ones for anyone, drafts for their unit (with a token)."""
        return out(system.get_alert(alert_id, actor=who))

    @api.get(
        "/alerts/{alert_id}/cap",
        operation_id="alert_cap",
        name="alert_cap",
        response_class=Response,
        responses={200: {"content": {CAP_MIME: {}}}, **problem_responses(404)},
    )
    def alert_cap(alert_id: uuid.UUID, request: Request) -> Response:
        """The approved alert as CAP 1.2 (its Alert or Update, or its Cancel)."""
        alert = system.get_alert(alert_id)
        replaced = [system.get_alert(alert.supersedes)] if alert.supersedes else []
        names = {unit.id: unit.name for unit in system.units()}
        cap = render_alert(
            alert,
            sender=sender(request),
            sender_name=names.get(alert.unit_id),
            references=replaced,
        )
        return Response(cap, media_type=CAP_MIME)

    _writing(api, system)
    return api


def _writing(api: APIRouter, system: "FeedbackSystem") -> None:
    """Drafting, editing and the approval steps."""
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    move: dict[str, Any] = {"response_model": AlertOut, "responses": MOVES}

    @api.post("/alerts", status_code=201, operation_id="create_alert", **move)
    def create_alert(body: AlertIn, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """A unit member drafts an alert for their unit."""
        return out(system.create_alert(who, **body.form()))

    @api.patch("/alerts/{alert_id}", operation_id="edit_alert", **move)
    def edit_alert(alert_id: uuid.UUID, body: AlertEdit, who: Actor) -> Any:  # noqa: ANN401
        """Rewrite a draft alert whole."""
        version = body.expected_version
        return out(system.edit_alert(who, alert_id, expected_version=version, **body.form()))

    @api.post(
        "/alerts/{alert_id}/supersede", status_code=201, operation_id="supersede_alert", **move
    )
    def supersede_alert(alert_id: uuid.UUID, body: AlertIn, who: Actor) -> Any:  # noqa: ANN401
        """Draft a replacement for an approved alert."""
        return out(system.supersede_alert(who, alert_id, **body.form()))

    @api.post("/alerts/{alert_id}/submit", operation_id="submit_alert", **move)
    def submit(alert_id: uuid.UUID, who: Actor, body: Versioned | None = None) -> Any:  # noqa: ANN401
        """Send a draft to the unit leader."""
        version = body.expected_version if body else None
        return out(system.submit_alert(who, alert_id, expected_version=version))

    @api.post("/alerts/{alert_id}/approve", operation_id="approve_alert", **move)
    def approve(alert_id: uuid.UUID, who: Actor, body: Versioned | None = None) -> Any:  # noqa: ANN401
        """The unit leader approves a pending alert."""
        version = body.expected_version if body else None
        return out(system.approve_alert(who, alert_id, expected_version=version))

    @api.post("/alerts/{alert_id}/reject", operation_id="reject_alert", **move)
    def reject(alert_id: uuid.UUID, body: Reason, who: Actor) -> Any:  # noqa: ANN401
        """The unit leader rejects a pending alert with a reason."""
        version = body.expected_version
        return out(system.reject_alert(who, alert_id, body.reason, expected_version=version))

    @api.post("/alerts/{alert_id}/cancel", operation_id="cancel_alert", **move)
    def cancel(alert_id: uuid.UUID, who: Actor, body: Versioned | None = None) -> Any:  # noqa: ANN401
        """The unit leader withdraws an approved alert."""
        version = body.expected_version if body else None
        return out(system.cancel_alert(who, alert_id, expected_version=version))
