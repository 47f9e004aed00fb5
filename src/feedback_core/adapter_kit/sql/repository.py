"""The base of the shared SQL repositories: one connection, one dialect, a few helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic

from feedback_core.adapter_kit.sql.dialect import DbT
from feedback_core.errors import Conflict
from feedback_core.messages import message

if TYPE_CHECKING:
    from feedback_core.adapter_kit.sql.dialect import Dialect, Rows


def stale(entity: str) -> Conflict:
    """The Conflict of an optimistic lock lost: the stored version moved on."""
    return Conflict(message("conflict", entity=entity), field="version")


def taken(entity: str, field: str) -> Conflict:
    """The Conflict of a unique key already taken."""
    return Conflict(message("already_exists", entity=entity), field=field)


class SqlRepository(Generic[DbT]):
    """Statements of one transaction, written with ``?`` and run in the dialect's style.

    Generic in the connection type, so that a dialect's override may use its driver.
    """

    def __init__(self, db: DbT, dialect: Dialect) -> None:
        self._db = db
        self._dialect = dialect
        # The two called on every statement, looked up once (a repository lives for one
        # transaction; statements run in microseconds).
        self._sql = dialect.sql
        self._key = dialect.key

    def _run(self, sql: str, *args: object) -> Rows:
        return self._db.execute(self._sql(sql), args)

    def _one(self, sql: str, *args: object) -> str | None:
        row = self._db.execute(self._sql(sql), args).fetchone()
        return None if row is None else str(row[0])

    def _all(self, sql: str, *args: object) -> list[Any]:
        return self._db.execute(self._sql(sql), args).fetchall()

    def _changed_one(self, sql: str, *args: object) -> bool:
        return self._db.execute(self._sql(sql), args).rowcount == 1

    def _insert_new(self, sql: str, *args: object) -> bool:
        return self._dialect.insert_new(self._db, self._sql(sql), args)

    def _add_new(self, entity: str, field: str, sql: str, *args: object) -> None:
        """Run the INSERT of a new ``entity``; Conflict on ``field`` if its key is taken."""
        if not self._dialect.insert_new(self._db, self._sql(sql), args):
            raise taken(entity, field)
