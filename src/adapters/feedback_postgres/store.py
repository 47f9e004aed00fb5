"""The PostgreSQL store: a connection pool, one READ COMMITTED transaction per use case.

Many stateless backend processes share one server, so nothing here relies on being the
only writer: every read-check-write of a use case is made atomic by the statement itself
or by a row lock taken before the read (see repositories.py). The schema is created when
missing (unless ``create=False``) and selected on every pooled connection, so several
stores can share a database.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

import psycopg
from psycopg import IsolationLevel, sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import TupleRow
from psycopg_pool import ConnectionPool

from feedback_core.adapter_kit.cache import VersionCache
from feedback_core.errors import StorageFault, ValidationError
from feedback_core.messages import message
from feedback_postgres.errors import translated
from feedback_postgres.repositories import PostgresTransaction
from feedback_postgres.schema import MIGRATION_LOCK, MIGRATIONS
from feedback_postgres.url import FIELD, SCHEMA_NAME, parse_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from feedback_core.adapter_kit.sql import AlertKey
    from feedback_core.alerts.model import Alert
    from feedback_core.ports import Transaction

Connection = psycopg.Connection[TupleRow]


class PostgresStorage:
    """The `Storage` port on one schema of a PostgreSQL database."""

    def __init__(
        self,
        conninfo: str,
        *,
        schema: str = "public",
        pool_min: int = 1,
        pool_max: int = 10,
        pool_timeout: float = 30.0,
        create: bool = True,
    ) -> None:
        if not SCHEMA_NAME.fullmatch(schema):
            raise ValidationError.single(FIELD, "invalid_id")
        self.schema = schema
        self._conninfo = conninfo
        self.where = _where(conninfo, schema)
        self._alert_cache: VersionCache[AlertKey, Alert] = VersionCache()
        # On a connection of its own, before the pool starts: an unreachable server fails
        # here at once instead of after the pool's timeout.
        self.migrate(create=create)
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            conninfo,
            kwargs={"autocommit": True, "options": _options(conninfo, schema)},
            min_size=pool_min,
            max_size=pool_max,
            timeout=pool_timeout,
            configure=_configure,
            name=f"feedback_postgres:{schema}",
            open=False,
        )
        self._pool.open()

    @classmethod
    def from_url(cls, url: str, *, create: bool = True) -> PostgresStorage:
        """``postgresql://user@host:5432/db?schema=feedback&pool_max=20`` (see url.py)."""
        parsed = parse_url(url)
        return cls(
            parsed.conninfo,
            schema=parsed.schema,
            pool_min=parsed.pool_min,
            pool_max=parsed.pool_max,
            pool_timeout=parsed.pool_timeout,
            create=create,
        )

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A unit of work on a pooled connection: committed if the block ends, else rolled back."""
        with translated(self.where), self._pool.connection() as conn, conn.transaction():
            tx = PostgresTransaction(conn, self._alert_cache)
            yield tx
        # Only now: a version written and rolled back must never be served.
        self._alert_cache.publish(tx.alerts.learnt)

    def migrate(self, *, create: bool = True) -> int:
        """Create the schema if missing and apply the migrations it lacks; the schema version.

        Processes starting together take turns on an advisory lock held until commit, so
        each migration runs once and none sees a half-migrated schema. Without ``create``
        a schema that was never set up (no ``schema_version`` table, or no schema at all)
        is StorageFault (``storage_missing``) and nothing is created; one set up runs no DDL
        but the migrations it lacks, so a role that may only read opens a current store.
        """
        name = sql.Identifier(self.schema)
        with (
            translated(self.where),
            psycopg.connect(self._conninfo, autocommit=True) as conn,
            conn.transaction(),
        ):
            conn.execute(MIGRATION_LOCK, [self.schema])
            if create:
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(name))
            elif not _is_set_up(conn, self.schema):
                raise StorageFault(message("storage_missing", path=self.where), field=FIELD)
            conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(name))
            if create:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
            current = 0 if row is None else int(row[0])
            for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                conn.execute(script)
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", [number])
        return len(MIGRATIONS)

    def close(self) -> None:
        """Close the pool and every connection in it."""
        self._pool.close()


def _is_set_up(conn: Connection, schema: str) -> bool:
    """Whether ``schema`` holds our ``schema_version`` table (a store set up before)."""
    found = conn.execute(
        "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = 'schema_version'", [schema]
    ).fetchone()
    return found is not None


def _where(conninfo: str, schema: str) -> str:
    """The store as messages name it: host, port, database and schema, never a password."""
    parts = conninfo_to_dict(conninfo)
    host = parts.get("host") or "localhost"
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"{host}{port}/{parts.get('dbname') or ''}?schema={schema}"


def _options(conninfo: str, schema: str) -> str:
    # search_path as a startup option: set before the first query, and kept by RESET ALL.
    given = str(conninfo_to_dict(conninfo).get("options") or "")
    return f"{given} -c search_path={schema}".strip()


def _configure(conn: Connection) -> None:
    # Explicit, whatever the server's default: the repositories' locking assumes it.
    conn.isolation_level = IsolationLevel.READ_COMMITTED
