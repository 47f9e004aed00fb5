"""GeoReport v2 documents as JSON and as XML, and errors in the specification's format.

JSON is the documents as they are: a list for services, service requests, a POST's answer
and errors, one object for a service definition (the specification's JSON is its XML under
the Spark convention, which drops the root and the repeated element's name). XML has the
specification's roots and elements: ``<services><service>``, ``<service_definition>`` with
``<attributes><attribute>`` and ``<values><value>``, ``<service_requests><request>``,
``<errors><error>``; no namespace, the declaration with ``encoding="utf-8"`` first, a
``None`` as an empty element and booleans as ``true``/``false``. Both are UTF-8 bytes.

Text keeps every character a report may hold: ``& < >`` are escaped, a carriage return is
written as ``&#13;`` (a parser would otherwise read it as a line feed), and the few
characters XML 1.0 cannot carry at all (other control characters, unpaired surrogates,
U+FFFE/U+FFFF; the core never accepts them in report text) become U+FFFD.

Errors: the specification wants 404 for what does not exist, 403 for a missing or wrong
``api_key`` and "basically 400 for any other error", each as ``code`` and ``description``,
and allows several in one answer: a ValidationError gives one per bad field's message.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from feedback_core.errors import (
    FeedbackError,
    InvalidCredentials,
    NotFound,
    PermissionDenied,
    SessionEnded,
    ValidationError,
)

if TYPE_CHECKING:
    from feedback_http.open311.documents import (
        Error,
        PostedRequest,
        Service,
        ServiceDefinition,
        ServiceRequest,
    )

XML_DECLARATION: Final = b'<?xml version="1.0" encoding="utf-8"?>\n'
JSON_TYPE: Final = "application/json; charset=utf-8"
XML_TYPE: Final = "text/xml; charset=utf-8"
# The element each list holds, by the list's element name.
ITEMS: Final[Mapping[str, str]] = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NOT_FOUND: Final = 404
FORBIDDEN: Final = 403
BAD_REQUEST: Final = 400


def json_body(document: object) -> bytes:
    """A document as compact UTF-8 JSON, Vietnamese written as itself."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def xml_text(value: object) -> str | None:
    """A JSON value as element text: None stays empty, booleans read true/false."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def element(name: str, value: object) -> ET.Element:
    """The element ``name`` holding ``value``: a mapping's fields, a list's items, or text."""
    node = ET.Element(name)
    if isinstance(value, Mapping):
        node.extend(element(key, item) for key, item in value.items())
    elif isinstance(value, list):
        node.extend(element(ITEMS[name], item) for item in value)
    else:
        node.text = xml_text(value)
    return node


def xml_body(root: str, document: object) -> bytes:
    """A document under its root element, declaration first, as UTF-8 bytes."""
    text = ET.tostring(element(root, document), encoding="unicode")
    return XML_DECLARATION + text.replace("\r", "&#13;").encode()


def services_xml(services: Sequence[Service]) -> bytes:
    """GET Service List as ``<services><service>…``."""
    return xml_body("services", list(services))


def service_definition_xml(definition: ServiceDefinition) -> bytes:
    """GET Service Definition as ``<service_definition>…``."""
    return xml_body("service_definition", definition)


def service_requests_xml(requests: Sequence[ServiceRequest | PostedRequest]) -> bytes:
    """GET Service Requests, GET Service Request and POST's answer: ``<service_requests>``."""
    return xml_body("service_requests", list(requests))


def errors_xml(errors: Sequence[Error]) -> bytes:
    """An error answer as ``<errors><error><code>…</code><description>…</description>``."""
    return xml_body("errors", list(errors))


def error_status(error: FeedbackError) -> int:
    """The HTTP status GeoReport v2 gives an error: 404, 403, or 400 for all the rest."""
    if isinstance(error, NotFound):
        return NOT_FOUND
    if isinstance(error, PermissionDenied | InvalidCredentials | SessionEnded):
        return FORBIDDEN
    return BAD_REQUEST


def errors(error: FeedbackError, lang: str = "vi") -> list[Error]:
    """The error answer's items, each coded with the HTTP status, described in ``lang``."""
    code = error_status(error)
    if isinstance(error, ValidationError):
        return [
            {"code": code, "description": f"{field}: {m.render(lang)}"}
            for field, messages in error.errors.items()
            for m in messages
        ]
    return [{"code": code, "description": error.render(lang)}]
