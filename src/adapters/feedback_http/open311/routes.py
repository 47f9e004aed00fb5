"""The Open311 GeoReport v2 endpoints over a `FeedbackSystem`, mounted under ``/open311/v2``.

Each endpoint answers in the format its path ends with (``.json`` or ``.xml``) and every
error, including an unknown path or format, in the specification's ``errors`` format
with its status (404, 403, 400), never as an RFC 9457 problem. The endpoints are left
out of the OpenAPI document: the GeoReport v2 specification is their contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from feedback_core import fields
from feedback_core.errors import FeedbackError, NotFound, ValidationError
from feedback_core.messages import message
from feedback_core.paging import MAX_PAGE
from feedback_http.open311 import formats as fmt
from feedback_http.open311.links import media_urls
from feedback_http.open311.posting import in_form_names, report_fields
from feedback_http.open311.query import (
    check_jurisdiction,
    checked_jurisdiction,
    parse_requests_query,
    select,
)
from feedback_http.open311.requests import posted_request, service_request
from feedback_http.open311.services import ServiceCatalog, service_definition, services
from feedback_http.problems import language_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from feedback_core import FeedbackSystem
    from feedback_core.reports.views import PublicReport
    from feedback_http.open311.query import Params, RequestsQuery

SPECIFICATION: Final = "http://wiki.open311.org/GeoReport_v2"
CHANGESET: Final = "2026-12-01T00:00:00+07:00"  # when these endpoints last changed
TYPES: Final = {"json": fmt.JSON_TYPE, "xml": fmt.XML_TYPE}
TEXT_LIMIT: Final = 4000  # a host's texts: as long as a request's description may be


def answer(document: object, root: str, kind: str, status: int = 200) -> Response:
    """``document`` as JSON or as XML under ``root``."""
    body = fmt.json_body(document) if kind == "json" else fmt.xml_body(root, document)
    return Response(body, status, media_type=TYPES[kind])


def error_answer(error: FeedbackError, kind: str, lang: str) -> Response:
    """An error in the specification's format (JSON unless the path asked for XML)."""
    kind = kind if kind in TYPES else "json"
    return answer(fmt.errors(error, lang), "errors", kind, fmt.error_status(error))


def _format(kind: str) -> str:
    if kind not in TYPES:
        raise NotFound(message("not_found", entity="format"), field="format")
    return kind


def _params(request: Request) -> Params:
    found: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        found.setdefault(name, []).append(value)
    return found


class Open311:
    """The endpoints' work over one system: each method gives a document.

    ``jurisdiction_id``, ``contact`` and ``service_notice`` are checked here, when the app
    is built, so a typo stops the host at its start rather than answering every request
    with a 404 or a control character.
    """

    def __init__(
        self,
        system: FeedbackSystem,
        jurisdiction_id: str | None = None,
        contact: str | None = None,
        service_notice: str | None = None,
    ) -> None:
        self.system = system
        self.jurisdiction_id = checked_jurisdiction(jurisdiction_id)
        self.contact = fields.optional_text("contact", contact, limit=TEXT_LIMIT)
        self.service_notice = fields.optional_text(
            "service_notice", service_notice, limit=TEXT_LIMIT, multiline=True
        )

    @property
    def catalog(self) -> ServiceCatalog:
        """The services: the configured report categories."""
        return ServiceCatalog(self.system.settings.categories)

    def discovery(self, request: Request) -> dict[str, object]:
        """The discovery document: this one endpoint, in both formats."""
        url = str(request.url.replace(query=""))
        return {
            "changeset": CHANGESET,
            "contact": self.contact,
            "key_service": self.contact,
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url.rsplit("/discovery.", 1)[0],
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": [fmt.XML_TYPE.split(";")[0], fmt.JSON_TYPE.split(";")[0]],
                }
            ],
        }

    def requests(self, request: Request) -> list[dict[str, object]]:
        """GET Service Requests: the public reports the query selects."""
        query = parse_requests_query(
            _params(request),
            self.system.clock.now(),
            service_codes=self.catalog.categories,
            jurisdiction_id=self.jurisdiction_id,
        )
        chosen = self._by_ids(query) if query.ids else select(query, self._newest_first())
        return self._requests(chosen, request)

    def one_request(self, request: Request, request_id: str) -> list[dict[str, object]]:
        """GET Service Request: one public report, as a list of one."""
        check_jurisdiction(_params(request), self.jurisdiction_id)
        return self._requests([self.system.public_report(request_id)], request)

    def _requests(
        self, reports: Sequence[PublicReport], request: Request
    ) -> list[dict[str, object]]:
        """The service requests of ``reports``; units, catalog and language read once."""
        if not reports:
            return []
        catalog, notice = self.catalog, self.service_notice
        names = {u.id: u.name for u in self.system.units()}
        lang = language_of(request)
        urls = media_urls(self.system, request, (r.id for r in reports))
        return [
            dict(
                service_request(
                    r, catalog, names, media_url=urls.get(r.id), service_notice=notice, lang=lang
                )
            )
            for r in reports
        ]

    def _by_ids(self, query: RequestsQuery) -> list[PublicReport]:
        found = []
        for report_id in query.ids:
            try:
                found.append(self.system.public_report(report_id))
            except NotFound:
                continue  # not public, or no such report: the same to the public
        return found

    def _newest_first(self) -> Iterator[PublicReport]:
        page = self.system.public_reports(limit=MAX_PAGE)
        yield from page.items
        while page.next is not None:
            page = self.system.public_reports(after=page.next, limit=MAX_PAGE)
            yield from page.items

    def post(self, request: Request, form: dict[str, str]) -> list[dict[str, object]]:
        """POST Service Request: an application's key, a citizen's session, the form."""
        params = {**dict(request.query_params), **form}
        self.system.api_key_client(params.get("api_key", ""))
        check_jurisdiction(params, self.jurisdiction_id)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        citizen = self.system.session_account(token.strip() if scheme.lower() == "bearer" else "")
        try:
            report = self.system.submit_report(citizen, **report_fields(params))  # type: ignore[arg-type]
        except ValidationError as error:
            raise in_form_names(error) from None
        return [dict(posted_request(report, self.service_notice))]


def respond(
    request: Request, kind: str, root: str, make: Callable[[], object], status: int = 200
) -> Response:
    """The document ``make`` gives in the path's format, or its error as Open311 writes it."""
    try:
        return answer(make() if _format(kind) else None, root, kind, status)
    except FeedbackError as error:
        return error_answer(error, kind, language_of(request))


def open311_router(  # noqa: C901 - one endpoint each
    system: FeedbackSystem,
    *,
    jurisdiction_id: str | None = None,
    contact: str | None = None,
    service_notice: str | None = None,
) -> APIRouter:
    """The GeoReport v2 endpoints; include it with ``prefix="/open311/v2"``.

    ``jurisdiction_id`` names the portal's jurisdiction: any other one asked for is a 404
    (none set: the parameter is ignored). ``contact`` goes into the discovery document.
    ``service_notice`` is what every request's ``service_notice`` says (GET and POST).
    A bad value raises ValidationError naming it.
    """
    api = APIRouter(include_in_schema=False)
    work = Open311(system, jurisdiction_id, contact, service_notice)

    @api.get("/discovery.{kind}")
    def discovery(request: Request, kind: str) -> Response:
        return respond(request, kind, "discovery", lambda: work.discovery(request))

    @api.get("/services.{kind}")
    def get_services(request: Request, kind: str) -> Response:
        def make() -> object:
            check_jurisdiction(_params(request), work.jurisdiction_id)
            return services(work.catalog)

        return respond(request, kind, "services", make)

    @api.get("/services/{code}.{kind}")
    def get_definition(request: Request, code: str, kind: str) -> Response:
        def make() -> object:
            check_jurisdiction(_params(request), work.jurisdiction_id)
            return service_definition(work.catalog, code)

        return respond(request, kind, "service_definition", make)

    @api.get("/requests.{kind}")
    def get_requests(request: Request, kind: str) -> Response:
        return respond(request, kind, "service_requests", lambda: work.requests(request))

    @api.get("/requests/{request_id}.{kind}")
    def get_request(request: Request, request_id: str, kind: str) -> Response:
        make = lambda: work.one_request(request, request_id)  # noqa: E731 - one call
        return respond(request, kind, "service_requests", make)

    @api.post("/requests.{kind}")
    async def post_request(request: Request, kind: str) -> Response:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        make = lambda: work.post(request, form)  # noqa: E731 - one call
        return await run_in_threadpool(respond, request, kind, "service_requests", make, 201)

    @api.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def unknown(request: Request, rest: str) -> Response:
        kind = rest.rsplit(".", 1)[-1] if "." in rest else "json"
        error = NotFound(message("not_found", entity="resource"), field="path")
        return error_answer(error, kind, language_of(request))

    return api
