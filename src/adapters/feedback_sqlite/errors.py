"""Driver errors become feedback-core errors at the adapter's edge.

SQLite's result code says which. Busy and locked clear up by themselves: StorageUnavailable,
"try again". A damaged file, a read-only place, a full disk, a failing disk or a refusal
do not: StorageFault, whose message says what to do instead. An error without a result
code (a closed connection) is worth a retry: the next transaction opens a new one. SQLite
reports a full disk as SQLITE_FULL, or as an I/O error when its shared-memory file cannot
grow: an I/O error on a file system without room left is a full disk too.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

from feedback_core.errors import FeedbackError, StorageFault, StorageUnavailable
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Iterator

FIELD: Final = "storage"
# Free bytes under which a disk counts as full: SQLite cannot grow its files by a page.
FULL_BELOW: Final = 64 * 1024
# Primary result codes (the low byte of an extended one) that a retry may cure.
_RETRY: Final = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_INTERRUPT,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_SCHEMA,
    }
)
# Primary result codes that a retry will not cure, and the message of each.
_FAULTS: Final = {
    sqlite3.SQLITE_CORRUPT: "storage_corrupt",
    sqlite3.SQLITE_NOTADB: "storage_corrupt",
    sqlite3.SQLITE_READONLY: "storage_read_only",
    sqlite3.SQLITE_FULL: "storage_full",
    sqlite3.SQLITE_IOERR: "storage_io",
    sqlite3.SQLITE_PERM: "storage_refused",
    sqlite3.SQLITE_AUTH: "storage_refused",
}


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Raise every sqlite3 error of the block as the FeedbackError that says what to do."""
    try:
        yield
    except sqlite3.Error as error:
        raise translate(error, path) from error


def translate(error: sqlite3.Error, path: str) -> FeedbackError:
    """The feedback-core error for a sqlite3 error on the database ``path``."""
    reason = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code is None or code & 0xFF in _RETRY:
        return StorageUnavailable(message("storage_unavailable", reason=reason), field=FIELD)
    primary = code & 0xFF
    if primary == sqlite3.SQLITE_CANTOPEN:
        return fault(cannot_open(path), path, reason)
    if primary == sqlite3.SQLITE_IOERR and disk_full(path):  # e.g. no room to grow the -shm
        return fault("storage_full", path, reason)
    # Anything else (a constraint no repository expected, a statement the file's tables do
    # not fit) is the database refusing: retrying the same change gets the same answer.
    return fault(_FAULTS.get(primary, "storage_refused"), path, reason)


def fault(code: str, path: str, reason: str = "") -> StorageFault:
    """A StorageFault with message ``code`` about the database ``path``."""
    return StorageFault(message(code, path=path, reason=reason), field=FIELD)


def disk_full(path: str) -> bool:
    """Whether the file system that holds ``path`` has (almost) no room left."""
    try:
        stats = os.statvfs(Path(path).absolute().parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < FULL_BELOW


def cannot_open(path: str) -> str:
    """Why SQLite could not open ``path``, as a message code, from what the folder shows."""
    file = Path(path)
    folder = file.parent
    if not folder.is_dir():
        return "storage_no_folder"
    if not file.exists():
        return "storage_cannot_create" if not os.access(folder, os.W_OK) else "storage_missing"
    if not os.access(file, os.R_OK):
        return "storage_refused"
    return "storage_read_only"  # readable, yet neither it nor its -wal and -shm could be opened
