"""CAP 1.2 rendering: alerts/s through `render_alert` vs the same XML built by hand with lxml.

The alerts are real: created, submitted and approved through `FeedbackSystem` on the
in-memory store (Vietnamese and English text, a polygon and a circle; every fourth one an
Update naming the alert it superseded), so both sides render what hosts will render.

Library side: `feedback_core.alerts.cap.render_alert(alert, sender=..., references=...)`,
which also checks the sender, the identifier, the polygon and every text for characters
XML cannot hold. Raw side: `lxml.etree` elements built in the same order with the same
texts (times formatted the same way), serialized with an XML declaration, no checks. Before
timing, both outputs are parsed and compared element by element, so they are the same
message. lxml is needed here only (``pip install lxml``); the core does not depend on it.

Usage: python benchmarks/cap_render.py [--quick] [--rounds N]
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Final

import pendulum
from _common import ALERT_FORM, header, parse_args, race, table
from lxml import etree

from feedback_core import AlertText
from feedback_core.alerts.cap import CAP_NS, cap_time, render_alert
from feedback_core.testing.world import World
from feedback_memory import MemoryStorage, RecordingSmsSender

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from feedback_core.alerts.model import Alert

TARGET: Final = 0.5  # library alerts/s over lxml-by-hand alerts/s
UPDATE_EVERY: Final = 4  # every fourth alert supersedes the one before
SENDER: Final = "cong1022.tayninh.gov.vn"
SENDER_NAME: Final = "UBND Phường 1, TP Tây Ninh"
Q: Final = "{" + CAP_NS + "}"
FORM: Final = {
    **ALERT_FORM,
    "circle": ((11.31, 106.12), 2.5),
    "english": AlertText(
        "Heavy rain, local flooding", "Long heavy rain; low roads may flood. " * 4, "Stay away."
    ),
}


def alerts(count: int) -> list[tuple[Alert, list[Alert]]]:
    """``count`` approved alerts with the alerts each superseded."""
    world = World.build(MemoryStorage(), RecordingSmsSender())
    staff, approver = world.staff[0].id, world.approvers[0].id
    start = world.clock.now() + dt.timedelta(hours=1)
    form = FORM | {"start": start, "end": start + dt.timedelta(hours=6)}
    made: list[tuple[Alert, list[Alert]]] = []
    for i in range(count):
        if i % UPDATE_EVERY == UPDATE_EVERY - 1:
            old = made[-1][0]
            draft = world.system.supersede_alert(staff, old.id, **form)
            refs = [old]
        else:
            draft = world.system.create_alert(staff, **form)
            refs = []
        world.system.submit_alert(staff, draft.id)
        made.append((world.system.approve_alert(approver, draft.id), refs))
        world.clock.advance(dt.timedelta(seconds=1))
    return made


def _number(x: float) -> str:
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def lxml_alert(alert: Alert, refs: Sequence[Alert]) -> bytes:
    """The same message, built by hand with lxml and no checks."""
    root = etree.Element(Q + "alert", nsmap={None: CAP_NS})
    sub = etree.SubElement
    sub(root, Q + "identifier").text = str(alert.id)
    sub(root, Q + "sender").text = SENDER
    sub(root, Q + "sent").text = cap_time("sent", alert.approved_at)  # type: ignore[arg-type]
    sub(root, Q + "status").text = "Actual"
    sub(root, Q + "msgType").text = "Update" if refs else "Alert"
    sub(root, Q + "scope").text = "Public"
    if refs:
        sub(root, Q + "references").text = " ".join(
            f"{SENDER},{r.id},{cap_time('sent', r.approved_at)}"  # type: ignore[arg-type]
            for r in refs
        )
    c = alert.content
    start, end = cap_time("start", c.start), cap_time("end", c.end)
    for language, words in (("vi-VN", c.text), ("en-US", c.text_en)):
        if words is None:
            continue
        info = sub(root, Q + "info")
        sub(info, Q + "language").text = language
        sub(info, Q + "category").text = c.category.value
        sub(info, Q + "event").text = words.headline
        sub(info, Q + "urgency").text = c.urgency.value
        sub(info, Q + "severity").text = c.severity.value
        sub(info, Q + "certainty").text = c.certainty.value
        sub(info, Q + "effective").text = start
        sub(info, Q + "onset").text = start
        sub(info, Q + "expires").text = end
        sub(info, Q + "senderName").text = SENDER_NAME
        sub(info, Q + "headline").text = words.headline
        sub(info, Q + "description").text = words.description
        if words.instruction is not None:
            sub(info, Q + "instruction").text = words.instruction
        area = sub(info, Q + "area")
        sub(area, Q + "areaDesc").text = c.area.description
        if c.area.polygon:
            sub(area, Q + "polygon").text = " ".join(
                f"{_number(p.latitude)},{_number(p.longitude)}" for p in c.area.polygon
            )
        if c.area.circle is not None:
            ce = c.area.circle
            sub(area, Q + "circle").text = (
                f"{_number(ce.center.latitude)},{_number(ce.center.longitude)} "
                f"{_number(ce.radius_km)}"
            )
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def library_alert(alert: Alert, refs: Sequence[Alert]) -> bytes:
    """The library's rendering."""
    return render_alert(alert, sender=SENDER, sender_name=SENDER_NAME, references=refs)


def shape(xml: bytes) -> list[tuple[str, str | None]]:
    """Every element's name and text, in document order."""
    return [(e.tag, e.text) for e in ET.fromstring(xml).iter()]


def batch(
    render: Callable[[Alert, Sequence[Alert]], bytes], made: list[tuple[Alert, list[Alert]]]
) -> Callable[[], None]:
    """Render every alert once."""

    def run() -> None:
        for alert, refs in made:
            render(alert, refs)

    return run


def main() -> None:
    """Print alerts/s of both sides and their ratio, measured in the same run."""
    args = parse_args(__doc__ or "", rounds=9)
    header("CAP 1.2 rendering: render_alert vs lxml by hand", args)
    made = alerts(50 if args.quick else 400)
    for alert, refs in made:
        if shape(library_alert(alert, refs)) != shape(lxml_alert(alert, refs)):
            raise SystemExit(f"the two sides differ for alert {alert.id}")
    best = race(
        {"library": batch(library_alert, made), "lxml": batch(lxml_alert, made)},
        args.rounds,
        sample=0.05 if args.quick else 0.3,
    )
    rate = {name: len(made) / seconds for name, seconds in best.items()}
    ratio = rate["library"] / rate["lxml"]
    print(
        table(
            ["side", "alerts/s", "µs/alert"],
            [[name, round(r), round(1e6 / r, 1)] for name, r in rate.items()],
        )
    )
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"library / lxml = {ratio:.2f} ({verdict} the target >= {TARGET})")
    print(f"# {len(made)} alerts, {pendulum.now('UTC').to_iso8601_string()}")


if __name__ == "__main__":
    main()
