"""Driver errors become feedback-core errors at the adapter's edge, by SQLSTATE.

* Conflict: a deadlock or serialization failure (40P01, 40001). The server rolled the
  transaction back and running the use case again may succeed, exactly like losing an
  optimistic lock.
* StorageUnavailable ("try again"): what a retry may cure. A connection lost or refused
  (class 08, and a connection that fails before the server answers), the rest of class 40,
  a lock not available (55P03), an operator's or a crash's shutdown or a cancelled
  statement (class 57), the server short of memory or connections (class 53 but 53100),
  a pool timeout or a closed pool. Nothing was written, but for a connection lost during
  the commit, whose outcome is unknown, as with any database server.
* StorageFault: what a retry will not cure, with what to do instead. A full disk (53100),
  a refused privilege (42501) or login (class 28, and a role or password the server
  refuses while connecting), corrupt data (XX001, XX002), a read-only server (25006), a
  missing database (3D000), and any other error the server gave (it refused the change).

An integrity error that reaches the edge is one no repository expected (they turn the
expected ones into their own errors): the server refusing the change, like any other.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

import psycopg
from psycopg import errors as pg

from feedback_core.errors import Conflict, FeedbackError, StorageFault, StorageUnavailable
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Iterator

FIELD: Final = "storage"
# SQLSTATE classes (two characters) and codes a retry may cure.
_RETRY_CLASSES: Final = frozenset({"08", "40", "57"})
_RETRY_CODES: Final = frozenset({"55P03", "53000", "53200", "53300", "53400"})
# SQLSTATE classes and codes a retry will not cure, and the message of each.
_FAULT_CODES: Final = {
    "53100": "storage_full",
    "42501": "storage_refused",
    "XX001": "storage_corrupt",
    "XX002": "storage_corrupt",
    "25006": "storage_read_only",
    "3D000": "storage_missing",
}
_FAULT_CLASSES: Final = {"28": "storage_refused"}
# What libpq says when the server turns a connection away before any SQLSTATE exists.
_REFUSED_LOGIN: Final = ("password authentication failed", "no pg_hba.conf entry", 'role "')
_MISSING_DATABASE: Final = 'database "'


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Raise every psycopg error of the block as the FeedbackError that says what to do.

    ``where`` names the store in messages (never with a password).
    """
    try:
        yield
    except psycopg.Error as error:
        raise translate(error, where) from error


def translate(error: psycopg.Error, where: str) -> FeedbackError:
    """The feedback-core error for a psycopg error on the store ``where``."""
    reason = _reason(error)
    if isinstance(error, pg.SerializationFailure | pg.DeadlockDetected):
        return Conflict(message("storage_conflict"), field=FIELD)
    state = error.sqlstate
    if state is None:
        return _without_state(error, where, reason)
    code = _FAULT_CODES.get(state) or _FAULT_CLASSES.get(state[:2])
    if code is not None:
        return _fault(code, where, reason)
    if state[:2] in _RETRY_CLASSES or state in _RETRY_CODES:
        return _unavailable(reason)
    return _fault("storage_refused", where, reason)


def _without_state(error: psycopg.Error, where: str, reason: str) -> FeedbackError:
    # A connection that failed before the server answered with a SQLSTATE, a pool timeout,
    # a closed pool or connection: a server that may come back, unless it turned us away.
    if isinstance(error, psycopg.OperationalError):
        if any(sign in reason for sign in _REFUSED_LOGIN):
            return _fault("storage_refused", where, reason)
        if _MISSING_DATABASE in reason and "does not exist" in reason:
            return _fault("storage_missing", where, reason)
    return _unavailable(reason)


def _unavailable(reason: str) -> StorageUnavailable:
    return StorageUnavailable(message("storage_unavailable", reason=reason), field=FIELD)


def _fault(code: str, where: str, reason: str) -> StorageFault:
    return StorageFault(message(code, path=where, reason=reason), field=FIELD)


def _reason(error: psycopg.Error) -> str:
    # The first line only: libpq adds hints ("Is the server running...") on the next ones.
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
