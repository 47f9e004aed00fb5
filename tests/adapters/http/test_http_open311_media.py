"""Open311 media_url over HTTP: the first photo of a public report, served by the same app."""

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from http_support import REPORT, TestClient
from PIL import Image
from starlette.applications import Starlette
from starlette.routing import Mount

from feedback_http import add_problem_handlers, create_app, router
from feedback_http.open311.routes import open311_router
from feedback_media.cleaning import PillowCleaner
from feedback_media.memory import MemoryMediaStore

sys.path.insert(0, str(Path(__file__).parents[1] / "open311"))
sys.path.insert(0, str(Path(__file__).parents[2] / "core" / "reports"))
from media_support import image, jpeg_with_gps
from open311_support import from_xml, validate

BASE = "/open311/v2"


@pytest.fixture
def system(world):
    """The world's system with media kept in memory and photos cleaned."""
    return world.system_with(media=MemoryMediaStore(), cleaner=PillowCleaner())


def accepted(world, system, *, public=True):
    """A report an operator accepted (still open, so its reporter may attach media)."""
    report = system.submit_report(world.citizen.id, **REPORT, public=public)
    world.clock.advance(dt.timedelta(minutes=5))
    system.accept_report(world.operator.id, report.id)
    return report


def attach(world, system, report, data, name="photo.jpg"):
    world.clock.advance(dt.timedelta(minutes=1))
    return system.attach_media(world.citizen.id, report.id, [data], filename=name)


def by_id(answer):
    return {r["service_request_id"]: r for r in answer.json()}


def test_a_public_report_links_its_first_photo_and_the_link_serves_it(world, system):
    with_photos = accepted(world, system)
    first = attach(world, system, with_photos, jpeg_with_gps())
    attach(world, system, with_photos, image("PNG"), name="second.png")
    without = accepted(world, system)
    private = accepted(world, system, public=False)
    attach(world, system, private, jpeg_with_gps())
    with TestClient(create_app(system)) as client:
        listing = client.get(f"{BASE}/requests.json")
        validate("requests.json", listing.json())
        requests = by_id(listing)
        assert {str(with_photos.id), str(without.id)} == set(requests)
        url = requests[str(with_photos.id)]["media_url"]
        assert f"http://testserver/public/reports/{with_photos.id}/media/{first.id}" == url
        assert None is requests[str(without.id)]["media_url"]
        served = client.get(url)
        assert (200, "image/jpeg") == (served.status_code, served.headers["content-type"])
        kept = b"".join(system.public_report_media(with_photos.id, first.id).chunks)
        assert kept == served.content
        assert "JPEG" == Image.open(io.BytesIO(served.content)).format
        assert listing.json() == from_xml(client.get(f"{BASE}/requests.xml").content)
        one = client.get(f"{BASE}/requests/{with_photos.id}.json").json()
        validate("request.json", one[0])
        assert url == one[0]["media_url"]
        alone = from_xml(client.get(f"{BASE}/requests/{without.id}.xml").content)
        assert None is alone[0]["media_url"]
        by_filter = client.get(f"{BASE}/requests.json", params={"service_request_id": private.id})
        assert [] == by_filter.json()
        assert 404 == client.get(f"{BASE}/requests/{private.id}.json").status_code
        assert str(private.id) not in listing.text


def test_a_system_without_a_media_store_answers_null(world):
    report = accepted(world, world.system)
    with TestClient(create_app(world.system)) as client:
        got = client.get(f"{BASE}/requests/{report.id}.json").json()
    assert None is got[0]["media_url"]


def test_the_link_carries_the_prefix_a_starlette_host_mounts_the_app_under(world, system):
    report = accepted(world, system)
    item = attach(world, system, report, jpeg_with_gps())
    host = Starlette(routes=[Mount("/feedback", create_app(system))])
    with TestClient(host, base_url="https://cong1022.example.vn") as client:
        url = client.get(f"/feedback{BASE}/requests.json").json()[0]["media_url"]
        expected = (
            f"https://cong1022.example.vn/feedback/public/reports/{report.id}/media/{item.id}"
        )
        assert expected == url
        assert 200 == client.get(url).status_code


def test_the_link_carries_the_prefix_a_fastapi_host_includes_the_router_under(world, system):
    report = accepted(world, system)
    item = attach(world, system, report, jpeg_with_gps())
    host = FastAPI()
    host.include_router(router(system), prefix="/api/v1")
    add_problem_handlers(host)
    with TestClient(host) as client:
        url = client.get(f"/api/v1{BASE}/requests.json").json()[0]["media_url"]
        assert f"http://testserver/api/v1/public/reports/{report.id}/media/{item.id}" == url
        assert "image/jpeg" == client.get(url).headers["content-type"]


def test_the_open311_router_alone_serves_no_media_so_links_none(world, system):
    report = accepted(world, system)
    attach(world, system, report, jpeg_with_gps())
    host = FastAPI()
    host.include_router(open311_router(system), prefix=BASE)
    with TestClient(host) as client:
        got = client.get(f"{BASE}/requests.json").json()
    assert [None] == [r["media_url"] for r in got]
