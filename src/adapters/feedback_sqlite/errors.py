"""Driver errors become feedback-core errors at the adapter's edge."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING

from feedback_core.errors import StorageUnavailable
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def translated() -> Iterator[None]:
    """Raise StorageUnavailable for a locked, full, read-only or corrupt database."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise StorageUnavailable(
            message("storage_unavailable", reason=str(error)), field="storage"
        ) from error
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.IntegrityError):
            raise
        raise StorageUnavailable(
            message("storage_unavailable", reason=str(error)), field="storage"
        ) from error
