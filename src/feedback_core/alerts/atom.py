"""The alerts in force at an instant as an Atom feed (RFC 4287) that links their CAP.

Pure rendering, like `cap`: the caller passes the alerts (for example `active_alerts(at)`)
and a function that gives the URL of an alert's CAP message from its id; each entry links
that URL as ``application/cap+xml``. Only the alerts in force at ``at`` become entries,
newest approval first. Times are written like CAP's, in Vietnam time with their offset.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Final

from feedback_core.alerts.cap import CAP_MIME, cap_time, to_bytes, xml_text
from feedback_core.alerts.model import is_active

if TYPE_CHECKING:
    import datetime as dt
    import uuid
    from collections.abc import Callable, Iterable

    from feedback_core.alerts.model import Alert

ATOM_NS: Final = "http://www.w3.org/2005/Atom"
ATOM_MIME: Final = "application/atom+xml"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"


def render_feed(
    alerts: Iterable[Alert],
    *,
    at: dt.datetime,
    sender: str,
    feed_url: str,
    cap_url: Callable[[uuid.UUID], str],
    title: str = "Thông tin cảnh báo",
) -> bytes:
    """An Atom feed of the alerts in force at ``at``, each linking its CAP message.

    ``sender`` names the feed's author (the portal); ``feed_url`` is the feed's own URL,
    used as its id and ``self`` link.
    """
    in_force = sorted(
        (a for a in alerts if is_active(a, at)),
        key=lambda a: (a.approved_at or at, str(a.id)),
        reverse=True,
    )
    # Unqualified names under a literal xmlns: ElementTree's default_namespace option
    # cannot write the unqualified attributes (rel, type, href) Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "vi"})
    _sub(feed, "id", xml_text("feed_url", feed_url))
    _sub(feed, "title", xml_text("title", title))
    _sub(feed, "updated", cap_time("at", at))
    author = ET.SubElement(feed, "author")
    _sub(author, "name", xml_text("sender", sender))
    _link(feed, "self", ATOM_MIME, feed_url)
    for alert in in_force:
        feed.append(_entry(alert, alert.approved_at or at, cap_url))
    return to_bytes(feed)


def _entry(
    alert: Alert, approved_at: dt.datetime, cap_url: Callable[[uuid.UUID], str]
) -> ET.Element:
    text = alert.content.text
    approved = cap_time("approved_at", approved_at)
    entry = ET.Element("entry")
    _sub(entry, "id", f"urn:uuid:{alert.id}")
    _sub(entry, "title", xml_text("headline", text.headline))
    _sub(entry, "updated", approved)
    _sub(entry, "published", approved)
    _sub(entry, "summary", xml_text("description", text.description))
    ET.SubElement(entry, "category", {"term": alert.content.category.value})
    _link(entry, "alternate", CAP_MIME, xml_text("cap_url", cap_url(alert.id)))
    return entry


def _link(parent: ET.Element, rel: str, mime: str, href: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": mime, "href": href})


def _sub(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text
