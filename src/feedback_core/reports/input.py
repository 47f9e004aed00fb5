"""Checking what a citizen sends with a report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypedDict

from feedback_core import fields
from feedback_core.accounts.model import UNIT_CODE
from feedback_core.errors import ValidationError
from feedback_core.forms import FormErrors
from feedback_core.reports.model import Location, ReportDraft

if TYPE_CHECKING:
    import uuid
    from collections.abc import Mapping, Sequence

TITLE_LIMIT: Final = 200
CONTENT_LIMIT: Final = 4000
ADDRESS_LIMIT: Final = 500
MEDIA_LIMIT: Final = 10
MEDIA_REF_LIMIT: Final = 500


FIELDS: Final = (
    "title",
    "content",
    "category",
    "latitude",
    "longitude",
    "address",
    "media",
    "public",
    "urgent",
)


class ReportForm(TypedDict, total=False):
    """What `submit_report` takes; every value is checked again at run time."""

    title: str
    content: str
    category: str
    latitude: float
    longitude: float
    address: str
    media: Sequence[str]
    public: bool
    urgent: bool


def check_report_draft(categories: Mapping[str, str], form: Mapping[str, object]) -> ReportDraft:
    """A clean draft, or one ValidationError naming every bad field."""
    fields.only_known(form, FIELDS)
    errors = FormErrors()
    draft = ReportDraft(
        title=errors.check(lambda: fields.text("title", form.get("title"), limit=TITLE_LIMIT), ""),
        content=errors.check(
            lambda: fields.text(
                "content", form.get("content"), limit=CONTENT_LIMIT, multiline=True
            ),
            "",
        ),
        category=errors.check(lambda: _category(form.get("category"), categories), ""),
        location=errors.check(
            lambda: check_location(
                form.get("latitude"), form.get("longitude"), form.get("address")
            ),
            Location(),
        ),
        media=errors.check(lambda: _media(form.get("media", ())), ()),
        public=errors.check(lambda: fields.flag("public", form.get("public", True)), True),  # noqa: FBT003
        urgent=errors.check(lambda: fields.flag("urgent", form.get("urgent", False)), False),  # noqa: FBT003
    )
    errors.raise_any()
    return draft


def check_location(latitude: object, longitude: object, address: object) -> Location:
    """Coordinates (both or neither) and/or an address; at least one of them."""
    where = fields.optional_text("address", address, limit=ADDRESS_LIMIT)
    if latitude is None and longitude is None:
        if where is None:
            raise ValidationError.single("location", "invalid_location")
        return Location(address=where)
    lat = _coordinate("latitude", latitude, -90.0, 90.0)
    lon = _coordinate("longitude", longitude, -180.0, 180.0)
    return Location(lat, lon, where)


def _coordinate(field: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError.single(field, "wrong_type", expected="number")
    if not low <= value <= high:  # also refuses NaN; float() would overflow on a huge int
        raise ValidationError.single(field, "out_of_range", low=low, high=high)
    return float(value)


def _category(value: object, categories: Mapping[str, str]) -> str:
    if not isinstance(value, str) or value not in categories:
        raise ValidationError.single("category", "invalid_choice", choices=", ".join(categories))
    return value


def _media(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError.single("media", "wrong_type", expected="a list of references")
    if len(value) > MEDIA_LIMIT:
        raise ValidationError.single("media", "too_many", limit=MEDIA_LIMIT)
    return tuple(fields.text("media", ref, limit=MEDIA_REF_LIMIT) for ref in value)


def check_units(value: object) -> tuple[uuid.UUID | str, ...]:
    """One or more distinct units, each named by its id (or record) or by its code."""
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError.single("units", "wrong_type", expected="a list of unit ids")
    units = tuple(dict.fromkeys(_unit_ref(u) for u in value))
    if not units:
        raise ValidationError.single("units", "empty_units")
    return units


def _unit_ref(value: object) -> uuid.UUID | str:
    if isinstance(value, str) and UNIT_CODE.fullmatch(value):
        return value
    return fields.identifier("units", value)
