"""A multipart upload read as it streams: the first file part's bytes, chunk by chunk.

Starlette's own form parsing reads the whole body (spooled to disk) before the endpoint
runs, so an oversize upload would be read whole before it is refused. Here the body is
pulled from the ASGI server only as the core asks for the next chunk, through
python-multipart's push parser, so the core's size limit stops reading at once. Parts
other than the file are skipped without being kept, and the whole body is capped too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from python_multipart.multipart import MultipartParser, parse_options_header

from feedback_core.errors import ValidationError
from feedback_core.reports.media_stream import megabytes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

FILE_FIELD: Final = b"file"
OVERHEAD: Final = 64 * 1024  # what a multipart body may carry beside the file


def boundary_of(content_type: str | None) -> bytes:
    """The boundary of a ``multipart/form-data`` body; ValidationError ("media") otherwise."""
    kind, options = parse_options_header(content_type or "")
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise ValidationError.single("media", "required")
    return boundary


def capped(pull: Callable[[], bytes | None], limit: int) -> Callable[[], bytes | None]:
    """``pull``, refusing (``too_large``) once the body passes ``limit`` + `OVERHEAD` bytes."""
    total = 0

    def next_chunk() -> bytes | None:
        nonlocal total
        chunk = pull()
        total += len(chunk or b"")
        if total > limit + OVERHEAD:
            raise ValidationError.single("media", "too_large", limit=f"{megabytes(limit)} MB")
        return chunk

    return next_chunk


class FilePart:
    """The part named ``file`` of a multipart body that ``pull`` gives piece by piece."""

    def __init__(self, boundary: bytes, pull: Callable[[], bytes | None]) -> None:
        self._pull = pull
        self._field = self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self._pending: list[bytes] = []
        self._reading = self._found = self._finished = self._ended = False
        self.filename: str | None = None
        self.content_type: str | None = None
        self._parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": self._headers.clear,
                "on_header_field": self._on_field,
                "on_header_value": self._on_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
                "on_part_data": self._on_data,
                "on_part_end": self._on_part_end,
            },
        )

    def find(self) -> None:
        """Read until the file part begins; ValidationError ("media", required) if none does."""
        while not self._found and not self._ended:
            self._feed()
        if not self._found:
            raise ValidationError.single("media", "required")

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes, each pulled from the body only when asked for."""
        while True:
            while self._pending:
                yield self._pending.pop(0)
            if self._finished or self._ended:
                return
            self._feed()

    def _feed(self) -> None:
        chunk = self._pull()
        if chunk is None:
            self._parser.finalize()
            self._ended = True
        elif chunk:
            self._parser.write(chunk)

    def _on_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _on_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field = self._value = b""

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if self._found or options.get(b"name") != FILE_FIELD:
            return
        self._found = self._reading = True
        name = options.get(b"filename")
        self.filename = None if name is None else name.decode("utf-8", "replace")
        declared = self._headers.get(b"content-type")
        self.content_type = None if declared is None else declared.decode("latin-1")

    def _on_data(self, data: bytes, start: int, end: int) -> None:
        if self._reading:
            self._pending.append(data[start:end])

    def _on_part_end(self) -> None:
        if self._reading:
            self._reading = False
            self._finished = True
