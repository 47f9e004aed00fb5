"""Open311 GeoReport v2 over the core, as pure functions: documents in, JSON and XML out.

No web framework here: `feedback_http` mounts routes over these functions. The modules:
`services` (GET Service List, GET Service Definition), `requests` (a service request from
a report the public may see; POST's answer), `query` (GET Service Requests' filters),
`formats` (JSON, XML, errors), `w3c` (datetimes), `documents` (the typed documents),
`links` (``media_url``: where the app serves a public report's first photo or video).

The rules implemented, from the GeoReport v2 specification (wiki.open311.org/GeoReport_v2,
its source in the open311/open311.github.io repository, GeoReport_v2/index.md) and the
JSON schemas of the open311/schema-validation repository (schema/georeport-v2/):

* **Element names and shapes.** GET Service List: ``services`` of ``service`` with
  ``service_code``, ``service_name``, ``description``, ``metadata`` (true/false: whether a
  service definition must be fetched), ``type`` (``realtime``, ``batch`` or ``blackbox``),
  ``keywords`` (comma separated), ``group``. GET Service Definition:
  ``service_definition`` with ``service_code`` and ``attributes`` of ``attribute``
  (``variable``, ``code``, ``datatype`` among string/number/datetime/text/
  singlevaluelist/multivaluelist, ``required``, ``datatype_description``, ``order``,
  ``description``, ``values`` of ``value`` with ``key`` and ``name``). Service requests:
  ``service_requests`` of ``request`` with ``service_request_id``, ``status``
  (``open``/``closed``), ``status_notes``, ``service_name``, ``service_code``,
  ``description`` (at most 4,000 characters), ``agency_responsible``, ``service_notice``,
  ``requested_datetime``, ``updated_datetime`` (for a closed request, when it was
  closed), ``expected_datetime``, ``address``, ``address_id``, ``zipcode``, ``lat``,
  ``long``, ``media_url``. The schemas require ``service_code``, ``service_name``,
  ``metadata``, ``type`` of a service; ``service_code``, ``attributes`` of a definition;
  ``service_request_id``, ``status``, ``service_code``, ``requested_datetime`` of a
  request; the other fields may be null.
* **POST Service Request's answer**: ``service_requests`` of ``request`` with
  ``service_request_id`` or else ``token`` (never both), ``service_notice``,
  ``account_id``. Every service here is ``realtime``, so the id is returned and no token;
  ``account_id`` stays empty, as the reporter's identity never leaves the core.
* **Errors**: ``errors`` of ``error`` with ``code`` and ``description``; JSON
  ``[{"code": 400, "description": "..."}]``. HTTP 404 for what does not exist, 403 for a
  missing or wrong api_key, "basically 400 for any other error"; several errors may be
  returned at once. ``code`` here is the HTTP status.
* **GET Service Requests' filters** (`query`): ``service_request_id`` (comma delimited)
  overrides all other arguments; ``service_code`` and ``status`` (open, closed) comma
  delimited or declared several times, all when absent; ``start_date``/``end_date`` on
  ``requested_datetime``, at most 90 days apart, defaulting to the most recent 90 days;
  response volume "a span of 90 days or first 1000 requests returned, whichever is
  smallest" (1000 is also the maximum: v2 defines no paging); an empty optional
  parameter is the same as an absent one; ``jurisdiction_id`` is optional for an
  endpoint that serves one jurisdiction.
* **Datetimes**: the W3C note's subset of ISO 8601 with the zone required (``Z`` or
  ``±hh:mm``), e.g. ``2010-01-01T00:00:00Z``; written here on Vietnam's clock, +07:00.
* **Formats**: XML is required and JSON optional; XML without namespace, preceded by the
  declaration with ``encoding="utf-8"``; JSON the Spark-convention mapping of the XML
  (roots and repeated element names dropped: lists, and an object for a definition).
  UTF-8 everywhere; content types ``text/xml; charset=utf-8`` and
  ``application/json; charset=utf-8``.
"""
