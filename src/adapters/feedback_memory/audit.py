"""The audit trail in memory: records by id, read newest first or by the account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_memory.repositories import newest_first
from feedback_memory.tables import Repository

if TYPE_CHECKING:
    import uuid

    from feedback_core.accounts.audit import AuditRecord
    from feedback_core.paging import Cursor


class MemoryAudit(Repository):
    """Appended to, never changed; the undo log takes back a rolled-back record."""

    def add(self, record: AuditRecord) -> None:
        """Append one record; Conflict if its id is taken."""
        if record.id in self._t.audit:
            raise Conflict(message("already_exists", entity="audit_record"), field="id")
        self._log.put(self._t.audit, record.id, record)

    def page(self, after: Cursor | None, limit: int) -> list[AuditRecord]:
        """Up to ``limit`` records, newest first, ties by id (the higher first), after it."""
        return newest_first(self._t.audit.values(), lambda r: (r.at, r.id), after, limit)

    def about(self, subject_id: uuid.UUID) -> list[AuditRecord]:
        """Every record about the account, oldest first."""
        mine = (r for r in self._t.audit.values() if r.subject_id == subject_id)
        return sorted(mine, key=lambda r: (r.at, r.id))
