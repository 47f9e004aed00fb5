"""Shared checks of the Open311 tests: the GeoReport v2 JSON schemas, and XML read back."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from feedback_http.open311.formats import ITEMS, XML_DECLARATION

SCHEMAS = Path(__file__).parent / "schemas"
W3C = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
BOOLEANS = {"metadata", "variable", "required"}
FLOATS = {"lat", "long"}
# element name -> parent names where its text is an integer
INTEGERS = {"code": {"error"}, "order": {"attribute"}}


def _load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


_REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(_load(path.name), default_specification=DRAFT7))
    for path in SCHEMAS.glob("*.json")
)


def validate(schema_name, document):
    """Validate a JSON document (parsed back from our bytes) against one GeoReport schema."""
    schema = _load(schema_name)
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema, registry=_REGISTRY).validate(document)


def from_xml(body):
    """Our XML bytes back to the JSON-ready value they render (the inverse of formats)."""
    assert body.startswith(XML_DECLARATION)
    return _value(ET.fromstring(body), None)


def root_of(body):
    return ET.fromstring(body).tag


def _value(node, parent):
    if node.tag in ITEMS:
        return [_value(child, node.tag) for child in node]
    if len(node):
        return {child.tag: _value(child, node.tag) for child in node}
    return None if node.text is None else _scalar(node.tag, parent, node.text)


def _scalar(tag, parent, text):
    if tag in BOOLEANS:
        return {"true": True, "false": False}[text]
    if tag in FLOATS:
        return float(text)
    if parent in INTEGERS.get(tag, ()):
        return int(text)
    return text
