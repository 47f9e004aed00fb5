"""API keys, as both SQL dialects store them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.accounts.api_keys import ApiKey
from feedback_core.adapter_kit.codec import dumps, loads, micros
from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository

if TYPE_CHECKING:
    import uuid


class SqlApiKeys(SqlRepository[Db]):
    """The ``api_keys`` table: found by the key's hash (unique), listed newest first."""

    def add(self, key: ApiKey) -> None:
        """Store a new key; Conflict if its hash (or its id) is taken."""
        self._add_new(
            "api_key",
            "key_hash",
            "INSERT INTO api_keys (id, key_hash, created_at, data) VALUES (?, ?, ?, ?)",
            self._key(key.id),
            key.key_hash,
            micros(key.created_at),
            dumps(key),
        )

    def get(self, key_id: uuid.UUID) -> ApiKey | None:
        """The key, or None."""
        data = self._one("SELECT data FROM api_keys WHERE id = ?", self._key(key_id))
        return None if data is None else loads(data, ApiKey)

    def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with this hash, or None: one lookup in the unique index."""
        data = self._one("SELECT data FROM api_keys WHERE key_hash = ?", key_hash)
        return None if data is None else loads(data, ApiKey)

    def update(self, key: ApiKey) -> None:
        """Replace the stored key (its hash and creation never change)."""
        self._run("UPDATE api_keys SET data = ? WHERE id = ?", dumps(key), self._key(key.id))

    def all(self) -> list[ApiKey]:
        """Every key, newest created first, ties by id (the higher first)."""
        rows = self._all("SELECT data FROM api_keys ORDER BY created_at DESC, id DESC")
        return [loads(r[0], ApiKey) for r in rows]
