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


# Vietnam's clock has been UTC+7, without daylight saving, since 13 June 1975 (the zone
# database's last change for Asia/Ho_Chi_Minh): from then on the wall clock is plain
# arithmetic, a third of the cost of asking the zone, which a listing of a thousand
# requests pays three thousand times.
_FIXED_SINCE: Final = dt.datetime(1975, 6, 13, tzinfo=dt.UTC)
_FIXED_UNTIL: Final = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
_SEVEN_HOURS: Final = dt.timedelta(hours=7)


def w3c(instant: dt.datetime) -> str:
    """``instant`` on Vietnam's wall clock to the second: ``2026-03-02T09:00:00+07:00``.

    Where that clock cannot be written the W3C way (Saigon's mean time before 1906 was
    +07:06:40, and the last days of year 9999 have no +07:00), the instant is written in UTC.
    """
    offset = instant.utcoffset()
    if offset is not None and _FIXED_SINCE <= instant < _FIXED_UNTIL:
        i = instant
        wall = dt.datetime(i.year, i.month, i.day, i.hour, i.minute, i.second)  # noqa: DTZ001 - wall-clock arithmetic, offset written after
        return f"{(wall - offset + _SEVEN_HOURS).isoformat()}+07:00"
    return _by_zone(instant)


def _by_zone(instant: dt.datetime) -> str:
    """`w3c` through the zone database: before 1975 the offset changed several times."""
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
