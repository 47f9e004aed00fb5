"""API keys: administrators give applications the keys Open311 POSTs need, and revoke them."""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations.
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import create_model

from feedback_core.accounts.api_keys import ApiKey
from feedback_core.accounts.model import Account
from feedback_http.auth import actor_of
from feedback_http.bodies import Body
from feedback_http.problems import problem_responses
from feedback_http.schemas import Record, model_of, out

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

ApiKeyOut = model_of(ApiKey)
NewApiKeyOut = create_model(
    "NewApiKey",
    __base__=Record,
    __doc__="A new key, shown this once (only its hash is kept), and its record.",
    key=(str, ...),
    record=(ApiKeyOut, ...),
)


class ApiKeyIn(Body):
    """A new key: what application it is for."""

    label: str


def api_keys_router(system: "FeedbackSystem") -> APIRouter:
    """The API key endpoints over ``system``, for administrators."""
    api = APIRouter(tags=["administration"], responses=problem_responses(401, 403, 422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type

    @api.post(
        "/api-keys", status_code=201, operation_id="create_api_key", response_model=NewApiKeyOut
    )
    def create_api_key(body: ApiKeyIn, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """An administrator makes an application's key for Open311 POSTs: shown once."""
        made = system.create_api_key(who, body.label)
        return {"key": made.key, "record": out(made.record)}

    @api.get("/api-keys", operation_id="api_keys", response_model=list[ApiKeyOut])  # type: ignore[valid-type]
    def api_keys(who: Actor) -> Any:  # noqa: ANN401 - the response model says
        """Every key, revoked ones too, newest first."""
        return out(system.api_keys(who))

    @api.post(
        "/api-keys/{key_id}/revoke",
        operation_id="revoke_api_key",
        response_model=ApiKeyOut,
        responses=problem_responses(404),
    )
    def revoke_api_key(key_id: uuid.UUID, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """Stop a key at once."""
        return out(system.revoke_api_key(who, key_id))

    return api
