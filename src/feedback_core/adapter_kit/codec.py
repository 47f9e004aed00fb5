"""Rows to records and back: whole records as compact JSON, instants as microseconds.

The layout of every SQL store here: the columns a query searches, beside the whole record
as JSON text that only this codec reads or writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import pendulum

from feedback_core.serialization import converter

if TYPE_CHECKING:
    from collections.abc import Hashable

T = TypeVar("T")
_STD_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)


def dumps(record: object) -> str:
    """The record as JSON text."""
    return json.dumps(converter.unstructure(record), ensure_ascii=False, separators=(",", ":"))


# Distinct stored texts whose records are kept decoded: the acting account, units and
# code states are read by nearly every use case and change seldom. Small, so listing
# millions of reports page by page still holds only about one page of them.
DECODED_TEXTS: Final = 1024


def loads(text: str, kind: type[T]) -> T:
    """The record of ``kind`` stored as ``text``.

    Decoding is a pure function of the text and every record is frozen, so a text read
    again (most often the acting account) is served from a small LRU: one hash of the
    text instead of json.loads and cattrs, ~10 times the cost.
    """
    # A class is hashable; typeshed's type[T] does not say so.
    return cast("T", _decoded(text, cast("Hashable", kind)))


@functools.lru_cache(maxsize=DECODED_TEXTS)
def _decoded(text: str, kind: Hashable) -> Any:  # noqa: ANN401 - any record type
    return converter.structure(json.loads(text), cast("type[Any]", kind))


def forget_decoded() -> None:
    """Empty the LRU of decoded texts (benchmarks measure the cold path with it)."""
    _decoded.cache_clear()


def micros(instant: dt.datetime) -> int:
    """Microseconds since the epoch: exact, and sorts like time."""
    # datetime's own subtraction: pendulum's returns an Interval, several times slower.
    return dt.datetime.__sub__(instant, _STD_EPOCH) // _ONE_US


def instant(value: int) -> pendulum.DateTime:
    """The UTC instant `micros` encoded (exactly: no float on the way)."""
    u = _STD_EPOCH + dt.timedelta(microseconds=value)
    return pendulum.DateTime(
        u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=pendulum.UTC
    )
