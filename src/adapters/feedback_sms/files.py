"""Append-only JSON-lines files: one object per line, written whole and synced to disk."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from feedback_core.errors import AdapterError
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Mapping

# Owner-only: the SMS file holds live activation codes.
_MODE = 0o600


def path_from_url(url: str, port: str) -> Path:
    """The file of ``scheme:///abs/file.jsonl`` or ``scheme:relative.jsonl``.

    A host other than localhost (``file://sms.jsonl`` is a common slip) is refused.
    """
    parts = urlsplit(url)
    if parts.netloc not in {"", "localhost"} or not parts.path:
        raise AdapterError(message("adapter_url", url=url), field=port)
    return Path(unquote(parts.path))


class JsonLinesFile:
    """A file of JSON objects, one per line, shared safely by the threads of one process."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: Mapping[str, object]) -> None:
        """Write ``record`` as one line and fsync it; OSError when the file cannot take it."""
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, _MODE)
            with os.fdopen(fd, "ab") as file:
                file.write(line.encode("utf-8"))
                file.flush()
                os.fsync(file.fileno())

    def read(self) -> list[dict[str, Any]]:
        """Every object, oldest first; none while the file does not exist."""
        with self._lock:
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                return []
        # Split on "\n" only: str.splitlines would also cut at U+2028 inside a text.
        return [json.loads(line) for line in text.split("\n") if line]
