"""One cattrs converter for every domain record: to and from plain JSON-ready dicts.

Times travel as ISO 8601 text with their offset and come back as UTC pendulum times; ids
as text; enums as their values. Events' wire form (with their type) is `outbox.wire`.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any, Final

import cattrs
import pendulum

from feedback_core.clock import to_utc

converter: Final = cattrs.Converter()


def _parse_instant(value: Any, _: type) -> pendulum.DateTime:  # noqa: ANN401 - cattrs hook
    # fromisoformat keeps a missing offset missing; pendulum.parse would assume UTC.
    parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(parsed, dt.datetime) or parsed.tzinfo is None:
        raise ValueError(f"not an aware time: {value!r}")
    return to_utc(parsed)


converter.register_unstructure_hook(pendulum.DateTime, lambda t: t.isoformat())
converter.register_structure_hook(pendulum.DateTime, _parse_instant)
converter.register_unstructure_hook(dt.timedelta, lambda d: d.total_seconds())
converter.register_structure_hook(dt.timedelta, lambda v, _: dt.timedelta(seconds=v))
converter.register_unstructure_hook(uuid.UUID, str)
# StrEnum before str: otherwise the str pass-through keeps the enum member.
converter.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
converter.register_structure_hook(
    uuid.UUID, lambda v, _: v if isinstance(v, uuid.UUID) else uuid.UUID(v)
)
