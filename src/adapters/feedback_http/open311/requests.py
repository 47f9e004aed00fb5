"""Service requests from reports: what the public may see of a report, in GeoReport v2 terms.

The mapping reads only the core's `PublicReport`, which has no reporter, so no field can
carry who sent a report (``account_id`` is never filled either); the public view also
carries what Open311 tracks: the last change, the answer's time, the handling units and
the resolve deadline. `service_request` refuses a report not yet public, so a private or
not-yet-accepted report cannot reach an answer even through a caller's mistake.

* ``status``: ``open`` while the province still has work to do (submitted, accepted,
  assigned, in progress), ``closed`` once it has none (resolved, closed, refused); the
  core's own status, in the reader's language, opens ``status_notes``, followed by the
  units' answer once there is one.
* ``requested_datetime`` is the submission, ``updated_datetime`` the last change (for a
  closed request, as the specification asks, the moment it was closed: the units'
  answer, since closing an answered report or rating it leaves it closed),
  ``expected_datetime`` the resolve deadline in working time.
* ``agency_responsible``: the names of the units handling the report, joined by "; ".
* ``description`` is the title, a blank line and the content: Open311 has no title, and a
  report's title is what a reader looks at first. The specification limits it to 4,000
  characters, so longer text is cut with an ellipsis.
* ``media_url``: the absolute link to the report's first photo or video, or null
  (`links`); ``service_notice``: the text the host configured (`create_app`), or null.
"""

from __future__ import annotations

import functools
import gettext
from typing import TYPE_CHECKING, Final, assert_never

from feedback_core.errors import NotFound
from feedback_core.messages import DOMAIN, LOCALE_DIR, message
from feedback_core.reports.model import ReportStatus
from feedback_core.reports.views import PUBLIC_STATUSES
from feedback_core.vocabulary import VOCABULARY
from feedback_http.open311.w3c import optional_w3c, w3c

if TYPE_CHECKING:
    import datetime as dt
    import uuid
    from collections.abc import Mapping

    from feedback_core.reports.model import Report
    from feedback_core.reports.views import PublicReport
    from feedback_http.open311.documents import Open311Status, PostedRequest, ServiceRequest
    from feedback_http.open311.services import ServiceCatalog

DESCRIPTION_LIMIT: Final = 4000  # "free form text limited to 4,000 characters"
AGENCY_SEPARATOR: Final = "; "  # unit names may hold commas ("Sở Điện, nước")
S = ReportStatus


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


def updated_at(report: PublicReport) -> dt.datetime:
    """``updated_datetime``: the last change, or for a closed request the moment it closed."""
    if open311_status(report.status) == "closed" and report.resolved_at is not None:
        return report.resolved_at
    return report.updated_at


def agencies(report: PublicReport, unit_names: Mapping[uuid.UUID, str]) -> str | None:
    """The handling units' names; a unit missing from ``unit_names`` is left out."""
    names = [unit_names[u] for u in report.units if u in unit_names]
    return AGENCY_SEPARATOR.join(names) or None


def service_request(
    report: PublicReport,
    catalog: ServiceCatalog,
    unit_names: Mapping[uuid.UUID, str] | None = None,
    *,
    media_url: str | None = None,
    service_notice: str | None = None,
    lang: str = "vi",
) -> ServiceRequest:
    """One ``<request>`` of GET Service Requests; NotFound for a report not yet public.

    ``unit_names`` names the units (``FeedbackSystem.units()``), for ``agency_responsible``;
    ``media_url`` links the report's first photo or video (`links`); ``service_notice`` is
    the portal's word on what follows a request, the same as POST answers with.
    """
    if report.status not in PUBLIC_STATUSES:
        raise _hidden()
    where = report.location
    return {
        "service_request_id": str(report.id),
        "status": open311_status(report.status),
        "status_notes": status_notes(report, lang),
        "service_name": catalog.name_of(report.category),
        "service_code": report.category,
        "description": description(report),
        "agency_responsible": agencies(report, unit_names or {}),
        "service_notice": service_notice,
        "requested_datetime": w3c(report.submitted_at),
        "updated_datetime": w3c(updated_at(report)),
        "expected_datetime": optional_w3c(report.resolve_deadline),
        "address": where.address,
        "address_id": None,
        "zipcode": None,
        "lat": where.latitude,
        "long": where.longitude,
        "media_url": media_url,
    }


def posted_request(report: Report, service_notice: str | None = None) -> PostedRequest:
    """The answer to POST Service Request: the new report's id, never its reporter's."""
    return {
        "service_request_id": str(report.id),
        "service_notice": service_notice,
        "account_id": None,
    }
