"""API keys in memory, by id and by their hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_memory.tables import Repository

if TYPE_CHECKING:
    import uuid

    from feedback_core.accounts.api_keys import ApiKey


class MemoryApiKeys(Repository):
    """The keys of Open311 client applications; revoked keys stay, marked revoked."""

    def add(self, key: ApiKey) -> None:
        """Store a new key; Conflict if its hash (or its id) is taken."""
        if key.key_hash in self._t.api_key_hashes or key.id in self._t.api_keys:
            raise Conflict(message("already_exists", entity="api_key"), field="key_hash")
        self._log.put(self._t.api_key_hashes, key.key_hash, key.id)
        self._log.put(self._t.api_keys, key.id, key)

    def get(self, key_id: uuid.UUID) -> ApiKey | None:
        """The key, or None."""
        return self._t.api_keys.get(key_id)

    def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with this hash, or None."""
        key_id = self._t.api_key_hashes.get(key_hash)
        return None if key_id is None else self._t.api_keys[key_id]

    def update(self, key: ApiKey) -> None:
        """Replace the stored key (its hash never changes)."""
        if key.id in self._t.api_keys:
            self._log.put(self._t.api_keys, key.id, key)

    def all(self) -> list[ApiKey]:
        """Every key, newest created first, ties by id (the higher first)."""
        return sorted(self._t.api_keys.values(), key=lambda k: (k.created_at, k.id), reverse=True)
