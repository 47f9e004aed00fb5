"""The Atom feed of alerts in force: one entry per alert in force, linking its CAP."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import attrs
import pendulum
import pytest

from feedback_core import AlertText, ValidationError
from feedback_core.alerts.atom import ATOM_NS, XML_LANG, render_feed
from feedback_core.alerts.cap import CAP_MIME

NS = {"a": ATOM_NS}
SENDER = "cong1022.tayninh.gov.vn"
FEED = "https://cong1022.tayninh.gov.vn/canh-bao/atom.xml"
HOUR = dt.timedelta(hours=1)
T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")
WORDS = {
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng.",
    "area": "Phường 1, TP Tây Ninh",
    "category": "Met",
}


def cap_url(alert_id):
    return f"https://cong1022.tayninh.gov.vn/canh-bao/{alert_id}.cap.xml"


def approved(world, headline, start, end, unit=0):
    form = WORDS | {"headline": headline, "start": start, "end": end}
    alert = world.system.create_alert(world.staff[unit].id, **form)
    world.system.submit_alert(world.staff[unit].id, alert.id)
    return world.system.approve_alert(world.approvers[unit].id, alert.id)


def feed(alerts, at):
    return ET.fromstring(render_feed(alerts, at=at, sender=SENDER, feed_url=FEED, cap_url=cap_url))


def test_feed_lists_exactly_the_alerts_in_force_newest_first(world):
    now = T0 + 2 * HOUR
    early = approved(world, "Đang có hiệu lực 1", T0, T0 + 5 * HOUR)
    world.clock.advance(dt.timedelta(minutes=5))
    late = approved(world, "Đang có hiệu lực 2", T0, T0 + 5 * HOUR, unit=1)
    scheduled = approved(world, "Chưa bắt đầu", T0 + 3 * HOUR, T0 + 5 * HOUR)
    expired = approved(world, "Sắp hết hạn", T0, T0 + HOUR)
    cancelled = approved(world, "Bị huỷ", T0, T0 + 5 * HOUR)
    cancelled = world.system.cancel_alert(world.approvers[0].id, cancelled.id)
    root = feed([early, scheduled, expired, cancelled, late], now)
    entries = root.findall("a:entry", NS)
    assert [f"urn:uuid:{late.id}", f"urn:uuid:{early.id}"] == [
        e.findtext("a:id", namespaces=NS) for e in entries
    ]


def test_each_entry_links_its_cap_message(world):
    alert = approved(world, 'Mưa lớn <khẩn> & "gấp"', T0, T0 + 5 * HOUR)
    (entry,) = feed([alert], T0 + HOUR).findall("a:entry", NS)
    link = entry.find("a:link", NS)
    assert ("alternate", CAP_MIME, cap_url(alert.id)) == (
        link.get("rel"),
        link.get("type"),
        link.get("href"),
    )
    assert 'Mưa lớn <khẩn> & "gấp"' == entry.findtext("a:title", namespaces=NS)
    assert "Met" == entry.find("a:category", NS).get("term")


def test_feed_has_id_title_author_self_link_and_language(world):
    root = feed([], T0)
    assert FEED == root.findtext("a:id", namespaces=NS)
    assert "Thông tin cảnh báo" == root.findtext("a:title", namespaces=NS)
    assert SENDER == root.findtext("a:author/a:name", namespaces=NS)
    assert FEED == root.find("a:link[@rel='self']", NS).get("href")
    assert "vi" == root.get(XML_LANG)
    assert [] == root.findall("a:entry", NS)


def test_feed_times_carry_an_offset_and_never_z(world):
    alert = approved(world, "Mưa lớn", T0, T0 + 5 * HOUR)
    root = feed([alert], T0 + HOUR)
    times = [root.findtext("a:updated", namespaces=NS)] + [
        e.text for e in root.iter() if e.tag in {f"{{{ATOM_NS}}}updated", f"{{{ATOM_NS}}}published"}
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", t) for t in times), times
    assert "2026-03-02T10:00:00+07:00" == root.findtext("a:updated", namespaces=NS)


def test_text_xml_cannot_carry_is_refused_in_the_feed(world):
    alert = approved(world, "Mưa lớn", T0, T0 + 5 * HOUR)
    content = attrs.evolve(alert.content, text=AlertText("mưa\x00lớn", "x"))
    with pytest.raises(ValidationError) as caught:
        feed([attrs.evolve(alert, content=content)], T0 + HOUR)
    assert "headline" == caught.value.field
