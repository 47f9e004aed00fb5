"""PostgreSQL for the adapter tests: the server named by the environment, a schema per store.

FEEDBACK_TEST_POSTGRES_URL names the server; unset, the tests that need it skip, and set
but unreachable, they fail. Every store a test opens lives in a schema of its own named
``<run prefix>_<hash of the store's directory>``: the same directory reopens the same
data, from this process or a spawned one. The run prefix is unique per test run and
passed to spawned processes through the environment, so they find the same schemas.
conftest.py drops every schema of the run after each test that named one, and at the end.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from feedback_postgres import PostgresStorage

if TYPE_CHECKING:
    from pathlib import Path

URL_VARIABLE: Final = "FEEDBACK_TEST_POSTGRES_URL"
RUN_VARIABLE: Final = "FEEDBACK_TEST_POSTGRES_RUN"
SKIP_REASON: Final = f"set {URL_VARIABLE}=postgresql://... to run the PostgreSQL tests"
# Set by the first process of a run, inherited by the processes it spawns.
RUN: Final = os.environ.setdefault(RUN_VARIABLE, f"fc_{os.getpid()}_{secrets.token_hex(3)}")

needs_server = pytest.mark.skipif(not os.environ.get(URL_VARIABLE), reason=SKIP_REASON)
# The schemas named in this process since the last drop.
_named: set[str] = set()


def server_url() -> str:
    """The server's URL; skips the running test when none is configured."""
    url = os.environ.get(URL_VARIABLE)
    if not url:
        pytest.skip(SKIP_REASON)
    return url


def schema_for(directory: Path | str) -> str:
    """The schema of the store kept in ``directory`` during this run."""
    digest = hashlib.blake2b(str(directory).encode(), digest_size=6).hexdigest()
    _named.add(name := f"{RUN}_{digest}")
    return name


def url_for(schema: str, **params: object) -> str:
    """The server's URL with ``schema`` and the store's other query parameters."""
    parts = urlsplit(server_url())
    query = [*parse_qsl(parts.query), ("schema", schema), *((k, str(v)) for k, v in params.items())]
    return urlunsplit(parts._replace(query=urlencode(query)))


def open_store(directory: Path | str) -> PostgresStorage:
    """The store of ``directory``: empty when new, the same data when opened again."""
    # A small pool: Hypothesis opens a store per example, spawned workers one each.
    return PostgresStorage.from_url(url_for(schema_for(directory), pool_max=4))


def connect() -> psycopg.Connection[tuple[object, ...]]:
    """A plain connection to the server, outside any store."""
    return psycopg.connect(server_url(), autocommit=True)


def drop_run_schemas() -> list[str]:
    """Drop every schema of this run, if this process named one since the last time."""
    if not _named:
        return []
    _named.clear()
    with connect() as conn:
        names = [
            str(row[0])
            for row in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [f"{RUN}_"]
            )
        ]
        # One transaction each: a schema's tables take dozens of locks to drop.
        for name in names:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
    return names


def terminate_backends_in(schema: str) -> int:
    """End the server processes of the transactions using ``schema``'s tables right now.

    What a crashed server process, a failover or an administrator's kill looks like to
    the store: the connection drops in the middle of a transaction.
    """
    with connect() as conn:
        row = conn.execute(
            "SELECT count(*) FROM (SELECT DISTINCT l.pid FROM pg_locks l"
            " JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND l.pid <> pg_backend_pid()) AS users"
            " WHERE pg_terminate_backend(users.pid)",
            [schema],
        ).fetchone()
    return 0 if row is None else int(row[0])
