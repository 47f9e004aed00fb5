"""Login sessions in memory, by id and by their token's hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_memory.tables import Repository

if TYPE_CHECKING:
    import uuid

    from feedback_core.accounts.sessions import Session


class MemorySessions(Repository):
    """Login sessions, by id and by their token's hash."""

    def add(self, session: Session) -> None:
        """Store a new session; Conflict if its token hash (or its id) is taken."""
        if session.token_hash in self._t.session_hashes or session.id in self._t.sessions:
            raise Conflict(message("already_exists", entity="session"), field="token_hash")
        self._log.put(self._t.session_hashes, session.token_hash, session.id)
        self._log.put(self._t.sessions, session.id, session)

    def by_hash(self, token_hash: str) -> Session | None:
        """The session whose token has this hash, or None."""
        session_id = self._t.session_hashes.get(token_hash)
        return None if session_id is None else self._t.sessions[session_id]

    def update(self, session: Session) -> None:
        """Replace the stored session (its token hash never changes)."""
        if session.id in self._t.sessions:
            self._log.put(self._t.sessions, session.id, session)

    def remove(self, session_id: uuid.UUID) -> bool:
        """End one session; whether it was there."""
        session = self._t.sessions.get(session_id)
        if session is None:
            return False
        self._log.drop(self._t.session_hashes, session.token_hash)
        return self._log.drop(self._t.sessions, session_id)

    def of_account(self, account_id: uuid.UUID) -> list[Session]:
        """Every stored session of the account, newest created first."""
        mine = (s for s in self._t.sessions.values() if s.account_id == account_id)
        return sorted(mine, key=lambda s: (s.created_at, s.id), reverse=True)

    def remove_of_account(self, account_id: uuid.UUID) -> int:
        """End every session of the account; how many there were."""
        return sum(self.remove(s.id) for s in self.of_account(account_id))
