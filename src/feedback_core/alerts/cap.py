"""An approved alert as a CAP 1.2 message (OASIS Common Alerting Protocol 1.2).

Pure rendering: an `Alert` (and the alerts it superseded) in, UTF-8 XML bytes out, built
with the standard library's ElementTree, no I/O. What the XSD checks (element order,
enumerations) follows from the build order here; what it does not check is enforced here:

* times carry an explicit offset, written in Vietnam time (+07:00), never "Z", whole
  seconds (``YYYY-MM-DDThh:mm:ss+07:00``);
* ``sender`` and ``identifier`` hold no whitespace, comma, '<' or '&' (`ValidationError`
  on field "sender"); the identifier is the alert's id, or "<id>-cancel" for its Cancel,
  so it is unique per sender;
* an Update names every message it supersedes in ``references`` ("sender,identifier,sent");
  a Cancel names the alert's own message (and what that one superseded);
* polygons are closed, with at least 4 points;
* one ``<info>`` per language: vi-VN always, en-US when the alert has English text;
* text XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF) is refused
  with a `ValidationError` naming the field, so the output is never malformed XML.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Final

from feedback_core.alerts.model import AlertStatus
from feedback_core.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from feedback_core.alerts.events import AlertEvent
    from feedback_core.alerts.model import Alert, AlertContent, AlertText, Area

CAP_NS: Final = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_MIME: Final = "application/cap+xml"
_DECLARATION: Final = "<?xml version='1.0' encoding='utf-8'?>\n"
VIETNAM_OFFSET: Final = dt.timezone(dt.timedelta(hours=7))

# XML 1.0 Char, less the C0/C1 controls and DEL (tab, line feed and carriage return stay).
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_ID: Final = re.compile(r"[\s,<&]")
_RENDERABLE: Final = frozenset(
    {AlertStatus.APPROVED, AlertStatus.CANCELLED, AlertStatus.SUPERSEDED}
)


def render_alert(
    alert: Alert,
    *,
    sender: str,
    sender_name: str | None = None,
    sent: dt.datetime | None = None,
    references: Sequence[Alert] = (),
) -> bytes:
    """The alert as a CAP 1.2 ``<alert>`` document, UTF-8 with an XML declaration.

    ``sender`` identifies the portal (e.g. "cong1022.tayninh.gov.vn"); ``sender_name`` is
    the unit's name, shown as ``senderName``. An approved or superseded alert renders as
    the message that was approved (``Alert``, or ``Update`` when it supersedes another,
    sent at its approval); a cancelled one as its ``Cancel`` (sent when cancelled).
    ``references`` are the alerts this one superseded, which an Update must name; ``sent``
    overrides the sending time.
    """
    root = _alert(alert, sender, sender_name, sent, references)
    return to_bytes(root)


def render_event(event: AlertEvent, *, sender: str, sender_name: str | None = None) -> bytes | None:
    """The CAP message a published alert event stands for; None for a draft's event.

    An approval, activation, expiry or supersede stands for the approved message (an
    ``Alert``, or an ``Update`` naming what it replaced); a cancel for the ``Cancel``. The
    event carries the alert as it stood and what it replaced, so no later state leaks in.
    """
    if event.alert is None:
        return None
    return render_alert(
        event.alert, sender=sender, sender_name=sender_name, references=event.replaces
    )


def _alert(
    alert: Alert,
    sender: str,
    sender_name: str | None,
    sent: dt.datetime | None,
    references: Sequence[Alert],
) -> ET.Element:
    # Unqualified names under a literal xmlns attribute: the same document as qualified
    # names with ElementTree's default_namespace option, for less serializing work.
    check_identifier("sender", sender)
    approved_at = _approved_at(alert)
    cancel = alert.status is AlertStatus.CANCELLED
    refs = list(references)
    if alert.supersedes is not None and all(r.id != alert.supersedes for r in refs):
        raise ValidationError.single("references", "required")
    if cancel:
        refs = [alert, *refs]
        when = sent or alert.cancelled_at or approved_at
        msg_type = "Cancel"
    else:
        when = sent or approved_at
        msg_type = "Update" if refs else "Alert"
    root = ET.Element("alert", {"xmlns": CAP_NS})
    _sub(root, "identifier", message_identifier(alert, cancel=cancel))
    _sub(root, "sender", sender)
    _sub(root, "sent", cap_time("sent", when))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", msg_type)
    _sub(root, "scope", "Public")
    if refs:
        _sub(root, "references", " ".join(reference(r, sender) for r in refs))
    content = alert.content
    root.append(_info(content, content.text, "vi-VN", "", sender_name))
    if content.text_en is not None:
        root.append(_info(content, content.text_en, "en-US", "english.", sender_name))
    return root


def to_bytes(root: ET.Element) -> bytes:
    """``root`` as a UTF-8 document with an XML declaration.

    Serialized to text and encoded once: ElementTree's own UTF-8 output goes through a
    text wrapper write by write, which is most of the rendering time.
    """
    return (_DECLARATION + ET.tostring(root, encoding="unicode")).encode("utf-8")


def message_identifier(alert: Alert, *, cancel: bool = False) -> str:
    """The CAP identifier of the alert's message, or of its Cancel."""
    return f"{alert.id}-cancel" if cancel else str(alert.id)


def reference(alert: Alert, sender: str) -> str:
    """The "sender,identifier,sent" that names the alert's approved message."""
    check_identifier("sender", sender)
    return f"{sender},{message_identifier(alert)},{cap_time('sent', _approved_at(alert))}"


def check_identifier(field: str, value: str) -> str:
    """A CAP sender or identifier: not empty, no whitespace, comma, '<' or '&'."""
    if not value or _NOT_ID.search(value):
        raise ValidationError.single(field, "invalid_id")
    return xml_text(field, value)


def xml_text(field: str, value: str) -> str:
    """``value`` if XML 1.0 can carry it as text, else a ValidationError naming ``field``."""
    if _NOT_XML.search(value):
        raise ValidationError.single(field, "control_chars")
    return value


def cap_time(field: str, t: dt.datetime) -> str:
    """``t`` in Vietnam time, whole seconds, with its offset: 2026-03-02T09:00:00+07:00."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValidationError.single(field, "not_aware")
    local = t.astimezone(VIETNAM_OFFSET)
    return f"{local.replace(tzinfo=None, microsecond=0).isoformat()}+07:00"


def _approved_at(alert: Alert) -> dt.datetime:
    if alert.status not in _RENDERABLE or alert.approved_at is None:
        raise ValidationError.single(
            "status", "invalid_choice", choices="approved, cancelled, superseded"
        )
    return alert.approved_at


def _info(
    content: AlertContent, text: AlertText, language: str, prefix: str, sender_name: str | None
) -> ET.Element:
    info = ET.Element("info")
    _sub(info, "language", language)
    _sub(info, "category", content.category.value)
    _sub(info, "event", xml_text(prefix + "headline", text.headline))
    _sub(info, "urgency", content.urgency.value)
    _sub(info, "severity", content.severity.value)
    _sub(info, "certainty", content.certainty.value)
    start = cap_time("start", content.start)
    _sub(info, "effective", start)
    _sub(info, "onset", start)
    _sub(info, "expires", cap_time("end", content.end))
    if sender_name is not None:
        _sub(info, "senderName", xml_text("sender_name", sender_name))
    _sub(info, "headline", xml_text(prefix + "headline", text.headline))
    _sub(info, "description", xml_text(prefix + "description", text.description))
    if text.instruction is not None:
        _sub(info, "instruction", xml_text(prefix + "instruction", text.instruction))
    info.append(_area(content.area))
    return info


def _area(area: Area) -> ET.Element:
    element = ET.Element("area")
    _sub(element, "areaDesc", xml_text("area", area.description))
    if area.polygon:
        points = area.polygon
        if len(points) < 4 or points[0] != points[-1]:  # noqa: PLR2004 (CAP: 4 points)
            raise ValidationError.single("polygon", "invalid_area")
        _sub(
            element, "polygon", " ".join(_pair("polygon", p.latitude, p.longitude) for p in points)
        )
    if area.circle is not None:
        circle = area.circle
        radius = circle.radius_km
        if not math.isfinite(radius) or radius < 0:
            raise ValidationError.single("circle", "out_of_range", low=0, high=5000)
        centre = _pair("circle", circle.center.latitude, circle.center.longitude)
        _sub(element, "circle", f"{centre} {_number(radius)}")
    return element


def _pair(field: str, latitude: float, longitude: float) -> str:
    """A "lat,lon" pair in WGS 84 decimal degrees."""
    if not (math.isfinite(latitude) and -90 <= latitude <= 90):  # noqa: PLR2004
        raise ValidationError.single(field, "out_of_range", low=-90, high=90)
    if not (math.isfinite(longitude) and -180 <= longitude <= 180):  # noqa: PLR2004
        raise ValidationError.single(field, "out_of_range", low=-180, high=180)
    return f"{_number(latitude)},{_number(longitude)}"


def _number(x: float) -> str:
    """A decimal without exponent: at most 6 places (about 0.1 m), trailing zeros dropped."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _sub(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text
