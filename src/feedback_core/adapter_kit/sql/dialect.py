"""What one SQL dialect changes in the statements the SQL stores share.

A statement run through `SqlRepository`'s helpers is written with ``?`` for each
parameter and no other ``?`` or ``%``, so that rendering it for psycopg's ``%s`` is a plain
replace. A statement an adapter runs on its driver directly is in the driver's style.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import attrs


class Rows(Protocol):
    """What running a statement gives back (a sqlite3 or a psycopg cursor)."""

    @property
    def rowcount(self) -> int:
        """How many rows the statement changed."""
        ...

    def fetchone(self) -> Any:  # noqa: ANN401 - a driver's row
        """The next row, or None."""
        ...

    def fetchall(self) -> list[Any]:
        """The rows left."""
        ...


class Db(Protocol):
    """A connection that runs one statement (sqlite3's or psycopg's)."""

    def execute(self, query: str, params: Sequence[Any], /) -> Rows:
        """Run ``query`` with ``params`` bound to its placeholders."""
        ...


DbT = TypeVar("DbT", bound=Db)


def as_is(value: uuid.UUID) -> object:
    """An id bound as it is, for a driver that knows uuid."""
    return value


@attrs.frozen
class Dialect:
    """The pieces of the shared statements that differ between dialects.

    Differences bigger than a piece (PostgreSQL's row and advisory locks, its pipelined
    writes, SQLite's executemany) are methods an adapter's repository overrides instead.
    """

    #: The driver's placeholder: "?" (sqlite3) or "%s" (psycopg).
    param: str
    #: Runs an INSERT; False, with nothing written, when a unique key is already taken.
    insert_new: Callable[[Db, str, Sequence[object]], bool]
    #: An id as the driver binds it: text in SQLite, a native uuid in PostgreSQL.
    key: Callable[[uuid.UUID], object] = as_is
    #: Ends the read of an account by login ID: every account update follows that read.
    lock_login: str = ""
    #: Ends the read of due milestones (alias ``d``): how concurrent claimers keep apart.
    skip_claimed: str = ""

    def sql(self, text: str) -> str:
        """``text``, written with ``?`` placeholders, in this driver's style."""
        return text if self.param == "?" else _rendered(text, self.param)


@functools.lru_cache(maxsize=256)
def _rendered(text: str, param: str) -> str:
    # Cached: the shared statements are few (listings add a few dozen filter combinations).
    return text.replace("?", param)
