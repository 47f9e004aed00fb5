"""Citizens' accounts, sessions, and what administrators set up: units and officials."""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations, which
# name types made inside the router functions (the actor of this system).
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from feedback_core.accounts.cases import OpenedSession
from feedback_core.accounts.model import Account, Unit
from feedback_core.accounts.sessions import Session
from feedback_http.auth import actor_of, bearer_token
from feedback_http.bodies import (
    Activation,
    Login,
    Official,
    Phone,
    PreferencesChange,
    Registration,
    UnitIn,
)
from feedback_http.problems import problem_responses
from feedback_http.schemas import model_of, out

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

AccountOut = model_of(Account)
SessionOut = model_of(Session)
OpenedOut = model_of(OpenedSession)
UnitOut = model_of(Unit)


class Ended(BaseModel):
    """How many sessions ended."""

    ended: int


def accounts_router(system: "FeedbackSystem") -> APIRouter:
    """Registration, activation, one's own account and preferences."""
    api = APIRouter(tags=["accounts"], responses=problem_responses(422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type

    @api.post(
        "/accounts",
        status_code=201,
        operation_id="register",
        response_model=AccountOut,
        responses=problem_responses(409, 429),
    )
    def register(body: Registration) -> Any:  # noqa: ANN401 - the response model says
        """Register a citizen: the first activation code is texted to the phone."""
        return out(system.register(body.given()))

    @api.post(
        "/accounts/activation-code",
        status_code=202,
        operation_id="send_activation_code",
        responses=problem_responses(404, 409, 423, 429),
    )
    def send_activation_code(body: Phone) -> Response:
        """Text a new activation code; the previous one dies."""
        system.send_activation_code(body.phone)
        return Response(status_code=202)

    @api.post(
        "/accounts/activation",
        operation_id="activate",
        response_model=AccountOut,
        responses=problem_responses(404, 409, 423),
    )
    def activate(body: Activation) -> Any:  # noqa: ANN401 - the response model says
        """Activate the account with the texted code."""
        return out(system.activate(body.phone, body.code))

    @api.get(
        "/me",
        operation_id="session_account",
        response_model=AccountOut,
        responses=problem_responses(401),
    )
    def me(who: Actor) -> Any:  # noqa: ANN401 - the response model says
        """The account the bearer token acts for."""
        return out(who)

    @api.patch(
        "/me/preferences",
        operation_id="set_preferences",
        response_model=AccountOut,
        responses=problem_responses(401),
    )
    def set_preferences(body: PreferencesChange, who: Actor) -> Any:  # noqa: ANN401 - as above
        """Choose one's language and whether one is told when one's reports move."""
        return out(system.set_preferences(who, language=body.language, notices=body.notices))

    return api


def sessions_router(system: "FeedbackSystem") -> APIRouter:
    """Log in and out; list and end one's sessions."""
    api = APIRouter(tags=["sessions"], responses=problem_responses(401, 422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    Token = Annotated[str, Depends(bearer_token)]  # noqa: N806 - a type

    @api.post(
        "/sessions",
        status_code=201,
        operation_id="open_session",
        response_model=OpenedOut,
        responses=problem_responses(403),
    )
    def open_session(body: Login) -> Any:  # noqa: ANN401 - the response model says
        """Log in: the bearer token is shown here once, with the session and the account."""
        return out(system.open_session(body.login_id, body.password, body.label))

    @api.get("/sessions", operation_id="sessions", response_model=list[SessionOut])  # type: ignore[valid-type]
    def sessions(who: Actor) -> Any:  # noqa: ANN401 - the response model says
        """One's live sessions, newest first."""
        return out(system.sessions(who))

    @api.delete("/sessions/current", status_code=204, operation_id="end_session")
    def end_session(token: Token) -> Response:
        """Log out: this token's session ends."""
        system.end_session(token)
        return Response(status_code=204)

    @api.delete(
        "/sessions/{session_id}",
        status_code=204,
        operation_id="end_sessions_one",
        responses=problem_responses(404),
    )
    def end_one(session_id: uuid.UUID, who: Actor) -> Response:
        """End one of one's sessions (another device)."""
        system.end_sessions(who, session_id)
        return Response(status_code=204)

    @api.delete("/sessions", operation_id="end_sessions", response_model=Ended)
    def end_all(who: Actor) -> Ended:
        """End every one of one's sessions, this one included."""
        return Ended(ended=system.end_sessions(who))

    return api


def admin_router(system: "FeedbackSystem") -> APIRouter:
    """Units and officials, which administrators add."""
    api = APIRouter(tags=["administration"], responses=problem_responses(422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type

    @api.post(
        "/units",
        status_code=201,
        operation_id="create_unit",
        response_model=UnitOut,
        responses=problem_responses(401, 403, 409),
    )
    def create_unit(body: UnitIn, who: Actor) -> Any:  # noqa: ANN401 - the response model says
        """An administrator adds an agency unit."""
        return out(system.create_unit(who, body.code, body.name))

    @api.get("/units", operation_id="units", response_model=list[UnitOut])  # type: ignore[valid-type]
    def units() -> Any:  # noqa: ANN401 - the response model says
        """Every unit, by code."""
        return out(system.units())

    @api.post(
        "/officials",
        status_code=201,
        operation_id="create_official",
        response_model=AccountOut,
        responses=problem_responses(401, 403, 404, 409),
    )
    def create_official(body: Official, who: Actor) -> Any:  # noqa: ANN401 - as above
        """An administrator adds an official: operator, unit staff or unit approver."""
        return out(system.create_official(who, **body.given()))

    return api
