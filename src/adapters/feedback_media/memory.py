"""`MemoryMediaStore`: media kept in a dict, for tests and demos (``memory:``)."""

from __future__ import annotations

import threading
import uuid
from typing import TYPE_CHECKING

from feedback_core.reports.media import MediaItem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import pendulum

    from feedback_core.reports.media import MediaKind


class MemoryMediaStore:
    """Items appear whole once their last chunk is read; nothing is kept if reading fails."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[uuid.UUID, dict[uuid.UUID, tuple[MediaItem, bytes]]] = {}

    @classmethod
    def from_url(cls, url: str) -> MemoryMediaStore:  # noqa: ARG003 - "memory:" says it all
        """A new, empty store for each URL."""
        return cls()

    def put(
        self,
        report_id: uuid.UUID,
        kind: MediaKind,
        added_at: pendulum.DateTime,
        chunks: Iterable[bytes],
    ) -> MediaItem:
        """Keep the item once every chunk was read."""
        data = b"".join(chunks)
        item = MediaItem(uuid.uuid4(), report_id, kind, len(data), added_at)
        with self._lock:
            self._items.setdefault(report_id, {})[item.id] = (item, data)
        return item

    def items(self, report_id: uuid.UUID) -> list[MediaItem]:
        """The report's items, oldest first."""
        with self._lock:
            found = [item for item, _ in self._items.get(report_id, {}).values()]
        return sorted(found, key=lambda item: (item.added_at, str(item.id)))

    def get(self, report_id: uuid.UUID, media_id: uuid.UUID) -> MediaItem | None:
        """One item of the report, or None."""
        with self._lock:
            kept = self._items.get(report_id, {}).get(media_id)
        return None if kept is None else kept[0]

    def read(self, item: MediaItem) -> Iterator[bytes]:
        """The item's bytes, in one chunk."""
        with self._lock:
            _, data = self._items[item.report_id][item.id]
        yield data

    def delete(self, item: MediaItem) -> None:
        """Forget the item."""
        with self._lock:
            self._items.get(item.report_id, {}).pop(item.id, None)

    def close(self) -> None:
        """Nothing to release."""
