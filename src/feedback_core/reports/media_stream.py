"""Reading an upload as it streams: its head, its size limit, the location a video records.

Every step here is a generator over byte chunks: an upload is looked at chunk by chunk
and never held whole, and a step that refuses it stops pulling at once.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Final

from feedback_core.errors import ValidationError
from feedback_core.reports.media import MB, SNIFF_BYTES

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

# Where MP4/QuickTime videos keep the place they were filmed: Apple's metadata key, the
# QuickTime user-data atom "©xyz" and the 3GPP "loci" box. Each box is checked by its
# size too, so the four letters met by chance inside compressed frames do not count.
APPLE_LOCATION: Final = b"com.apple.quicktime.location.ISO6709"
LOCATION_BOXES: Final = ((b"\xa9xyz", 12, 64), (b"loci", 18, 1024))
_KEEP: Final = len(APPLE_LOCATION) + 8  # bytes carried to the next chunk's window
READ_SIZE: Final = 64 * 1024  # how much is read at a time from a file object


def as_chunks(source: object) -> Iterable[bytes]:
    """Byte chunks from an iterable of chunks or a binary file object (anything with ``read``)."""
    read = getattr(source, "read", None)
    if callable(read):
        return iter(lambda: read(READ_SIZE), b"")
    if isinstance(source, bytes | bytearray | memoryview | str) or not hasattr(source, "__iter__"):
        raise ValidationError.single("media", "wrong_type", expected="bytes")
    return source  # each chunk is checked as it is read


def split_head(chunks: Iterable[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The first bytes (at least `SNIFF_BYTES` of them if the file has so many) and the rest."""
    rest = iter(chunks)
    head = b""
    while len(head) < SNIFF_BYTES:
        chunk = next(rest, None)
        if chunk is None:
            break
        head += _bytes(chunk)
    return head, rest


def limited(head: bytes, rest: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """The chunks, refused (field "media", ``too_large``) as soon as they pass ``limit`` bytes."""
    total = 0
    for chunk in itertools.chain((head,), rest):
        data = _bytes(chunk)
        total += len(data)
        if total > limit:
            raise ValidationError.single("media", "too_large", limit=f"{megabytes(limit)} MB")
        if data:
            yield data


def without_location(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks of a video, refused (``media_location``) if they record where it was filmed."""
    tail = b""
    for chunk in chunks:
        window = tail + chunk
        if records_location(window):
            raise ValidationError.single("media", "media_location")
        tail = window[-_KEEP:]
        yield chunk


def records_location(data: bytes) -> bool:
    """Whether ``data`` holds a known location box of MP4/QuickTime metadata."""
    if APPLE_LOCATION in data:
        return True
    for name, low, high in LOCATION_BOXES:
        at = data.find(name, 4)
        while at != -1:
            if low <= int.from_bytes(data[at - 4 : at], "big") <= high:
                return True
            at = data.find(name, at + 1)
    return False


def megabytes(size: int) -> str:
    """A size in MB for people: "10", or "2.5"."""
    return f"{size / MB:.1f}".removesuffix(".0")


def _bytes(chunk: object) -> bytes:
    if not isinstance(chunk, bytes | bytearray | memoryview):
        raise ValidationError.single("media", "wrong_type", expected="bytes")
    return bytes(chunk)
