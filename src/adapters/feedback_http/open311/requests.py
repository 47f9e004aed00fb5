"""Service requests from reports: what the public may see of a report, in GeoReport v2 terms.

The mapping starts from the core's `PublicReport`, which has no reporter, so no field can
carry who sent a report (``account_id`` is never filled either). What the public view
lacks and Open311 shows comes beside it as `Tracking`: when the report last changed, when
it is due, which units handle it. `tracking` reads these from a report's full view and
refuses a report the public may not see; `service_request` refuses one too, so a private
or not-yet-accepted report cannot reach an answer even through a caller's mistake.

* ``status``: ``open`` while the province still has work to do (submitted, accepted,
  assigned, in progress), ``closed`` once it has none (resolved, closed, refused); the
  core's own status, in the reader's language, opens ``status_notes``, followed by the
  units' answer once there is one.
* ``requested_datetime`` is the submission, ``updated_datetime`` the last change (for a
  closed request, as the specification asks, the moment it was closed),
  ``expected_datetime`` the resolve deadline in working time.
* ``description`` is the title, a blank line and the content: Open311 has no title, and a
  report's title is what a reader looks at first. The specification limits it to 4,000
  characters, so longer text is cut with an ellipsis.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from typing import TYPE_CHECKING, Final, assert_never

import attrs

from feedback_core.errors import NotFound
from feedback_core.messages import DOMAIN, LOCALE_DIR, VOCABULARY, message
from feedback_core.reports.model import ReportStatus
from feedback_core.reports.views import PUBLIC_STATUSES, PublicReport, is_public
from feedback_http.open311.w3c import optional_w3c, w3c

if TYPE_CHECKING:
    import uuid
    from collections.abc import Mapping

    from feedback_core.reports.model import HistoryEntry, Report
    from feedback_core.reports.views import ReportView
    from feedback_http.open311.documents import Open311Status, PostedRequest, ServiceRequest
    from feedback_http.open311.services import ServiceCatalog

DESCRIPTION_LIMIT: Final = 4000  # "free form text limited to 4,000 characters"
AGENCY_SEPARATOR: Final = "; "  # unit names may hold commas ("Sở Điện, nước")
S = ReportStatus


@attrs.frozen
class Tracking:
    """What Open311 shows of a report beyond its public view; each part may be unknown."""

    updated_at: dt.datetime | None = None
    expected_at: dt.datetime | None = None
    agencies: tuple[str, ...] = ()
    media_url: str | None = None


def open311_status(status: ReportStatus) -> Open311Status:
    """``open`` while the province has work to do on the report, ``closed`` once it has none."""
    match status:
        case S.SUBMITTED | S.ACCEPTED | S.ASSIGNED | S.IN_PROGRESS:
            return "open"
        case S.RESOLVED | S.CLOSED | S.REFUSED:
            return "closed"
        case _:  # pragma: no cover - mypy proves every status is matched
            assert_never(status)


@functools.cache
def _translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def status_word(status: ReportStatus, lang: str = "vi") -> str:
    """The core's status in ``lang``, from the core's own catalog ("đang xử lý")."""
    return _translation(lang).gettext(VOCABULARY[status.value])


def status_notes(report: PublicReport, lang: str = "vi") -> str:
    """The detail ``open``/``closed`` leaves out: the core's status, then the units' answer."""
    word = status_word(report.status, lang)
    word = word[:1].upper() + word[1:]
    return f"{word}: {report.response}" if report.response else word


def description(report: PublicReport) -> str:
    """Title, blank line, content; cut to the specification's 4,000 characters."""
    text = f"{report.title}\n\n{report.content}"
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1] + "…"


def _hidden() -> NotFound:
    """A report the public may not see does not exist for it (rules.md section 6)."""
    return NotFound(message("not_found", entity="report"), field="service_request_id")


def _closed_at(history: tuple[HistoryEntry, ...]) -> dt.datetime | None:
    """When the report last went from open to closed in Open311 terms."""
    for entry in reversed(history):
        was = None if entry.from_status is None else open311_status(entry.from_status)
        if open311_status(entry.to_status) == "closed" and was != "closed":
            return entry.at
    return None


def last_change(view: ReportView) -> dt.datetime:
    """``updated_datetime``: the last step, or for a closed request the step that closed it."""
    report, history = view.report, view.history
    if open311_status(report.status) == "closed":
        closed = _closed_at(history)
        if closed is not None:
            return closed
    return history[-1].at if history else report.submitted_at


def tracking(
    view: ReportView, unit_names: Mapping[uuid.UUID, str], media_url: str | None = None
) -> Tracking:
    """The Open311 facts of a report the public may see; NotFound for any other report.

    ``unit_names`` names the units (``FeedbackSystem.units()``); a unit missing from it
    is left out rather than shown by its id.
    """
    if not is_public(view.report):
        raise _hidden()
    agencies = tuple(unit_names[u] for u in view.report.units if u in unit_names)
    return Tracking(last_change(view), view.resolve_deadline, agencies, media_url)


def service_request(
    report: PublicReport,
    catalog: ServiceCatalog,
    facts: Tracking | None = None,
    lang: str = "vi",
) -> ServiceRequest:
    """One ``<request>`` of GET Service Requests; NotFound for a report not yet public."""
    if report.status not in PUBLIC_STATUSES:
        raise _hidden()
    facts = facts or Tracking()
    where = report.location
    return {
        "service_request_id": str(report.id),
        "status": open311_status(report.status),
        "status_notes": status_notes(report, lang),
        "service_name": catalog.name_of(report.category),
        "service_code": report.category,
        "description": description(report),
        "agency_responsible": AGENCY_SEPARATOR.join(facts.agencies) or None,
        "service_notice": None,
        "requested_datetime": w3c(report.submitted_at),
        "updated_datetime": optional_w3c(facts.updated_at),
        "expected_datetime": optional_w3c(facts.expected_at),
        "address": where.address,
        "address_id": None,
        "zipcode": None,
        "lat": where.latitude,
        "long": where.longitude,
        "media_url": facts.media_url,
    }


def from_view(
    view: ReportView,
    catalog: ServiceCatalog,
    unit_names: Mapping[uuid.UUID, str],
    *,
    media_url: str | None = None,
    lang: str = "vi",
) -> ServiceRequest:
    """`service_request` of a report's full view: its public face plus its `tracking`."""
    facts = tracking(view, unit_names, media_url)
    return service_request(PublicReport.of(view.report), catalog, facts, lang)


def posted_request(report: Report, service_notice: str | None = None) -> PostedRequest:
    """The answer to POST Service Request: the new report's id, never its reporter's."""
    return {
        "service_request_id": str(report.id),
        "service_notice": service_notice,
        "account_id": None,
    }
