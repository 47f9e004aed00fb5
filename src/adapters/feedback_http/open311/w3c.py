"""Date and time as GeoReport v2 writes them: the W3C note's profile of ISO 8601, with a zone.

The specification (section "Date/time format") takes the W3C note's subset of ISO 8601 and
adds that the zone **must** be given, as ``Z`` or ``±hh:mm``. So a query's ``start_date``
must be a full date and time (``2010-01-01T00:00:00Z``; seconds and their fraction are
optional in the note), and a date alone, a time without a zone or an ISO 8601 form outside
the note (week dates, ``+0700``, a space for ``T``) is refused rather than guessed.

Times are written on Vietnam's wall clock (``+07:00``, the portals' readers' time) to the
second, like the specification's examples.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Final

from feedback_core.clock import BUSINESS_TZ, to_utc
from feedback_core.errors import ValidationError

if TYPE_CHECKING:
    import pendulum

W3C_DATETIME: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})", re.ASCII
)


def w3c(instant: dt.datetime) -> str:
    """``instant`` on Vietnam's wall clock to the second: ``2026-03-02T09:00:00+07:00``.

    Where that clock cannot be written the W3C way (Saigon's mean time before 1906 was
    +07:06:40, and the last days of year 9999 have no +07:00), the instant is written in UTC.
    """
    try:
        local = instant.astimezone(BUSINESS_TZ).replace(microsecond=0)
    except OverflowError:
        local = None
    offset = None if local is None else local.utcoffset()
    if local is None or offset is None or offset % dt.timedelta(minutes=1):
        utc = instant.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
        return f"{utc.isoformat()}Z"
    return local.isoformat()


def optional_w3c(instant: dt.datetime | None) -> str | None:
    """`w3c`, or None for a time the report does not have (yet)."""
    return None if instant is None else w3c(instant)


def parse_w3c(parameter: str, text: str) -> pendulum.DateTime:
    """A W3C datetime with its zone, in UTC; else a ValidationError naming ``parameter``."""
    if not W3C_DATETIME.fullmatch(text):
        raise ValidationError.single(parameter, "wrong_type", expected="datetime")
    try:
        return to_utc(dt.datetime.fromisoformat(text))
    except (ValueError, OverflowError):  # 2026-02-30, 24:00, or past the last UTC instant
        raise ValidationError.single(parameter, "wrong_type", expected="datetime") from None
