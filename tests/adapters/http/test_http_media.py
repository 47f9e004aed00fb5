"""Media over HTTP: multipart uploads streamed, items served under the report's visibility."""

import io
import sys
from pathlib import Path

import anyio
import attrs
import pytest
from http_support import REPORT, TestClient
from PIL import Image

from feedback_core.reports.media import MediaPolicy
from feedback_core.testing.world import PASSWORD
from feedback_http import create_app
from feedback_media.cleaning import PillowCleaner
from feedback_media.files import FileMediaStore

sys.path.insert(0, str(Path(__file__).parents[2] / "core" / "reports"))
from media_support import MP4_HEAD, jpeg_with_gps, video


def media_client(world, tmp_path, **policy):
    settings = attrs.evolve(world.system.settings, media=MediaPolicy(**policy))
    store = FileMediaStore(tmp_path / "media")
    system = world.system_with(settings=settings, media=store, cleaner=PillowCleaner())
    return TestClient(create_app(system)), system


@pytest.fixture
def http(world, tmp_path):
    client, _ = media_client(world, tmp_path)
    with client:
        yield client


def bearer(client, login_id):
    response = client.post("/sessions", json={"login_id": login_id, "password": PASSWORD})
    return {"authorization": f"Bearer {response.json()['token']}"}


def submit(client, headers, public=False):
    response = client.post("/reports", json={**REPORT, "public": public}, headers=headers)
    assert 201 == response.status_code, response.text
    return response.json()["id"]


def upload(client, headers, report_id, data, name="photo.jpg", content_type="image/jpeg"):
    files = {"file": (name, data, content_type)}
    return client.post(f"/reports/{report_id}/media", files=files, headers=headers)


def test_a_jpeg_with_gps_is_served_back_without_exif(http, world):
    me = bearer(http, world.citizen.phone)
    report_id = submit(http, me)
    response = upload(http, me, report_id, jpeg_with_gps())
    assert 201 == response.status_code, response.text
    item = response.json()
    assert {"kind": "jpeg", "report_id": report_id} == {k: item[k] for k in ("kind", "report_id")}
    served = http.get(f"/reports/{report_id}/media/{item['id']}", headers=me)
    assert 200 == served.status_code
    assert "image/jpeg" == served.headers["content-type"]
    assert "nosniff" == served.headers["x-content-type-options"]
    back = Image.open(io.BytesIO(served.content))
    assert 0 == len(back.getexif())
    assert b"Exif" not in served.content
    assert [item] == http.get(f"/reports/{report_id}/media", headers=me).json()


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"just text" * 10, "photo.jpg", "image/jpeg"),
        (video(), "clip.jpg", "image/jpeg"),
        (jpeg_with_gps(), "photo.jpg", "image/png"),
    ],
)
def test_an_upload_that_lies_about_its_type_is_refused(http, world, data, name, content_type):
    me = bearer(http, world.citizen.phone)
    report_id = submit(http, me)
    response = upload(http, me, report_id, data, name, content_type)
    assert 422 == response.status_code
    assert "media" in response.json()["errors"]
    assert [] == http.get(f"/reports/{report_id}/media", headers=me).json()


def test_a_body_without_a_file_is_refused(http, world):
    me = bearer(http, world.citizen.phone)
    report_id = submit(http, me)
    response = http.post(f"/reports/{report_id}/media", data={"other": "x"}, headers=me)
    assert 422 == response.status_code
    assert "media" in response.json()["errors"]


def test_a_private_reports_media_404_for_strangers_200_for_reporter_and_unit(http, world):
    me = bearer(http, world.citizen.phone)
    report_id = submit(http, me)
    item = upload(http, me, report_id, video(), "clip.mp4", "video/mp4").json()
    operator = bearer(http, "tiepnhan")
    http.post(f"/reports/{report_id}/accept", headers=operator)
    assign = {"units": [str(world.units[0].id)]}
    assert (
        200 == http.post(f"/reports/{report_id}/assign", json=assign, headers=operator).status_code
    )
    world.new_citizen("0987654321")
    path = f"/reports/{report_id}/media/{item['id']}"
    stranger = bearer(http, "0987654321")
    unit = bearer(http, "sotnmt_canbo")
    assert 404 == http.get(path, headers=stranger).status_code
    assert 404 == http.get(f"/public{path}").status_code
    assert 401 == http.get(path).status_code
    for viewer in (me, unit, operator):
        response = http.get(path, headers=viewer)
        assert (200, video()) == (response.status_code, response.content)
        assert "video/mp4" == response.headers["content-type"]


def test_a_public_reports_media_are_public_once_accepted(http, world):
    me = bearer(http, world.citizen.phone)
    report_id = submit(http, me, public=True)
    item = upload(http, me, report_id, video(), "clip.mp4", "video/mp4").json()
    path = f"/public/reports/{report_id}/media"
    assert 404 == http.get(path).status_code
    http.post(f"/reports/{report_id}/accept", headers=bearer(http, "tiepnhan"))
    assert [item] == http.get(path).json()
    assert video() == http.get(f"{path}/{item['id']}").content


def test_the_count_limit_holds_over_http(world, tmp_path):
    client, _ = media_client(world, tmp_path, max_items=1)
    with client:
        me = bearer(client, world.citizen.phone)
        report_id = submit(client, me)
        assert 201 == upload(client, me, report_id, video(), "a.mp4", "video/mp4").status_code
        refused = upload(client, me, report_id, video(), "b.mp4", "video/mp4")
        assert 422 == refused.status_code
        assert "too_many" == refused.json()["code"]


def test_a_declared_oversize_body_is_refused_before_it_is_read(http, world):
    me = bearer(http, world.citizen.phone)
    report_id = submit(http, me)
    headers = {
        **me,
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(10**9),
    }
    response = http.post(f"/reports/{report_id}/media", content=b"", headers=headers)
    assert 422 == response.status_code
    assert "too_large" == response.json()["code"]


def test_an_oversize_upload_is_refused_without_reading_the_body_whole(world, tmp_path):
    """An endless chunked body: the app stops pulling just past the limit."""
    client, system = media_client(world, tmp_path, max_video_bytes=256 * 1024)
    with client:
        me = bearer(client, world.citizen.phone)
        report_id = submit(client, me)
    app = create_app(system)
    boundary = b"b0undary"
    first = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; '
        b'filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n' + MP4_HEAD
    )
    pulled = 0
    sent = []

    async def receive():
        nonlocal pulled
        pulled += 1
        body = first if pulled == 1 else b"\x00" * 16 * 1024
        return {"type": "http.request", "body": body, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/reports/{report_id}/media",
        "raw_path": f"/reports/{report_id}/media".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"test"),
            (b"authorization", me["authorization"].encode()),
            (b"content-type", b"multipart/form-data; boundary=" + boundary),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
    }
    anyio.run(app, scope, receive, send)
    assert 422 == sent[0]["status"]
    assert pulled <= 256 // 16 + 3  # the limit's worth of 16 KB chunks, and a little more
    assert [] == [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
