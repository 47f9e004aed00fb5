"""Rows to records and back: whole records as compact JSON, instants as microseconds.

The layout of every SQL store here: the columns a query searches, beside the whole record
as JSON text that only this codec reads or writes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypeVar

import pendulum

from feedback_core.serialization import converter

T = TypeVar("T")
_STD_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)


def dumps(record: object) -> str:
    """The record as JSON text."""
    return json.dumps(converter.unstructure(record), ensure_ascii=False, separators=(",", ":"))


def loads(text: str, kind: type[T]) -> T:
    """The record of ``kind`` stored as ``text``."""
    data: Any = json.loads(text)
    return converter.structure(data, kind)


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
