"""Open311 services from the report categories ("lĩnh vực"), and their service definitions.

Each configured category (``Settings.categories``: code -> Vietnamese name) is one service:
``service_code`` is the category's code, ``service_name`` its name, ``type`` is always
``realtime`` (a POST creates the report at once and answers with its id). ``metadata`` is
true only for a service with a definition, since the specification asks clients to fetch
the definition exactly when it is true. ``group`` is the category's group where the
province gives one, else its own name: a 1022 portal files a report under one field, so
the field is the group a dashboard clusters by. ``keywords`` adds the code and the name
without diacritics, the synonyms a client searching from an unaccented keyboard types.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from feedback_core.errors import NotFound, ValidationError
from feedback_core.messages import message
from feedback_http.open311.documents import Attribute, Service, ServiceDefinition

REALTIME: Final = "realtime"
_UNACCENTED: Final = str.maketrans({"đ": "d", "Đ": "D"})  # đ is a letter, not d + a mark


def _known_codes(
    instance: ServiceCatalog, attribute: attrs.Attribute[object], value: object
) -> None:
    """Extra facts may only be about configured categories: anything else is a typo."""
    if not isinstance(value, Mapping) or not set(value) <= set(instance.categories):
        choices = ", ".join(sorted(instance.categories))
        raise ValidationError.single(attribute.name, "invalid_choice", choices=choices)


@attrs.frozen
class ServiceCatalog:
    """The services a portal offers: its categories, with what a province adds to them.

    ``definitions`` gives a category the extra form fields (``attributes``) its reports
    ask for; ``groups`` and ``descriptions`` are optional texts by category code.
    """

    categories: Mapping[str, str]
    definitions: Mapping[str, Sequence[Attribute]] = attrs.field(
        factory=dict, validator=_known_codes
    )
    groups: Mapping[str, str] = attrs.field(factory=dict, validator=_known_codes)
    descriptions: Mapping[str, str] = attrs.field(factory=dict, validator=_known_codes)

    def name_of(self, code: str) -> str | None:
        """The service name of a category code; None for a category no longer offered."""
        return self.categories.get(code)


def unaccented(text: str) -> str:
    """Vietnamese without its diacritics ("Giao thông" -> "Giao thong")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNACCENTED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def keywords(code: str, name: str) -> str:
    """The code and the name's unaccented words, comma separated, each once, in order."""
    words = [code, *(part.strip().lower() for part in unaccented(name).split(","))]
    return ", ".join(dict.fromkeys(w for w in words if w))


def service(catalog: ServiceCatalog, code: str) -> Service:
    """The Open311 service of one category."""
    name = catalog.categories[code]
    return {
        "service_code": code,
        "service_name": name,
        "description": catalog.descriptions.get(code),
        "metadata": code in catalog.definitions,
        "type": REALTIME,
        "keywords": keywords(code, name),
        "group": catalog.groups.get(code, name),
    }


def services(catalog: ServiceCatalog) -> list[Service]:
    """GET Service List: every category, in the order the province configured them."""
    return [service(catalog, code) for code in catalog.categories]


def service_definition(catalog: ServiceCatalog, code: str) -> ServiceDefinition:
    """GET Service Definition; a code that names no category is a 404 (NotFound).

    A service without extra fields has an empty ``attributes`` list: its ``metadata`` is
    false, so clients need not ask, but one that does gets a valid, empty definition.
    """
    if code not in catalog.categories:
        raise NotFound(message("not_found", entity="service"), field="service_code")
    attributes = sorted(catalog.definitions.get(code, ()), key=lambda a: a["order"])
    return {"service_code": code, "attributes": attributes}
