"""Who acts: the bearer token of ``Authorization`` names a session in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Final

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from feedback_core.errors import SessionEnded
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedback_core import FeedbackSystem
    from feedback_core.accounts.model import Account

# auto_error=False: a missing token answers with our own 401 problem, not FastAPI's 403.
BEARER: Final = HTTPBearer(auto_error=False, description="The token `POST /sessions` gave.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


def token_of(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token sent; SessionEnded (401) when there is none."""
    if credentials is None or not credentials.credentials:
        raise SessionEnded(message("session_ended"), field="token")
    return credentials.credentials


def actor_of(system: FeedbackSystem) -> Callable[[Credentials], Account]:
    """The dependency that gives the account acting, from its bearer token."""

    def actor(credentials: Credentials) -> Account:
        return system.session_account(token_of(credentials))

    return actor


def viewer_of(system: FeedbackSystem) -> Callable[[Credentials], Account | None]:
    """The dependency that gives the account acting, or None when no token was sent."""

    def viewer(credentials: Credentials) -> Account | None:
        if credentials is None:
            return None
        return system.session_account(token_of(credentials))

    return viewer


def bearer_token(credentials: Credentials) -> str:
    """The dependency that gives the bearer token itself (to log out)."""
    return token_of(credentials)
