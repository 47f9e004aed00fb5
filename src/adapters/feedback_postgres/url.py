"""``postgresql://`` storage URLs: libpq's own URI, plus the store's query parameters.

``postgresql://user@host:5432/db?schema=feedback&pool_max=20&sslmode=require``: ``schema``,
``pool_min``, ``pool_max`` and ``pool_timeout`` are the store's and are removed; every other
part goes to libpq unchanged, so its parameters (``sslmode``, ``connect_timeout``, ...) work
as documented there. Every problem is a ValidationError on the field "storage".
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import attrs
import psycopg
from psycopg.conninfo import conninfo_to_dict

from feedback_core.errors import ValidationError

SCHEMES: Final = ("postgresql", "postgres")
FIELD: Final = "storage"
# Lowercase, unquoted identifiers only: the name goes into the connection's options and
# into DDL, and "pg_" names are reserved by PostgreSQL for its own schemas.
SCHEMA_NAME: Final = re.compile(r"(?!pg_)[a-z_][a-z0-9_]{0,62}")
# Each number's default, lowest and highest value.
_NUMBERS: Final = {
    "pool_min": (1, 1, 1000),
    "pool_max": (10, 1, 1000),
    "pool_timeout": (30, 1, 3600),  # seconds a transaction waits for a free connection
}


@attrs.frozen
class PostgresUrl:
    """A parsed storage URL."""

    conninfo: str = attrs.field(repr=False)  # may carry the database password
    schema: str
    pool_min: int
    pool_max: int
    pool_timeout: int


def parse_url(url: str) -> PostgresUrl:
    """The connection string for psycopg and the store's own settings."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValidationError.single(FIELD, "invalid_id")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    ours = {name: value for name, value in pairs if name == "schema" or name in _NUMBERS}
    if len(ours) != sum(1 for name, _ in pairs if name in ours):  # a parameter given twice
        raise ValidationError.single(FIELD, "invalid_id")
    theirs = [(name, value) for name, value in pairs if name not in ours]
    # quote, not quote_plus: libpq does not read "+" as a space.
    conninfo = urlunsplit(parts._replace(query=urlencode(theirs, quote_via=quote)))
    _check_conninfo(conninfo)
    schema = ours.get("schema", "public")
    if not SCHEMA_NAME.fullmatch(schema):
        raise ValidationError.single(FIELD, "invalid_id")
    numbers = {name: _number(name, ours.get(name)) for name in _NUMBERS}
    if numbers["pool_min"] > numbers["pool_max"]:
        raise ValidationError.single(FIELD, "out_of_range", low=1, high=numbers["pool_max"])
    return PostgresUrl(conninfo, schema, **numbers)


def _check_conninfo(conninfo: str) -> None:
    # libpq parses without connecting: a typo in a parameter fails here, not at first use.
    try:
        conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError:
        raise ValidationError.single(FIELD, "invalid_id") from None


def _number(name: str, given: str | None) -> int:
    default, low, high = _NUMBERS[name]
    if given is None:
        return default
    if not given.isascii() or not given.isdigit():
        raise ValidationError.single(FIELD, "wrong_type", expected="integer")
    value = int(given)
    if not low <= value <= high:
        raise ValidationError.single(FIELD, "out_of_range", low=low, high=high)
    return value
