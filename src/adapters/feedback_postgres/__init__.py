"""The PostgreSQL store: for many backend processes sharing one database server.

`PostgresStorage` is imported on first use, so that this package, and its plugin, import
without psycopg (the ``postgres`` extra) installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from feedback_postgres.store import PostgresStorage

__all__ = ["PostgresStorage"]


def __getattr__(name: str) -> object:
    if name == "PostgresStorage":
        from feedback_postgres.store import PostgresStorage  # noqa: PLC0415 - see module doc

        return PostgresStorage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
