"""Times as people in Vietnam read and type them: Vietnam time (UTC+7), day first."""

from __future__ import annotations

import datetime as dt
from typing import Final

import pendulum

VIETNAM: Final = pendulum.timezone("Asia/Ho_Chi_Minh")


def shown(at: dt.datetime | None) -> str:
    """ "02/03/2026 09:00" in Vietnam time; empty for None."""
    if at is None:
        return ""
    return pendulum.instance(at).in_timezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def typed(value: str) -> pendulum.DateTime:
    """A ``<input type="datetime-local">`` value ("2026-03-02T09:00"), read as Vietnam time.

    ValueError when it is not such a value; the caller names the field.
    """
    local = dt.datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M")  # noqa: DTZ007 - zone below
    return pendulum.instance(local, tz=VIETNAM)


def field_value(at: dt.datetime) -> str:
    """The value a datetime-local input shows for ``at``, in Vietnam time."""
    return pendulum.instance(at).in_timezone(VIETNAM).strftime("%Y-%m-%dT%H:%M")
