"""Photos and videos attached to reports: their kinds, limits, records and ports.

The kind of a file is read from its first bytes (`sniff`), never from its name or the
content type a client declares: those are only claims, checked against the bytes
(`claims_match`).

Two ports, both implemented outside the core:

* `MediaStore` keeps the bytes and each item's facts (its report, kind, size, time) by a
  random id. Metadata lives in the store itself, not in `Storage`: an item is whole or
  absent in one place, and a store of objects (S3) keeps both the same way.
* `ImageCleaner` re-encodes a photo without its metadata (EXIF with GPS would reveal
  where the reporter lives). It is a port of its own, not a duty of each store, so every
  store (a plugin's S3 store too) keeps only cleaned photos without re-implementing it,
  and the core (which has no image library) still decides that photos are cleaned.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, Protocol

import attrs
import pendulum

from feedback_core.reports.input import MEDIA_LIMIT

if TYPE_CHECKING:
    from collections.abc import Iterable

MB: Final = 1024 * 1024
SNIFF_BYTES: Final = 64  # enough of the head to tell every kind apart (WebM needs ~40)


class MediaKind(enum.StrEnum):
    """The kinds of file a report may carry."""

    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    MP4 = "mp4"
    QUICKTIME = "quicktime"
    WEBM = "webm"

    @property
    def content_type(self) -> str:
        """Its MIME type."""
        return CONTENT_TYPES[self]

    @property
    def is_photo(self) -> bool:
        """Photos are re-encoded without metadata; videos are kept as sent."""
        return self in PHOTOS


PHOTOS: Final = frozenset({MediaKind.JPEG, MediaKind.PNG, MediaKind.WEBP})
CONTENT_TYPES: Final = {
    MediaKind.JPEG: "image/jpeg",
    MediaKind.PNG: "image/png",
    MediaKind.WEBP: "image/webp",
    MediaKind.MP4: "video/mp4",
    MediaKind.QUICKTIME: "video/quicktime",
    MediaKind.WEBM: "video/webm",
}
EXTENSIONS: Final = {
    MediaKind.JPEG: frozenset({"jpg", "jpeg", "jpe"}),
    MediaKind.PNG: frozenset({"png"}),
    MediaKind.WEBP: frozenset({"webp"}),
    MediaKind.MP4: frozenset({"mp4", "m4v"}),
    MediaKind.QUICKTIME: frozenset({"mov", "qt"}),
    MediaKind.WEBM: frozenset({"webm"}),
}
# ISO base media brands (the ``ftyp`` box) of plain videos. HEIC/HEIF/AVIF share the box
# but are photos no cleaner here can read, so they are no video either: refused.
MP4_BRANDS: Final = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"}
)
QUICKTIME_BRAND: Final = b"qt  "
SIGNATURES: Final = ((b"\xff\xd8\xff", MediaKind.JPEG), (b"\x89PNG\r\n\x1a\n", MediaKind.PNG))
EBML: Final = b"\x1a\x45\xdf\xa3"


def sniff(head: bytes) -> MediaKind | None:
    """The kind the first bytes of a file show, or None if they show none we take."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MediaKind.WEBP
    if head.startswith(EBML) and b"\x42\x82\x84webm" in head[:SNIFF_BYTES]:
        return MediaKind.WEBM  # Matroska whose DocType element says "webm"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == QUICKTIME_BRAND:
            return MediaKind.QUICKTIME
        if brand in MP4_BRANDS:
            return MediaKind.MP4
    return None


def claims_match(kind: MediaKind, content_type: str | None, filename: str | None) -> bool:
    """Whether what a client says of a file (its type, its name) agrees with its bytes.

    A claim left out is no lie; ``application/octet-stream`` claims nothing either.
    """
    declared = (content_type or "").split(";")[0].strip().lower()
    type_ok = declared in {"", "application/octet-stream", kind.content_type}
    suffix = (filename or "").rpartition(".")[2].lower() if "." in (filename or "") else ""
    return type_ok and (not suffix or suffix in EXTENSIONS[kind])


@attrs.frozen
class MediaPolicy:
    """How much a report may carry: sizes per photo and video, items, the kinds allowed."""

    max_photo_bytes: int = attrs.field(default=10 * MB, validator=attrs.validators.gt(0))
    max_video_bytes: int = attrs.field(default=50 * MB, validator=attrs.validators.gt(0))
    max_items: int = attrs.field(default=MEDIA_LIMIT, validator=attrs.validators.gt(0))
    kinds: frozenset[MediaKind] = attrs.field(
        default=frozenset(MediaKind),
        validator=attrs.validators.deep_iterable(
            attrs.validators.instance_of(MediaKind), attrs.validators.instance_of(frozenset)
        ),
    )

    def limit(self, kind: MediaKind) -> int:
        """The most bytes a file of ``kind`` may have."""
        return self.max_photo_bytes if kind.is_photo else self.max_video_bytes

    @property
    def largest(self) -> int:
        """The most bytes any allowed file may have."""
        return max(self.limit(kind) for kind in self.kinds) if self.kinds else 0


@attrs.frozen
class MediaItem:
    """One stored photo or video of a report; its id is random, never the client's name."""

    id: uuid.UUID
    report_id: uuid.UUID
    kind: MediaKind
    size: int
    added_at: pendulum.DateTime

    @property
    def content_type(self) -> str:
        """Its MIME type."""
        return self.kind.content_type


@attrs.frozen
class MediaContent:
    """A stored item and its bytes, read in chunks as they are served."""

    item: MediaItem
    chunks: Iterator[bytes]


class MediaStore(Protocol):
    """Where photos and videos are kept, each item whole or not at all.

    ``put`` consumes ``chunks`` as it writes. If they raise (an upload found too large
    half-way), or anything else fails, nothing of the item is kept and the error goes on;
    a reader never sees a half-written item.
    """

    def put(
        self,
        report_id: uuid.UUID,
        kind: MediaKind,
        added_at: pendulum.DateTime,
        chunks: Iterable[bytes],
    ) -> MediaItem:
        """Keep a new item under a fresh random id; its size is what was written."""
        ...

    def items(self, report_id: uuid.UUID) -> list[MediaItem]:
        """The report's items, oldest first."""
        ...

    def get(self, report_id: uuid.UUID, media_id: uuid.UUID) -> MediaItem | None:
        """One item of the report, or None."""
        ...

    def read(self, item: MediaItem) -> Iterator[bytes]:
        """The item's bytes in chunks."""
        ...

    def delete(self, item: MediaItem) -> None:
        """Forget the item; forgetting a missing one is no error."""
        ...

    def close(self) -> None:
        """Release what the store holds open."""
        ...


class ImageCleaner(Protocol):
    """Re-encodes photos without their metadata."""

    def clean(self, kind: MediaKind, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The photo in ``chunks`` re-encoded in the same format, with no metadata.

        The picture is turned upright by its EXIF orientation first. A file that cannot
        be read as a photo of ``kind`` raises ValidationError (field "media").
        """
        ...
