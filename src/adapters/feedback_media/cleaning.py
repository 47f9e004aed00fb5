"""`PillowCleaner`: photos re-encoded in their own format, upright, with no metadata.

A phone's JPEG carries EXIF (the camera, the time, often the GPS position of the place it
was taken, which for a report is often the reporter's home), and PNG and WebP can carry
EXIF, XMP and text chunks too. The cleaner decodes the picture, turns it upright by its
EXIF orientation (so dropping EXIF does not turn it on its side), copies the pixels alone
into a new image and encodes that: nothing of the original file but its pixels survives,
not EXIF, XMP, ICC profiles, comments nor thumbnails. Only the first frame of an
animated PNG or WebP is kept.

The upload is spooled (in memory up to `SPOOL_BYTES`, then in a temporary file) because a
decoder needs the whole file; its size limit was checked while it streamed in.
"""

from __future__ import annotations

import tempfile
from typing import IO, TYPE_CHECKING, Final

from PIL import Image, ImageOps

from feedback_core.errors import ValidationError
from feedback_core.reports.media import MediaKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

SPOOL_BYTES: Final = 1024 * 1024
READ_SIZE: Final = 256 * 1024
MAX_PIXELS: Final = 64_000_000  # 8000 x 8000; decoded, about 256 MB at most
FORMATS: Final = {MediaKind.JPEG: "JPEG", MediaKind.PNG: "PNG", MediaKind.WEBP: "WEBP"}
KEPT_MODES: Final = frozenset({"1", "L", "LA", "RGB", "RGBA", "CMYK", "I;16", "I", "F"})
SAVE_OPTIONS: Final[dict[MediaKind, dict[str, object]]] = {
    MediaKind.JPEG: {"quality": 90},
    MediaKind.PNG: {},
    MediaKind.WEBP: {"quality": 90},
}


class PillowCleaner:
    """Re-encodes JPEG, PNG and WebP photos without metadata (extra ``[media]``)."""

    def __init__(self, max_pixels: int = MAX_PIXELS) -> None:
        self.max_pixels = max_pixels

    @classmethod
    def from_url(cls, url: str) -> PillowCleaner:  # noqa: ARG003 - "pillow:" says it all
        """The cleaner ``pillow:`` names."""
        return cls()

    def clean(self, kind: MediaKind, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The photo re-encoded; ValidationError (field "media") if it cannot be read."""
        if kind not in FORMATS:
            raise ValidationError.single("media", "media_unreadable")
        with (
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as source,
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as target,
        ):
            for chunk in chunks:
                source.write(chunk)
            source.seek(0)
            self._reencode(kind, source, target)
            target.seek(0)
            while chunk := target.read(READ_SIZE):
                yield chunk

    def _reencode(self, kind: MediaKind, source: IO[bytes], target: IO[bytes]) -> None:
        try:
            with Image.open(source, formats=[FORMATS[kind]]) as image:
                width, height = image.size
                if width * height > self.max_pixels:
                    limit = f"{self.max_pixels // 1_000_000} MP"
                    raise ValidationError.single("media", "too_large", limit=limit)
                pixels_only(ImageOps.exif_transpose(image)).save(
                    target, FORMATS[kind], **SAVE_OPTIONS[kind]
                )
        except ValidationError:
            raise
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            raise ValidationError.single("media", "media_unreadable") from error


def pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding ``image``'s pixels and nothing else (no info, no EXIF)."""
    if image.mode not in KEPT_MODES:  # palettes and the rest: plain colour, with alpha if any
        alpha = image.mode in {"PA", "RGBa", "La"} or "transparency" in image.info
        image = image.convert("RGBA" if alpha else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())
