"""Facts about the store itself, by name, as both SQL dialects store them."""

from __future__ import annotations

from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository


class SqlMeta(SqlRepository[Db]):
    """The ``meta`` table: one value per name."""

    def get(self, name: str) -> str | None:
        """The value stored under ``name``, or None."""
        return self._one("SELECT value FROM meta WHERE name = ?", name)

    def put(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any value there."""
        self._run(
            "INSERT INTO meta (name, value) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            name,
            value,
        )
