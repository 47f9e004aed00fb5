"""GET Service Requests: its query parameters checked exactly as GeoReport v2 states them.

* ``service_request_id``: one or more ids, comma delimited; "this overrides all other
  arguments", so with it the others are neither applied nor even checked.
* ``service_code``: one or more service codes, comma delimited or declared several times;
  all services when absent. A code that names no service is refused, not silently empty.
* ``status``: ``open`` and/or ``closed``, comma delimited or declared several times; all
  statuses when absent.
* ``start_date`` / ``end_date``: W3C datetimes with their zone, bounds on
  ``requested_datetime`` (both included). The range "may not span more than 90 days";
  "when not specified, the range defaults to most recent 90 days". So: neither given ->
  the 90 days up to now; one given -> the 90 days after the start or before the end; both
  -> as given, the end not before the start, at most 90 days apart.
* Response volume: "a span of 90 days or first 1000 requests returned, whichever is
  smallest". The specification defines no paging and no larger volume, so 1000 is both
  the default and the maximum (``page``/``page_size`` are a later extension, not v2).
* "Optional" means "the response should be the same whether a parameter is passed and is
  empty or is not passed at all": empty values count as absent. Parameters the
  specification does not name (``api_key``, extensions) are left to the caller.
* ``jurisdiction_id`` is only required of endpoints that serve several jurisdictions; a
  portal serves one, so it is ignored unless the caller names its own, and then any other
  value is a 404, as "jurisdiction_id provided was not found".

A bad value raises the core's ValidationError naming the parameter (a 400 in Open311).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, TypeAlias, cast, get_args

import attrs
import pendulum

from feedback_core import fields
from feedback_core.clock import earlier, later, to_utc
from feedback_core.errors import NotFound, ValidationError
from feedback_core.messages import message
from feedback_http.open311.documents import Open311Status
from feedback_http.open311.requests import open311_status
from feedback_http.open311.w3c import parse_w3c, w3c

if TYPE_CHECKING:
    from feedback_core.reports.views import PublicReport

Params: TypeAlias = Mapping[str, str | Sequence[str]]
"""Query parameters: each name with its value, or every value when declared several times."""

WINDOW: Final = dt.timedelta(days=90)  # the default range and the longest one allowed
VOLUME: Final = 1000  # "first 1000 requests returned": the default, and no more is defined
STATUSES: Final[tuple[Open311Status, ...]] = get_args(Open311Status)
JURISDICTION_LIMIT: Final = 255  # a domain name's longest, as the spec suggests one


@attrs.frozen
class RequestsQuery:
    """Which service requests a GET asks for; with ``ids`` no other filter applies."""

    ids: tuple[uuid.UUID, ...] = ()
    service_codes: frozenset[str] = frozenset()  # empty: every service
    statuses: frozenset[Open311Status] = frozenset()  # empty: every status
    start: pendulum.DateTime | None = None
    end: pendulum.DateTime | None = None
    limit: int = VOLUME

    def matches(self, report: PublicReport) -> bool:
        """Whether ``report`` answers this query (its volume aside)."""
        if self.ids:
            return report.id in self.ids
        return (
            (not self.service_codes or report.category in self.service_codes)
            and (not self.statuses or open311_status(report.status) in self.statuses)
            and (self.start is None or self.start <= report.submitted_at)
            and (self.end is None or report.submitted_at <= self.end)
        )

    def before_range(self, report: PublicReport) -> bool:
        """Whether ``report`` was submitted before the range: newest-first reading may stop."""
        return not self.ids and self.start is not None and report.submitted_at < self.start


def values(params: Params, name: str) -> list[str]:
    """Every non-empty value of ``name``, declared once or several times, comma delimited."""
    given = params.get(name, ())
    declared = [given] if isinstance(given, str) else list(given)
    return [v.strip() for value in declared for v in value.split(",") if v.strip()]


def _one(params: Params, name: str) -> str | None:
    """The value of a parameter that takes one: a second one is refused."""
    found = values(params, name)
    if len(found) > 1:
        raise ValidationError.single(name, "too_many", limit=1)
    return found[0] if found else None


def parse_ids(params: Params) -> tuple[uuid.UUID, ...]:
    """``service_request_id``: report ids, each once, in the order asked."""
    texts = values(params, "service_request_id")
    if len(texts) > VOLUME:
        raise ValidationError.single("service_request_id", "too_many", limit=VOLUME)
    try:
        return tuple(dict.fromkeys(uuid.UUID(t) for t in texts))
    except ValueError:
        raise ValidationError.single("service_request_id", "invalid_id") from None


def parse_statuses(params: Params) -> frozenset[Open311Status]:
    """``status``: open, closed or both; refused if anything else."""
    found = set(values(params, "status"))
    if not found <= set(STATUSES):
        raise ValidationError.single("status", "invalid_choice", choices=", ".join(STATUSES))
    return frozenset(cast("set[Open311Status]", found))


def parse_codes(params: Params, known: Collection[str] | None) -> frozenset[str]:
    """``service_code``: codes of offered services (any code when ``known`` is None)."""
    found = frozenset(values(params, "service_code"))
    if known is not None and not found <= set(known):
        choices = ", ".join(sorted(known))
        raise ValidationError.single("service_code", "invalid_choice", choices=choices)
    return found


def parse_range(params: Params, now: dt.datetime) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """``start_date``..``end_date``, filled in to 90 days and checked not to span more.

    ``now`` is an aware instant (the system's clock): the default range ends there.
    """
    start_text, end_text = _one(params, "start_date"), _one(params, "end_date")
    start = None if start_text is None else parse_w3c("start_date", start_text)
    end = None if end_text is None else parse_w3c("end_date", end_text)
    if start is None:
        end = to_utc(now) if end is None else end
        return earlier(end, WINDOW), end
    if end is None:
        return start, later(start, WINDOW)
    if end < start:
        raise ValidationError.single("end_date", "end_before_start")
    if end - start > WINDOW:
        high = w3c(later(start, WINDOW))
        raise ValidationError.single("end_date", "out_of_range", low=w3c(start), high=high)
    return start, end


def checked_jurisdiction(jurisdiction_id: str | None) -> str | None:
    """The portal's own ``jurisdiction_id`` as a host configures it; blank means none.

    Whitespace or a comma is refused: a query's values are trimmed and split at commas,
    so no client could ever name such a jurisdiction, and every request would be a 404.
    """
    given = fields.optional_text("jurisdiction_id", jurisdiction_id, limit=JURISDICTION_LIMIT)
    if given is not None and any(c == "," or c.isspace() for c in given):
        raise ValidationError.single("jurisdiction_id", "invalid_id")
    return given


def check_jurisdiction(params: Params, jurisdiction_id: str | None) -> None:
    """A ``jurisdiction_id`` other than the portal's own names nothing here (404)."""
    given = _one(params, "jurisdiction_id")
    if jurisdiction_id is not None and given is not None and given != jurisdiction_id:
        raise NotFound(message("not_found", entity="jurisdiction"), field="jurisdiction_id")


def parse_requests_query(
    params: Params,
    now: dt.datetime,
    *,
    service_codes: Collection[str] | None = None,
    jurisdiction_id: str | None = None,
) -> RequestsQuery:
    """The query of GET Service Requests; ``now`` fixes the default 90-day range."""
    check_jurisdiction(params, jurisdiction_id)
    ids = parse_ids(params)
    if ids:  # "This overrides all other arguments."
        return RequestsQuery(ids=ids, limit=len(ids))
    start, end = parse_range(params, now)
    return RequestsQuery(
        service_codes=parse_codes(params, service_codes),
        statuses=parse_statuses(params),
        start=start,
        end=end,
    )


def select(query: RequestsQuery, newest_first: Iterable[PublicReport]) -> list[PublicReport]:
    """The reports a query answers, at most its volume, from reports read newest first.

    Reading stops at the volume or at the first report older than the range, so a caller
    may pass the core's public listing page after page without reading it all.
    """
    chosen: list[PublicReport] = []
    for report in newest_first:
        if len(chosen) >= query.limit or query.before_range(report):
            break
        if query.matches(report):
            chosen.append(report)
    return chosen
