"""Checking what an author writes in an alert."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, TypedDict, TypeVar

import pendulum

from feedback_core import fields
from feedback_core.alerts.model import (
    HEADLINE_LIMIT,
    AlertContent,
    AlertText,
    Area,
    Category,
    Certainty,
    Circle,
    Point,
    Severity,
    Urgency,
)
from feedback_core.errors import ValidationError
from feedback_core.forms import FormErrors

if TYPE_CHECKING:
    import datetime as dt

E = TypeVar("E", bound=enum.Enum)
DESCRIPTION_LIMIT: Final = 4000
INSTRUCTION_LIMIT: Final = 2000
AREA_LIMIT: Final = 500
MAX_POLYGON_POINTS: Final = 1000
MIN_POLYGON_POINTS: Final = 4  # CAP 1.2: a closed ring of at least four points
# Stands in for a time that failed its check; the form raises before it is used.
_EPOCH: Final = pendulum.datetime(1970, 1, 1)


class AlertForm(TypedDict, total=False):
    """What `create_alert`, `edit_alert` and `supersede_alert` take; checked at run time."""

    headline: str
    description: str
    instruction: str | None
    category: Category | str
    severity: Severity | str
    urgency: Urgency | str
    certainty: Certainty | str
    area: str
    polygon: Sequence[Point | tuple[float, float]]
    circle: tuple[Point | tuple[float, float], float]
    start: dt.datetime | str
    end: dt.datetime | str
    english: AlertText


FIELDS: Final = (
    "headline",
    "description",
    "instruction",
    "category",
    "severity",
    "urgency",
    "certainty",
    "area",
    "polygon",
    "circle",
    "start",
    "end",
    "english",
)


def check_alert_content(form: Mapping[str, object]) -> AlertContent:
    """Clean alert content, or one ValidationError naming every bad field."""
    fields.only_known(form, FIELDS)
    get = form.get
    errors = FormErrors()
    words = errors.check(
        lambda: check_text(get("headline"), get("description"), get("instruction"), ""), None
    )
    content = AlertContent(
        text=words or AlertText("", ""),
        category=errors.check(
            lambda: _choice("category", form, Category, Category.OTHER), Category.OTHER
        ),
        severity=errors.check(
            lambda: _choice("severity", form, Severity, Severity.UNKNOWN), Severity.UNKNOWN
        ),
        urgency=errors.check(
            lambda: _choice("urgency", form, Urgency, Urgency.UNKNOWN), Urgency.UNKNOWN
        ),
        certainty=errors.check(
            lambda: _choice("certainty", form, Certainty, Certainty.UNKNOWN), Certainty.UNKNOWN
        ),
        area=errors.check(
            lambda: check_area(get("area"), get("polygon", ()), get("circle")), Area("")
        ),
        start=errors.check(lambda: fields.instant("start", get("start")), _EPOCH),
        end=errors.check(lambda: fields.instant("end", get("end")), _EPOCH),
        text_en=errors.check(lambda: _english(get("english")), None),
    )
    errors.raise_any()
    if content.end <= content.start:
        raise ValidationError.single("end", "end_before_start")
    return content


def _choice(field: str, form: Mapping[str, object], kind: type[E], default: E) -> E:
    value = form.get(field)
    return default if value is None else fields.choice(field, value, kind)


def check_text(
    headline: object, description: object, instruction: object, prefix: str
) -> AlertText:
    """The words of the alert in one language; field names get ``prefix`` (e.g. "english.")."""
    return AlertText(
        headline=fields.text(prefix + "headline", headline, limit=HEADLINE_LIMIT),
        description=fields.text(
            prefix + "description", description, limit=DESCRIPTION_LIMIT, multiline=True
        ),
        instruction=fields.optional_text(
            prefix + "instruction", instruction, limit=INSTRUCTION_LIMIT, multiline=True
        ),
    )


def check_area(description: object, polygon: object, circle: object) -> Area:
    """An area description with an optional closed polygon and/or circle."""
    return Area(
        description=fields.text("area", description, limit=AREA_LIMIT),
        polygon=_polygon(polygon),
        circle=_circle(circle),
    )


def _english(value: object) -> AlertText | None:
    if value is None:
        return None
    if not isinstance(value, AlertText):
        raise ValidationError.single("english", "wrong_type", expected="AlertText")
    return check_text(value.headline, value.description, value.instruction, "english.")


def _polygon(value: object) -> tuple[Point, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ValidationError.single("polygon", "wrong_type", expected="a list of points")
    if not value:
        return ()
    points = tuple(_point("polygon", p) for p in value)
    if not MIN_POLYGON_POINTS <= len(points) <= MAX_POLYGON_POINTS or points[0] != points[-1]:
        raise ValidationError.single("polygon", "invalid_area")
    return points


def _circle(value: object) -> Circle | None:
    if value is None:
        return None
    if not isinstance(value, Sequence) or len(value) != 2:  # noqa: PLR2004 - (centre, radius)
        raise ValidationError.single("circle", "wrong_type", expected="(centre, radius in km)")
    radius = value[1]
    if isinstance(radius, bool) or not isinstance(radius, int | float) or not 0 < radius <= 5000:  # noqa: PLR2004
        raise ValidationError.single("circle", "out_of_range", low=0, high=5000)
    return Circle(_point("circle", value[0]), float(radius))


def _point(field: str, value: object) -> Point:
    """A (latitude, longitude) pair or a Point, inside WGS 84 bounds."""
    if isinstance(value, Point):
        value = (value.latitude, value.longitude)
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:  # noqa: PLR2004
        raise ValidationError.single(field, "wrong_type", expected="(latitude, longitude)")
    lat, lon = value
    if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in (lat, lon)):
        raise ValidationError.single(field, "wrong_type", expected="(latitude, longitude)")
    # Range first: it refuses NaN and infinities, and math.isfinite overflows on a huge int.
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and math.isfinite(lat) and math.isfinite(lon)):  # noqa: PLR2004
        raise ValidationError.single(field, "out_of_range", low=-180, high=180)
    return Point(float(lat), float(lon))
