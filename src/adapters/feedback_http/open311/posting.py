"""POST Service Request: the form GeoReport v2 defines, as the fields of `submit_report`.

Who posts: an application an administrator gave an ``api_key`` (its record says which),
for a citizen logged in through it (``Authorization: Bearer`` of ``POST /sessions``). A
1022 portal answers every report to a person it can reach, so a report always has a
citizen's account, activated by SMS; the specification's ``email``, ``first_name``,
``last_name``, ``phone``, ``device_id`` and ``account_id`` are not trusted as identity
and are ignored. Form names become the core's: ``service_code`` the category,
``description`` the content (its first line, cut to 200 characters, the title),
``lat``/``long``, ``address_string`` the address, ``media_url`` one media reference.
``attribute[...]`` is ignored: no service has a definition yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.errors import ValidationError
from feedback_core.reports.input import TITLE_LIMIT

if TYPE_CHECKING:
    from collections.abc import Mapping

    from feedback_core.messages import Message

# The core's field -> the form's name, so a refusal names what the client sent.
FORM_NAMES: Final[Mapping[str, str]] = {
    "title": "description",
    "content": "description",
    "category": "service_code",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "media": "media_url",
    "location": "address_string",
}


def title_of(description: str) -> str:
    """The first non-blank line of ``description``, cut to the core's title limit."""
    line = next((ln.strip() for ln in description.splitlines() if ln.strip()), "")
    return line if len(line) <= TITLE_LIMIT else line[: TITLE_LIMIT - 1] + "…"


def _number(form: Mapping[str, str], name: str) -> float | None:
    text = form.get(name, "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError.single(name, "wrong_type", expected="number") from None


def report_fields(form: Mapping[str, str]) -> dict[str, object]:
    """The `submit_report` fields of a POST's form; empty parameters count as absent."""
    description = form.get("description", "")
    fields: dict[str, object] = {
        "title": title_of(description),
        "content": description,
        "category": form.get("service_code", ""),
    }
    latitude, longitude = _number(form, "lat"), _number(form, "long")
    if latitude is not None or longitude is not None:
        fields |= {"latitude": latitude, "longitude": longitude}
    if address := form.get("address_string", "").strip():
        fields["address"] = address
    if media := form.get("media_url", "").strip():
        fields["media"] = [media]
    return fields


def in_form_names(error: ValidationError) -> ValidationError:
    """``error`` with each field named as the form names it."""
    renamed: dict[str, tuple[Message, ...]] = {}
    for field, messages in error.errors.items():
        name = FORM_NAMES.get(field.split(".", 1)[0], field)
        renamed[name] = tuple(dict.fromkeys((*renamed.get(name, ()), *messages)))
    return ValidationError(renamed)
