"""Rows to records and back: whole records as compact JSON, instants as microseconds."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from typing import Any, TypeVar

import pendulum

from feedback_core.serialization import converter

T = TypeVar("T")
_EPOCH = pendulum.datetime(1970, 1, 1)


def dumps(record: object) -> str:
    """The record as JSON text."""
    return json.dumps(converter.unstructure(record), ensure_ascii=False, separators=(",", ":"))


def loads(text: str, kind: type[T]) -> T:
    """The record of ``kind`` stored as ``text``."""
    data: Any = json.loads(text)
    return converter.structure(data, kind)


def micros(instant: dt.datetime) -> int:
    """Microseconds since the epoch: exact, and sorts like time."""
    return calendar.timegm(instant.utctimetuple()) * 1_000_000 + instant.microsecond


def instant(value: int) -> pendulum.DateTime:
    """The UTC instant `micros` encoded (exactly: no float on the way)."""
    return _EPOCH + dt.timedelta(microseconds=value)
