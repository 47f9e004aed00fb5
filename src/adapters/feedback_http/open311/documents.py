"""The GeoReport v2 documents, typed: each key is an element name the specification writes.

The JSON of every document is these dicts and lists as they are (the specification's JSON
is its XML mapped by the Spark convention: the root and the repeated element's name drop
out, a list stays). ``None`` is a field the server knows nothing about: ``null`` in JSON,
an empty element in XML, as the specification's own examples show. Keys keep the order in
which the specification lists the fields, so the XML reads like its examples.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, TypedDict

ServiceType: TypeAlias = Literal["realtime", "batch", "blackbox"]
Datatype: TypeAlias = Literal[
    "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"
]
Open311Status: TypeAlias = Literal["open", "closed"]


class Service(TypedDict):
    """One element of GET Service List (``<services><service>``)."""

    service_code: str
    service_name: str
    description: str | None
    metadata: bool
    type: ServiceType
    keywords: str | None
    group: str | None


class AttributeValue(TypedDict):
    """One option of a list attribute (``<values><value>``)."""

    key: str
    name: str


class Attribute(TypedDict):
    """One extra form field of a service (``<attributes><attribute>``)."""

    variable: bool
    code: str
    datatype: Datatype
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[AttributeValue]


class ServiceDefinition(TypedDict):
    """GET Service Definition (``<service_definition>``; one object in JSON)."""

    service_code: str
    attributes: list[Attribute]


class ServiceRequest(TypedDict):
    """One element of GET Service Requests / GET Service Request (``<request>``)."""

    service_request_id: str
    status: Open311Status
    status_notes: str | None
    service_name: str | None
    service_code: str
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class PostedRequest(TypedDict):
    """The answer to POST Service Request (``<service_requests><request>``), realtime type.

    ``token`` is never returned: every service is ``realtime``, and the specification says
    a ``token`` is not returned when the ``service_request_id`` is.
    """

    service_request_id: str
    service_notice: str | None
    account_id: str | None


class Error(TypedDict):
    """One element of an error answer (``<errors><error>``)."""

    code: int
    description: str
