"""media_url's items: the first photo or video of each public report, through the core."""

import datetime as dt
import io
import uuid

import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount, Route

from feedback_http.open311.links import MEDIA_ROUTE, first_media, media_link, media_urls
from feedback_media.cleaning import PillowCleaner
from feedback_media.memory import MemoryMediaStore

FORM = {"title": "Ổ gà", "content": "Ổ gà lớn.", "category": "giao_thong", "address": "30/4"}


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def system(world):
    return world.system_with(media=MemoryMediaStore(), cleaner=PillowCleaner())


def accepted(world, system, *, public=True, photos=0):
    report = system.submit_report(world.citizen.id, **FORM, public=public)
    world.clock.advance(dt.timedelta(minutes=5))
    system.accept_report(world.operator.id, report.id)
    items = []
    for _ in range(photos):
        world.clock.advance(dt.timedelta(minutes=1))
        items.append(system.attach_media(world.citizen.id, report.id, [jpeg()]))
    return report, items


def test_each_report_s_oldest_item_and_none_for_the_others(world, system):
    (two, items), (none, _) = accepted(world, system, photos=2), accepted(world, system)
    private, _ = accepted(world, system, public=False, photos=1)
    unknown = uuid.uuid4()
    found = first_media(system, [two.id, none.id, private.id, unknown])
    assert {two.id: items[0]} == found  # the private one is hidden, the unknown one absent


def test_a_system_without_media_has_none_for_anyone(world):
    report, _ = accepted(world, world.system)
    assert {} == first_media(world.system, [report.id])


def request_under(root_path, routes):
    """A request to ``root_path`` + "/x" of an app made of ``routes``, as a server makes it."""
    app = Starlette(routes=routes)
    scope = {"type": "http", "method": "GET", "path": f"{root_path}/x", "root_path": root_path,
             "headers": [(b"host", b"cong1022.example.vn")], "query_string": b"",
             "scheme": "https", "server": ("cong1022.example.vn", 443), "app": app,
             "router": app.router}  # fmt: skip
    return Request(scope)


def test_the_link_is_the_named_route_under_the_app_s_root(world, system):
    report, items = accepted(world, system, photos=1)
    route = Route("/public/reports/{report_id}/media/{media_id}", lambda r: None, name=MEDIA_ROUTE)
    request = request_under("/feedback", [Mount("/api", routes=[route])])
    link = media_link(request)
    expected = (
        f"https://cong1022.example.vn/feedback/api/public/reports/{report.id}/media/{items[0].id}"
    )
    assert expected == link(items[0])
    assert {report.id: expected} == media_urls(system, request, [report.id])


def test_no_route_for_media_means_no_link_and_no_lookup(world, system):
    report, _ = accepted(world, system, photos=1)
    request = request_under("", [Route("/x", lambda r: None)])
    assert None is media_link(request)
    assert {} == media_urls(system, request, [report.id])
