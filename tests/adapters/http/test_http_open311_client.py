"""An Open311 client from PyPI (georeport 0.3.1) reads services and requests from a real server."""

import datetime as dt

import pytest
from http_support import REPORT
from test_http_server import serving

from feedback_http import create_app

georeport = pytest.importorskip("georeport")


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_georeport_reads_services_and_requests_from_uvicorn(world, output_format):
    s = world.system
    report = s.submit_report(world.citizen.id, **REPORT)
    world.clock.advance(dt.timedelta(minutes=5))
    s.accept_report(world.operator.id, report.id)
    with serving(create_app(s)) as base:
        client = georeport.GeoReport(f"{base}/open311/v2", output_format=output_format)
        services = client.get_service_list()
        requests = client.get_service_requests(status="open")
        definition = client.get_service_definition("moi_truong")
        one = client.get_service_request(str(report.id))
    codes = [x["service_code"] for x in services]
    assert list(s.settings.categories) == codes
    # xmltodict reads a lone <request> as a mapping, several as a list
    found = requests if isinstance(requests, list) else [requests]
    assert [str(report.id)] == [r["service_request_id"] for r in found]
    assert "moi_truong" == definition["service_code"]
    assert str(report.id) in str(one)
