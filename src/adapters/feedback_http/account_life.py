"""What a citizen does with their own account once it exists: password, phone, profile, data.

A forgotten password is reset with a texted code; the other changes are made from a
session and ask for the password again where a stolen token must not be enough (a new
password, a new phone number, leaving). Leaving is ``POST /me/deletion``, not ``DELETE
/me``: the password travels in the body, and a body on DELETE has no defined meaning
(RFC 9110, 9.3.5), so some clients and proxies drop it.
"""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations, which
# name types made inside the router functions (the actor of this system).
import uuid
from typing import TYPE_CHECKING, Annotated, Any, Final

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from feedback_core.accounts.model import Account
from feedback_core.accounts.sessions import token_hash
from feedback_http.accounts import AccountOut
from feedback_http.auth import actor_of, bearer_token
from feedback_http.bodies import (
    Code,
    Password,
    PasswordChange,
    PasswordReset,
    Phone,
    PhoneChange,
    ProfileChange,
)
from feedback_http.problems import problem_responses
from feedback_http.schemas import out

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

EXPORT_FILENAME: Final = "personal-data.json"
# The export is the core's document, passed on whole: its schema here says only its parts.
EXPORTED: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "Everything stored about the citizen, as a file to download",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["format", "exported_at", "account", "sessions", "reports"],
                    "properties": {
                        "format": {"type": "string"},
                        "exported_at": {"type": "string", "format": "date-time"},
                        "account": {"type": "object"},
                        "sessions": {"type": "array", "items": {"type": "object"}},
                        "reports": {"type": "array", "items": {"type": "object"}},
                        "audit": {"type": "array", "items": {"type": "object"}},
                    },
                }
            }
        },
        "headers": {
            "Content-Disposition": {
                "description": f'attachment; filename="{EXPORT_FILENAME}"',
                "schema": {"type": "string"},
            }
        },
    }
}


def password_reset_router(system: "FeedbackSystem") -> APIRouter:
    """A forgotten password: a code by SMS, then a new password with it (no session)."""
    api = APIRouter(tags=["accounts"], responses=problem_responses(422, 503))

    @api.post(
        "/accounts/password-reset-code",
        status_code=202,
        operation_id="request_password_reset",
        responses=problem_responses(429),
    )
    def request_password_reset(body: Phone) -> Response:
        """Text a reset code to the number if it is an active citizen's.

        The answer is 202 whether or not the number has an account, so it tells no one who
        is registered; the number's send limits (429) apply either way.
        """
        system.request_password_reset(body.phone)
        return Response(status_code=202)

    @api.post(
        "/accounts/password-reset",
        operation_id="reset_password",
        response_model=AccountOut,
        responses=problem_responses(423),
    )
    def reset_password(body: PasswordReset) -> Any:  # noqa: ANN401 - the response model says
        """Set a new password with the texted code; every session of the account ends."""
        return out(system.reset_password(body.phone, body.code, body.new_password))

    return api


def own_account_router(system: "FeedbackSystem") -> APIRouter:
    """One's password, phone number and profile; one's data, and leaving."""
    api = APIRouter(tags=["accounts"], responses=problem_responses(401, 422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    Token = Annotated[str, Depends(bearer_token)]  # noqa: N806 - a type

    @api.post("/me/password", operation_id="change_password", response_model=AccountOut)
    def change_password(body: PasswordChange, who: Actor, token: Token) -> Any:  # noqa: ANN401
        """Change one's password (the current one required): this session stays, the others end.

        A wrong current password answers 401 and counts as a failed login.
        """
        kept = session_of(system, who, token)
        changed = system.change_password(who, body.current_password, body.new_password, kept)
        return out(changed)

    @api.post(
        "/me/phone-change-code",
        status_code=202,
        operation_id="request_phone_change",
        responses=problem_responses(409, 423, 429),
    )
    def request_phone_change(body: PhoneChange, who: Actor) -> Response:
        """Text a code to the new number (the password required); nothing changes yet."""
        system.request_phone_change(who, body.new_phone, body.password)
        return Response(status_code=202)

    @api.post(
        "/me/phone",
        operation_id="confirm_phone_change",
        response_model=AccountOut,
        responses=problem_responses(409, 423),
    )
    def confirm_phone_change(body: Code, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """The code texted to the new number makes it the login ID; the old number is told."""
        return out(system.confirm_phone_change(who, body.code))

    @api.patch("/me/profile", operation_id="update_profile", response_model=AccountOut)
    def update_profile(body: ProfileChange, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """Correct one's name, e-mail, national id or address: null clears, absent keeps."""
        return out(system.update_profile(who, body.changes()))

    @api.get(
        "/me/data",
        operation_id="export_personal_data",
        response_class=JSONResponse,
        responses=EXPORTED,
    )
    def export_personal_data(who: Actor) -> JSONResponse:
        """Everything stored about the citizen, as a JSON file to download."""
        headers = {
            "Content-Disposition": f'attachment; filename="{EXPORT_FILENAME}"',
            # Personal data: no shared cache keeps it, and the browser does not either.
            "Cache-Control": "private, no-store",
        }
        return JSONResponse(system.export_personal_data(who), headers=headers)

    @api.post("/me/deletion", status_code=204, operation_id="delete_account")
    def delete_account(body: Password, who: Actor) -> Response:
        """Leave (the password required): personal data erased, reports kept unlinked.

        Every session ends, and the phone number may register again at once.
        """
        system.delete_account(who, body.password)
        return Response(status_code=204)

    return api


def session_of(system: "FeedbackSystem", who: Account, token: str) -> uuid.UUID | None:
    """The id of the session ``token`` opened, to keep it; None if it ended meanwhile."""
    digest = token_hash(token)
    return next((s.id for s in system.sessions(who) if s.token_hash == digest), None)
