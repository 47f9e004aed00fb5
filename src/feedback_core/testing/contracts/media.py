"""`MediaStoreContract`: the rules every media store keeps, for an adapter's tests to inherit.

::

    class TestFileMediaStore(MediaStoreContract):
        @pytest.fixture
        def store(self, tmp_path):
            return FileMediaStore(tmp_path / "media")
"""

# Assertions are how a contract states its rules, and they read `expected == actual`.
# ruff: noqa: S101, SIM300

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import pendulum
import pytest

from feedback_core.reports.media import MediaKind

if TYPE_CHECKING:
    from collections.abc import Iterator

    from feedback_core.reports.media import MediaStore

__all__ = ["MediaStoreContract"]

AT: Final = pendulum.datetime(2026, 3, 2, 8, 0, tz="UTC")
DATA: Final = bytes(range(256)) * 1000


class Refused(Exception):
    """What a chunk source raises half-way, like an upload found too large."""


def chunks(data: bytes, size: int = 4096) -> Iterator[bytes]:
    """``data`` in pieces."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def failing(data: bytes) -> Iterator[bytes]:
    """Half of ``data``, then an error."""
    yield from chunks(data[: len(data) // 2])
    raise Refused


class MediaStoreContract:
    """The rules every `MediaStore` keeps. Override the ``store`` fixture."""

    @pytest.fixture
    def store(self) -> MediaStore:
        """A fresh, empty store."""
        raise NotImplementedError

    def test_an_item_reads_back_whole_with_its_facts(self, store: MediaStore) -> None:
        """The bytes, the size, the kind, the report and the time come back as put."""
        report = uuid.uuid4()
        item = store.put(report, MediaKind.MP4, AT, chunks(DATA))
        assert (len(DATA), MediaKind.MP4, report, AT) == (
            item.size,
            item.kind,
            item.report_id,
            item.added_at,
        )
        assert item == store.get(report, item.id)
        assert DATA == b"".join(store.read(item))

    def test_items_list_oldest_first_under_fresh_random_ids(self, store: MediaStore) -> None:
        """Each put makes a new random id; a report lists its own items only."""
        report, other = uuid.uuid4(), uuid.uuid4()
        made = [store.put(report, MediaKind.PNG, AT.add(minutes=n), [b"x" * n]) for n in (3, 1)]
        store.put(other, MediaKind.PNG, AT, [b"y"])
        assert made[::-1] == store.items(report)  # put at +3 then +1 minutes
        assert made[0].id != made[1].id

    def test_a_time_comes_back_as_the_same_instant_to_the_microsecond(
        self, store: MediaStore
    ) -> None:
        """A time on another clock, with microseconds, reads back (and sorts) as that instant."""
        report = uuid.uuid4()
        local = pendulum.datetime(2026, 3, 2, 15, 0, 0, 123456, tz="Asia/Ho_Chi_Minh")
        later = store.put(report, MediaKind.JPEG, AT.add(microseconds=123457), [b"b"])
        first = store.put(report, MediaKind.JPEG, local, [b"a"])  # 08:00:00.123456 UTC
        kept = store.get(report, first.id)
        assert kept is not None
        assert (local, 123456) == (kept.added_at, kept.added_at.microsecond)
        assert [first.id, later.id] == [item.id for item in store.items(report)]

    def test_a_failing_upload_leaves_nothing(self, store: MediaStore) -> None:
        """Chunks that raise half-way: the error goes on and no item is kept."""
        report = uuid.uuid4()
        with pytest.raises(Refused):
            store.put(report, MediaKind.WEBM, AT, failing(DATA))
        assert [] == store.items(report)

    def test_unknown_items_are_none(self, store: MediaStore) -> None:
        """An unknown id, or a known id asked under another report, is None."""
        item = store.put(uuid.uuid4(), MediaKind.JPEG, AT, [b"a"])
        assert store.get(uuid.uuid4(), item.id) is None
        assert store.get(item.report_id, uuid.uuid4()) is None
        assert [] == store.items(uuid.uuid4())

    def test_a_deleted_item_is_gone_and_deleting_again_is_no_error(self, store: MediaStore) -> None:
        """Delete forgets the item; a second delete changes nothing."""
        item = store.put(uuid.uuid4(), MediaKind.JPEG, AT, [b"a"])
        store.delete(item)
        store.delete(item)
        assert store.get(item.report_id, item.id) is None
        assert [] == store.items(item.report_id)

    def test_an_empty_chunk_is_no_end(self, store: MediaStore) -> None:
        """Empty chunks in the middle are skipped, never read as the end of the file."""
        item = store.put(uuid.uuid4(), MediaKind.PNG, AT, [b"ab", b"", b"cd"])
        assert b"abcd" == b"".join(store.read(item))
