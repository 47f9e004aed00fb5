"""``media_url``: an absolute link to the first photo or video of a public report.

GeoReport v2 gives a request one ``media_url``; a report may carry several items, so the
first one attached (media stores list a report's items oldest first) stands for them all,
and a report without any has null. The link is where the HTTP API serves a public
report's item (``GET /public/reports/{report_id}/media/{media_id}``, the route named
``public_report_media``), resolved against the request, so it carries whatever prefix the
app is mounted or included under. Those routes answer the public only for a report the
public may see, the same rule that puts a report in a listing at all.

The items come through the core's `public_first_media`, for a whole listing at once: the
media store is asked per report (one folder read for the file store; nothing at all when
the system keeps none), then one transaction checks that the reports with an item are
still public.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from starlette.routing import NoMatchFound

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from starlette.requests import Request

    from feedback_core import FeedbackSystem
    from feedback_core.reports.media import MediaItem

MEDIA_ROUTE: Final = "public_report_media"  # feedback_http.media's endpoint name
# Stand-ins resolved once per answer: the route is looked up once, not once per report.
_REPORT: Final = str(uuid.UUID(int=1))
_MEDIA: Final = str(uuid.UUID(int=2))


def media_link(request: Request) -> Callable[[MediaItem], str] | None:
    """How to write an item's absolute URL for this request; None if no route serves it.

    An app that includes the Open311 router without the media routes serves no media, so
    its requests carry none (and no media store is asked).
    """
    try:
        template = str(request.url_for(MEDIA_ROUTE, report_id=_REPORT, media_id=_MEDIA))
    except NoMatchFound:
        return None
    head, _, rest = template.partition(_REPORT)
    middle, _, tail = rest.partition(_MEDIA)
    return lambda item: f"{head}{item.report_id}{middle}{item.id}{tail}"


def first_media(
    system: FeedbackSystem, report_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, MediaItem]:
    """The first item of each report that has one; reports without media are left out.

    A report no longer public since it was listed is left out too: its media are not shown.
    """
    return system.public_first_media(report_ids)


def media_urls(
    system: FeedbackSystem, request: Request, report_ids: Iterable[uuid.UUID]
) -> Mapping[uuid.UUID, str]:
    """Each report's ``media_url`` for this request, by report id; none for a report without."""
    link = media_link(request)
    if link is None:
        return {}
    return {rid: link(item) for rid, item in first_media(system, report_ids).items()}
