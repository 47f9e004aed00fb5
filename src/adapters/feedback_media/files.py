"""`FileMediaStore`: photos and videos in a folder, one folder per report.

``<root>/<report id>/<media id>`` holds the bytes and ``<media id>.json`` the item's facts.
Both are written atomically: into a hidden ``.part`` file beside them, flushed to disk
(fsync), then renamed into place, and the folder itself synced. The facts are written last,
and only items with facts are listed or served, so a crash or a refused upload never
leaves anything a reader could see; a refused upload leaves no file at all. Ids are random
UUIDs made here: the client's file name never reaches the disk.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final
from urllib.parse import unquote, urlsplit

from feedback_core.errors import AdapterError
from feedback_core.messages import message
from feedback_core.reports.media import MediaItem
from feedback_media.meta import item_json, item_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import pendulum

    from feedback_core.reports.media import MediaKind

READ_SIZE: Final = 256 * 1024
PART: Final = ".part"
FACTS: Final = ".json"


class FileMediaStore:
    """Media in a folder; the folder is made at the first upload, not before."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()  # only for making folders; files never clash

    @classmethod
    def from_url(cls, url: str) -> FileMediaStore:
        """``fs:///var/lib/feedback/media`` (absolute) or ``fs:media`` (relative)."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.netloc not in {"", "localhost"} or not path:
            raise AdapterError(message("adapter_url", url=url), field="media")
        return cls(path)

    def put(
        self,
        report_id: uuid.UUID,
        kind: MediaKind,
        added_at: pendulum.DateTime,
        chunks: Iterable[bytes],
    ) -> MediaItem:
        """Write the bytes, then the facts; on any error nothing is left behind."""
        folder = self._folder(report_id, make=True)
        media_id = uuid.uuid4()
        data = folder / str(media_id)
        try:
            size = _write_atomically(data, chunks)
            item = MediaItem(media_id, report_id, kind, size, added_at)
            _write_atomically(_facts(data), (item_json(item),))
        except BaseException:
            data.unlink(missing_ok=True)
            raise
        _sync_folder(folder)
        return item

    def items(self, report_id: uuid.UUID) -> list[MediaItem]:
        """The report's items with their facts written, oldest first.

        A listing asks this of every report it shows, most of which have no folder at all:
        one ``os.listdir`` of a text path answers that in ~3 µs, where a glob takes ~12 µs,
        ``iterdir`` (a generator) ~10 µs and a `Path` argument adds ~1.5 µs.
        """
        folder = os.path.join(self.root, _name(report_id))  # noqa: PTH118 - see above
        try:
            names = os.listdir(folder)  # noqa: PTH208 - see above
        except FileNotFoundError:
            return []  # nothing was ever uploaded: the folder comes with the first item
        found = []
        for name in names:
            if name.endswith(FACTS):  # part files end in PART: never taken for facts
                try:
                    found.append(item_of(Path(folder, name).read_bytes()))
                except FileNotFoundError:
                    continue  # deleted since the folder was read: gone, as later calls say
        return sorted(found, key=lambda item: (item.added_at, str(item.id)))

    def get(self, report_id: uuid.UUID, media_id: uuid.UUID) -> MediaItem | None:
        """One item of the report, or None."""
        try:
            return item_of(_facts(self._folder(report_id) / str(media_id)).read_bytes())
        except FileNotFoundError:
            return None

    def read(self, item: MediaItem) -> Iterator[bytes]:
        """The item's bytes, read as they are served."""
        path = self._folder(item.report_id) / str(item.id)
        with path.open("rb") as source:
            while chunk := source.read(READ_SIZE):
                yield chunk

    def delete(self, item: MediaItem) -> None:
        """The facts go first, so the item is never listed without its bytes."""
        data = self._folder(item.report_id) / str(item.id)
        _facts(data).unlink(missing_ok=True)
        data.unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing is held open between calls."""

    def _folder(self, report_id: uuid.UUID, *, make: bool = False) -> Path:
        folder = self.root / _name(report_id)
        if make:
            with self._lock:
                folder.mkdir(parents=True, exist_ok=True)
        return folder


def _name(report_id: uuid.UUID) -> str:
    """A report's folder name: a UUID's own text, never a path of its own."""
    exact = report_id if type(report_id) is uuid.UUID else uuid.UUID(str(report_id))
    return str(exact)


def _facts(data: Path) -> Path:
    return data.with_name(data.name + FACTS)


def _write_atomically(path: Path, chunks: Iterable[bytes]) -> int:
    """Write into a hidden part file, fsync it, rename it to ``path``; the bytes written."""
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex}{PART}")
    try:
        with part.open("xb") as out:
            size = _copy(chunks, out)
            out.flush()
            os.fsync(out.fileno())
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return size


def _copy(chunks: Iterable[bytes], out: BinaryIO) -> int:
    size = 0
    for chunk in chunks:
        out.write(chunk)
        size += len(chunk)
    return size


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system lets a folder be opened
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
