"""CAP 1.2 rendering: XSD-valid messages, and the rules the XSD does not check."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pendulum
import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback_core import AlertText, ValidationError
from feedback_core.alerts.cap import CAP_NS, cap_time, render_alert
from feedback_core.alerts.input import (
    AREA_LIMIT,
    DESCRIPTION_LIMIT,
    INSTRUCTION_LIMIT,
    MAX_POLYGON_POINTS,
)
from feedback_core.alerts.model import HEADLINE_LIMIT, Area, Circle, Point
from feedback_core.testing.strategies import alert_forms

SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[2] / "data" / "cap" / "CAP-v1.2.xsd")
NS = {"cap": CAP_NS}
SENDER = "cong1022.tayninh.gov.vn"
HOUR = dt.timedelta(hours=1)
T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")
FORM = {
    "headline": "Cảnh báo mưa lớn, ngập úng cục bộ",
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng tại các tuyến đường trũng thấp.",
    "instruction": "Hạn chế di chuyển qua khu vực ngập.",
    "area": "Phường 1 và Phường 3, TP Tây Ninh",
    "category": "Met",
    "severity": "Severe",
    "urgency": "Expected",
    "certainty": "Likely",
    "start": T0 + HOUR,
    "end": T0 + 3 * HOUR,
}
RING = [(11.30, 106.10), (11.32, 106.10), (11.32, 106.14), (11.30, 106.10)]
ENGLISH = AlertText("Heavy rain warning", "Long heavy rain; low roads may flood.", "Stay away.")
TIME_ELEMENTS = ("cap:sent", "cap:info/cap:effective", "cap:info/cap:onset", "cap:info/cap:expires")
# Everything XML 1.0 text may hold but a tab, line feed or carriage return is at least U+0020.
BAD_TEXT = ["\x00", "\x08", "\x1b", "\x7f", "\x85", "\ud800", "\ufffe", "\uffff"]


def approved(world, unit=0, **changes):
    alert = world.system.create_alert(world.staff[unit].id, **(FORM | changes))
    world.system.submit_alert(world.staff[unit].id, alert.id)
    return world.system.approve_alert(world.approvers[unit].id, alert.id)


def superseding(world, old, unit=0, **changes):
    draft = world.system.supersede_alert(world.staff[unit].id, old.id, **(FORM | changes))
    world.system.submit_alert(world.staff[unit].id, draft.id)
    return world.system.approve_alert(world.approvers[unit].id, draft.id)


def valid(xml: bytes) -> ET.Element:
    """The parsed message, after checking it against the OASIS CAP 1.2 schema."""
    root = ET.fromstring(xml)
    SCHEMA.validate(root)
    return root


def text(root, path):
    return root.findtext(path, namespaces=NS)


def test_approved_alert_is_a_valid_cap_alert(world):
    alert = approved(world)
    root = valid(render_alert(alert, sender=SENDER, sender_name="UBND Phường 1"))
    assert str(alert.id) == text(root, "cap:identifier")
    assert SENDER == text(root, "cap:sender")
    assert cap_time("sent", alert.approved_at) == text(root, "cap:sent")
    assert ("Actual", "Alert", "Public") == (
        text(root, "cap:status"),
        text(root, "cap:msgType"),
        text(root, "cap:scope"),
    )
    assert root.find("cap:references", NS) is None
    assert "UBND Phường 1" == text(root, "cap:info/cap:senderName")


def test_info_maps_our_vocabularies_and_window(world):
    alert = approved(world)
    info = valid(render_alert(alert, sender=SENDER)).find("cap:info", NS)
    assert ["vi-VN", "Met", "Expected", "Severe", "Likely"] == [
        text(info, f"cap:{name}")
        for name in ("language", "category", "urgency", "severity", "certainty")
    ]
    assert "2026-03-02T10:00:00+07:00" == text(info, "cap:effective") == text(info, "cap:onset")
    assert "2026-03-02T12:00:00+07:00" == text(info, "cap:expires")
    assert FORM["instruction"] == text(info, "cap:instruction")


def test_one_info_per_language_vietnamese_always(world):
    vi_only = valid(render_alert(approved(world), sender=SENDER))
    both = valid(render_alert(approved(world, english=ENGLISH), sender=SENDER))
    assert ["vi-VN"] == [text(i, "cap:language") for i in vi_only.findall("cap:info", NS)]
    infos = both.findall("cap:info", NS)
    assert ["vi-VN", "en-US"] == [text(i, "cap:language") for i in infos]
    assert ENGLISH.headline == text(infos[1], "cap:headline")
    assert FORM["headline"] == text(infos[0], "cap:headline")


def test_update_names_every_superseded_message(world):
    first = approved(world)
    world.clock.advance(dt.timedelta(minutes=10))
    second = superseding(world, first, headline="Cập nhật: mưa lớn")
    world.clock.advance(dt.timedelta(minutes=10))
    third = superseding(world, second, headline="Cập nhật lần 2")
    root = valid(render_alert(third, sender=SENDER, references=[second, first]))
    assert "Update" == text(root, "cap:msgType")
    assert [
        f"{SENDER},{second.id},{cap_time('sent', second.approved_at)}",
        f"{SENDER},{first.id},{cap_time('sent', first.approved_at)}",
    ] == text(root, "cap:references").split(" ")


def test_update_without_the_alert_it_supersedes_is_refused(world):
    old = approved(world)
    new = superseding(world, old)
    with pytest.raises(ValidationError) as caught:
        render_alert(new, sender=SENDER)
    assert "references" == caught.value.field


def test_superseded_alert_still_renders_as_what_was_approved(world):
    old = approved(world)
    superseding(world, old)
    old = world.system.get_alert(old.id)
    root = valid(render_alert(old, sender=SENDER))
    assert (str(old.id), "Alert") == (text(root, "cap:identifier"), text(root, "cap:msgType"))


def test_cancel_references_the_cancelled_message_with_its_own_identifier(world):
    alert = approved(world)
    world.clock.advance(dt.timedelta(minutes=30))
    cancelled = world.system.cancel_alert(world.approvers[0].id, alert.id)
    root = valid(render_alert(cancelled, sender=SENDER))
    assert "Cancel" == text(root, "cap:msgType")
    assert f"{alert.id}-cancel" == text(root, "cap:identifier")
    assert cap_time("sent", cancelled.cancelled_at) == text(root, "cap:sent")
    assert f"{SENDER},{alert.id},{cap_time('sent', alert.approved_at)}" == text(
        root, "cap:references"
    )


def test_unapproved_alert_is_refused(world):
    draft = world.system.create_alert(world.staff[0].id, **FORM)
    with pytest.raises(ValidationError) as caught:
        render_alert(draft, sender=SENDER)
    assert "status" == caught.value.field


def test_polygon_closed_and_circle_rendered(world):
    alert = approved(world, polygon=RING, circle=((11.31, 106.12), 2.5))
    area = valid(render_alert(alert, sender=SENDER)).find("cap:info/cap:area", NS)
    assert FORM["area"] == text(area, "cap:areaDesc")
    points = text(area, "cap:polygon").split(" ")
    assert 4 == len(points)
    assert points[0] == points[-1] == "11.3,106.1"
    assert "11.31,106.12 2.5" == text(area, "cap:circle")


@pytest.mark.parametrize(
    "polygon",
    [
        (Point(11.3, 106.1), Point(11.32, 106.1), Point(11.3, 106.1)),
        (Point(11.3, 106.1), Point(11.32, 106.1), Point(11.32, 106.14), Point(11.31, 106.1)),
    ],
    ids=["three-points", "open"],
)
def test_short_or_open_polygon_is_refused(world, polygon):
    alert = approved(world)
    bad = attrs.evolve(alert, content=attrs.evolve(alert.content, area=Area("Phường 1", polygon)))
    with pytest.raises(ValidationError) as caught:
        render_alert(bad, sender=SENDER)
    assert "polygon" == caught.value.field


@pytest.mark.parametrize(
    "circle",
    [
        Circle(Point(95.0, 106.1), 1.0),
        Circle(Point(11.3, 181.0), 1.0),
        Circle(Point(11.3, 106.1), float("nan")),
        Circle(Point(11.3, 106.1), -1.0),
    ],
    ids=["latitude", "longitude", "nan-radius", "negative-radius"],
)
def test_circle_out_of_range_is_refused(world, circle):
    alert = approved(world)
    area = Area("Phường 1", circle=circle)
    bad = attrs.evolve(alert, content=attrs.evolve(alert.content, area=area))
    with pytest.raises(ValidationError) as caught:
        render_alert(bad, sender=SENDER)
    assert "circle" == caught.value.field


def test_every_field_at_its_limit_renders_valid_cap(world):
    ring = [(10.0 + i / 10_000, 106.0 + (i % 2) / 100) for i in range(MAX_POLYGON_POINTS - 1)]
    english = AlertText("e" * HEADLINE_LIMIT, "d" * DESCRIPTION_LIMIT, "i" * INSTRUCTION_LIMIT)
    alert = approved(
        world,
        headline="ệ" * HEADLINE_LIMIT,
        description="mưa\n" * (DESCRIPTION_LIMIT // 4),
        instruction="ở" * INSTRUCTION_LIMIT,
        area="Phường " * (AREA_LIMIT // 7),
        polygon=[*ring, ring[0]],
        circle=((-89.999999, 179.999999), 5000),
        english=english,
        start=T0 - 2 * HOUR,
        end=T0 - 2 * HOUR + dt.timedelta(days=30),
    )
    root = valid(render_alert(alert, sender=SENDER, sender_name="U" * 200))
    area = root.find("cap:info/cap:area", NS)
    assert MAX_POLYGON_POINTS == len(text(area, "cap:polygon").split(" "))
    assert "-89.999999,179.999999 5000" == text(area, "cap:circle")
    assert "ệ" * HEADLINE_LIMIT == text(root, "cap:info/cap:headline")


def test_times_carry_an_offset_and_never_z(world):
    alert = approved(world, start=T0 + dt.timedelta(hours=1, microseconds=123456))
    root = valid(render_alert(alert, sender=SENDER))
    for path in TIME_ELEMENTS:
        value = text(root, path)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", value), value
        assert "Z" not in value


def test_naive_time_is_refused(world):
    alert = approved(world)
    with pytest.raises(ValidationError) as caught:
        render_alert(alert, sender=SENDER, sent=dt.datetime(2026, 3, 2, 9))  # noqa: DTZ001
    assert "sent" == caught.value.field


@pytest.mark.parametrize("sender", ["", "a b", "a,b", "a<b", "a&b", "a\tb", "a\x00b"])
def test_bad_sender_is_refused(world, sender):
    with pytest.raises(ValidationError) as caught:
        render_alert(approved(world), sender=sender)
    assert "sender" == caught.value.field


def test_identifiers_are_unique_per_sender_and_carry_no_forbidden_characters(world):
    alerts = [approved(world), approved(world), approved(world, unit=1)]
    world.clock.advance(dt.timedelta(minutes=5))
    cancelled = world.system.cancel_alert(world.approvers[0].id, alerts[0].id)
    messages = [*alerts, cancelled]
    ids = [text(valid(render_alert(a, sender=SENDER)), "cap:identifier") for a in messages]
    assert len(set(ids)) == len(ids)
    assert not any(re.search(r"[\s,<&]", i) for i in ids)


def test_vietnamese_and_markup_characters_round_trip(world):
    words = "Lũ quét <khẩn> & \"sạt lở\" 'đất' ]]> ở Tây Ninh 🌧"
    alert = approved(world, headline=words[:140], description=words, area=words)
    root = valid(render_alert(alert, sender=SENDER, sender_name=words))
    info = root.find("cap:info", NS)
    assert [words] * 4 == [
        text(info, p)
        for p in ("cap:headline", "cap:description", "cap:senderName", "cap:area/cap:areaDesc")
    ]


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("headline", lambda c, s: attrs.evolve(c, text=attrs.evolve(c.text, headline=s))),
        ("description", lambda c, s: attrs.evolve(c, text=attrs.evolve(c.text, description=s))),
        ("instruction", lambda c, s: attrs.evolve(c, text=attrs.evolve(c.text, instruction=s))),
        ("english.description", lambda c, s: attrs.evolve(c, text_en=AlertText("Rain", s))),
        ("area", lambda c, s: attrs.evolve(c, area=Area(s))),
    ],
)
def test_text_xml_cannot_carry_is_refused_naming_the_field(world, field, change, bad):
    alert = approved(world)
    bad_alert = attrs.evolve(alert, content=change(alert.content, f"mưa{bad}lớn"))
    with pytest.raises(ValidationError) as caught:
        render_alert(bad_alert, sender=SENDER)
    assert field == caught.value.field


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_approved_alert_renders_valid_cap(world, data):
    form = data.draw(alert_forms(world.clock.now()))
    alert = world.system.create_alert(world.staff[0].id, **form)
    world.system.submit_alert(world.staff[0].id, alert.id)
    alert = world.system.approve_alert(world.approvers[0].id, alert.id)
    root = valid(render_alert(alert, sender=SENDER))
    assert len(root.findall("cap:info", NS)) == (2 if "english" in form else 1)


SPECIALS = st.sampled_from(
    ["\x00", "\x1b", "\x7f", "\x85", "\r", "\t", "\n", "<", "&", ">", '"', "'", "]]>",
     "\ud83d", "\ufffe", "😀", "\u0301", "ệ", "\u200d", "<b>", "&amp;"]
)  # fmt: skip
RAW_TEXT = st.lists(SPECIALS | st.characters(exclude_categories=()), max_size=20).map("".join)


def _xml_newlines(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=RAW_TEXT, description=RAW_TEXT, area=RAW_TEXT, english=st.none() | RAW_TEXT)
def test_raw_text_gives_valid_cap_or_validation_error(world, headline, description, area, english):
    alert = approved(world)
    content = attrs.evolve(
        alert.content,
        text=AlertText(headline, description),
        area=Area(area),
        text_en=None if english is None else AlertText(english, english),
    )
    xml, refused = b"", None
    try:
        xml = render_alert(attrs.evolve(alert, content=content), sender=SENDER)
    except ValidationError as e:
        refused = e.field
    if refused is not None:
        assert refused in {"headline", "description", "area", "english.headline"}
        return
    root = valid(xml)
    info = root.find("cap:info", NS)
    assert _xml_newlines(headline) == (text(info, "cap:headline") or "")
    assert _xml_newlines(description) == (text(info, "cap:description") or "")
    assert _xml_newlines(area) == (text(info, "cap:area/cap:areaDesc") or "")


def test_the_schema_check_is_not_vacuous(world):
    root = ET.fromstring(render_alert(approved(world), sender=SENDER))
    status, msg_type = root[3], root[4]
    root[3], root[4] = msg_type, status
    assert not SCHEMA.is_valid(root)
