"""Login sessions, as both SQL dialects store them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.accounts.sessions import Session
from feedback_core.adapter_kit.codec import dumps, loads, micros
from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository

if TYPE_CHECKING:
    import uuid


class SqlSessions(SqlRepository[Db]):
    """The ``sessions`` table: found by the token's hash (unique), listed by account."""

    def add(self, session: Session) -> None:
        """Store a new session; Conflict if its token hash (or its id) is taken."""
        self._add_new(
            "session",
            "token_hash",
            "INSERT INTO sessions (id, token_hash, account_id, created_at, data)"
            " VALUES (?, ?, ?, ?, ?)",
            self._key(session.id),
            session.token_hash,
            self._key(session.account_id),
            micros(session.created_at),
            dumps(session),
        )

    def by_hash(self, token_hash: str) -> Session | None:
        """The session whose token has this hash, or None: one lookup in the unique index."""
        data = self._one("SELECT data FROM sessions WHERE token_hash = ?", token_hash)
        return None if data is None else loads(data, Session)

    def update(self, session: Session) -> None:
        """Replace the stored session (its token hash, owner and start never change)."""
        self._run(
            "UPDATE sessions SET data = ? WHERE id = ?", dumps(session), self._key(session.id)
        )

    def remove(self, session_id: uuid.UUID) -> bool:
        """End one session; whether it was there."""
        return self._changed_one("DELETE FROM sessions WHERE id = ?", self._key(session_id))

    def of_account(self, account_id: uuid.UUID) -> list[Session]:
        """Every stored session of the account, newest created first."""
        rows = self._all(
            "SELECT data FROM sessions WHERE account_id = ? ORDER BY created_at DESC, id DESC",
            self._key(account_id),
        )
        return [loads(r[0], Session) for r in rows]

    def remove_of_account(self, account_id: uuid.UUID) -> int:
        """End every session of the account; how many there were."""
        return self._run(
            "DELETE FROM sessions WHERE account_id = ?", self._key(account_id)
        ).rowcount
