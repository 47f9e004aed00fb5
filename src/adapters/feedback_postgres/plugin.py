"""Registers ``postgresql:`` (and ``postgres:``) storage URLs.

psycopg comes with the ``postgres`` extra. It is imported only when such a URL is opened,
so feedback-core installed without the extra still loads every plugin; opening the URL
then says which extra to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core import hookimpl
from feedback_core.plugin.registry import driver_of_extra

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.ports import Storage

SCHEMES: Final = ("postgresql", "postgres")
DRIVERS: Final = ("psycopg", "psycopg_pool", "psycopg_binary")


def open_storage(url: str, *, create: bool = True) -> Storage:
    """The store at ``url``; AdapterError naming the extra if psycopg is not installed.

    ``create=False`` opens a schema set up before only (see `PostgresStorage.migrate`).
    """
    scheme = url.partition(":")[0]
    with driver_of_extra("postgres", DRIVERS, scheme=scheme, port="storage"):
        from feedback_postgres.store import PostgresStorage  # noqa: PLC0415 - see module doc
    return PostgresStorage.from_url(url, create=create)


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``postgresql://user@host:5432/db?schema=feedback&pool_max=20`` (see url.py)."""
    for scheme in SCHEMES:
        registry.add_storage(scheme, open_storage)
