"""The audit trail, as both SQL dialects store it: appended to, never changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.accounts.audit import AuditRecord
from feedback_core.adapter_kit.codec import dumps, loads, micros
from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository

if TYPE_CHECKING:
    import uuid

    from feedback_core.paging import Cursor


class SqlAudit(SqlRepository[Db]):
    """The ``audit_trail`` table: read newest first by keyset, or by the account it is about."""

    def add(self, record: AuditRecord) -> None:
        """Append one record; Conflict if its id is taken."""
        subject = None if record.subject_id is None else self._key(record.subject_id)
        self._add_new(
            "audit_record",
            "id",
            "INSERT INTO audit_trail (id, at, subject_id, data) VALUES (?, ?, ?, ?)",
            self._key(record.id),
            micros(record.at),
            subject,
            dumps(record),
        )

    def page(self, after: Cursor | None, limit: int) -> list[AuditRecord]:
        """Up to ``limit`` records, newest first, ties by id (the higher first), after it."""
        if after is None:
            rows = self._all(
                "SELECT data FROM audit_trail ORDER BY at DESC, id DESC LIMIT ?", limit
            )
        else:
            rows = self._all(
                "SELECT data FROM audit_trail WHERE (at, id) < (?, ?)"
                " ORDER BY at DESC, id DESC LIMIT ?",
                micros(after.at),
                self._key(after.id),
                limit,
            )
        return [loads(r[0], AuditRecord) for r in rows]

    def about(self, subject_id: uuid.UUID) -> list[AuditRecord]:
        """Every record about the account, oldest first (one range of its index)."""
        rows = self._all(
            "SELECT data FROM audit_trail WHERE subject_id = ? ORDER BY at, id",
            self._key(subject_id),
        )
        return [loads(r[0], AuditRecord) for r in rows]
