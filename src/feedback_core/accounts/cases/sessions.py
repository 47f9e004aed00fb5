"""Sessions: open one with a password, act through its token, end one or all of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.accounts.cases.login import login
from feedback_core.accounts.model import Account
from feedback_core.accounts.sessions import (
    MAX_TOKEN_LENGTH,
    Session,
    new_token,
    opened,
    token_hash,
    touched,
)
from feedback_core.errors import SessionEnded, ValidationError
from feedback_core.messages import message
from feedback_core.work import actor, new_id, not_found

if TYPE_CHECKING:
    from feedback_core.work import Context


@attrs.frozen
class OpenedSession:
    """A new session with its bearer token: shown here once, never stored."""

    token: str = attrs.field(repr=False)
    session: Session
    account: Account


def open_session(
    ctx: Context, login_id: object, password: object, label: object = None
) -> OpenedSession:
    """Log in and open a session; ``label`` says what the client is ("Android app")."""
    client = fields.optional_text("label", label, limit=100)
    account = login(ctx, login_id, password)
    token = new_token()
    session = opened(new_id(), account.id, token, ctx.clock.now(), ctx.settings.sessions, client)
    with ctx.transaction() as tx:
        tx.sessions.add(session)
    return OpenedSession(token, session, account)


def session_account(ctx: Context, token: object) -> Account:
    """The account a bearer token acts for, moving the session's end by this use.

    SessionEnded, with one message, for a token that names no live session of an active
    account: unknown, expired (then removed), logged out or ended.
    """
    digest = _digest(token)
    now = ctx.clock.now()
    with ctx.transaction() as tx:
        session = tx.sessions.by_hash(digest) if digest is not None else None
        if session is not None and not session.is_live(now):
            tx.sessions.remove(session.id)  # expired: nothing in it worth keeping
            session = None
        account = None if session is None else tx.accounts.get(session.account_id)
        if session is not None and account is not None and account.is_active:
            if (moved := touched(session, now, ctx.settings.sessions)) is not None:
                tx.sessions.update(moved)
            return account
    # Raised after the commit: the expired session stays removed.
    raise SessionEnded(message("session_ended"), field="token")


def end_session(ctx: Context, token: object) -> None:
    """Log out: the token's session ends; a token that names none is already done."""
    digest = _digest(token)
    with ctx.transaction() as tx:
        session = tx.sessions.by_hash(digest) if digest is not None else None
        if session is not None:
            tx.sessions.remove(session.id)


def sessions(ctx: Context, actor_id: object) -> list[Session]:
    """The actor's live sessions, newest first, for a "where am I logged in" page."""
    now = ctx.clock.now()
    with ctx.transaction() as tx:
        owner = actor(tx, actor_id)
        return [s for s in tx.sessions.of_account(owner.id) if s.is_live(now)]


def end_sessions(ctx: Context, actor_id: object, session_id: object = None) -> int:
    """End one of the actor's sessions (``session_id``) or all of them; how many ended."""
    chosen = None if session_id is None else fields.identifier("session_id", session_id)
    with ctx.transaction() as tx:
        owner = actor(tx, actor_id)
        if chosen is None:
            return tx.sessions.remove_of_account(owner.id)
        if chosen not in {s.id for s in tx.sessions.of_account(owner.id)}:
            raise not_found("session", "session_id")
        return int(tx.sessions.remove(chosen))


def _digest(token: object) -> str | None:
    """The hash to look a token up by; None for text no token ever is."""
    if not isinstance(token, str):
        raise ValidationError.single("token", "wrong_type", expected="text")
    return token_hash(token) if 0 < len(token) <= MAX_TOKEN_LENGTH else None
