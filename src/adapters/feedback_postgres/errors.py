"""Driver errors become feedback-core errors at the adapter's edge."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

import psycopg
from psycopg import errors as pg

from feedback_core.errors import Conflict, StorageUnavailable
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def translated() -> Iterator[None]:
    """Conflict for a lost race the server broke; StorageUnavailable for a server out of reach.

    A deadlock or serialization failure means the transaction was rolled back and running
    the use case again may succeed, exactly like losing an optimistic lock. A pool timeout
    or a closed pool (both `psycopg.OperationalError`), a server error or a connection lost
    before the commit mean nothing was written; a connection lost during the commit leaves
    its outcome unknown, as with any database server. Integrity errors are raised as they
    are: the repositories turn the expected ones into their own errors, any other is a bug.
    """
    try:
        yield
    except (pg.SerializationFailure, pg.DeadlockDetected) as error:
        raise Conflict(message("storage_conflict"), field="storage") from error
    except psycopg.IntegrityError:
        raise
    except psycopg.Error as error:
        raise StorageUnavailable(
            message("storage_unavailable", reason=_reason(error)), field="storage"
        ) from error


def _reason(error: psycopg.Error) -> str:
    # The first line only: libpq adds hints ("Is the server running...") on the next ones.
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
