"""Small builders of real domain records for the storage contract.

Every instant carries microseconds and every text is Vietnamese in NFC, so a store that
rounds times or re-normalises text fails the round-trip rules, not only a dedicated test.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from feedback_core.accounts.events import AccountRegistered
from feedback_core.accounts.model import Account, AccountStatus, Profile, Role, Unit
from feedback_core.alerts.model import (
    Alert,
    AlertContent,
    AlertStatus,
    AlertText,
    Area,
    Category,
    Certainty,
    Circle,
    Point,
    Severity,
    Urgency,
)
from feedback_core.reports.model import (
    HistoryEntry,
    Location,
    Report,
    ReportAction,
    ReportDraft,
    ReportStatus,
)

if TYPE_CHECKING:
    from feedback_core.events import Event
    from feedback_core.ports import Transaction

# A Monday morning in Vietnam (09:00 +07:00), with microseconds.
T0: Final = pendulum.datetime(2026, 3, 2, 2, 0, 0, 123_456, tz="UTC")
US: Final = pendulum.duration(microseconds=1)
ACTOR: Final = uuid.UUID("0f0f0f0f-0000-4000-8000-00000000000a")


def vi(value: str) -> str:
    """Vietnamese text in NFC, the form the core stores."""
    return unicodedata.normalize("NFC", value)


def minutes(n: int) -> pendulum.DateTime:
    """``n`` minutes after T0."""
    return T0.add(minutes=n)


def account(login_id: str = "+84912345678", role: Role = Role.CITIZEN) -> Account:
    """A citizen with every profile field filled in, unless told otherwise."""
    profile = Profile(
        full_name=vi("Nguyễn Thị Hương"),
        email="huong@example.vn",
        national_id="072190001234",
        address=vi("Khu phố 3, phường 3, Tây Ninh"),
    )
    return Account(
        uuid.uuid4(),
        login_id,
        role,
        AccountStatus.ACTIVE,
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA",
        T0,
        profile,
        phone=login_id if role is Role.CITIZEN else None,
    )


def unit(code: str = "sotnmt", name: str = "Sở Tài nguyên và Môi trường") -> Unit:
    """An agency unit."""
    return Unit(uuid.uuid4(), code, vi(name), T0)


def report(
    reporter_id: uuid.UUID = ACTOR,
    submitted_at: pendulum.DateTime = T0,
    *,
    report_id: uuid.UUID | None = None,
    public: bool = True,
    units: tuple[uuid.UUID, ...] = (),
) -> Report:
    """A report with coordinates, an address and media: submitted, or assigned to ``units``."""
    draft = ReportDraft(
        title=vi("Rác thải ven kênh"),
        content=vi("Rác thải đổ bừa bãi ven kênh Tây Ninh,\nbốc mùi hôi thối."),
        category="moi_truong",
        location=Location(11.310_512_3, 106.098_765_4, vi("Kênh Tây Ninh, phường 3")),
        media=("media/2026/03/anh-1.jpg", "media/2026/03/anh-2.jpg"),
        public=public,
        urgent=False,
    )
    status = ReportStatus.ASSIGNED if units else ReportStatus.SUBMITTED
    rid = report_id or uuid.uuid4()
    return Report(rid, reporter_id, draft, status, submitted_at, units=units, max_units=len(units))


def first_entry(r: Report) -> HistoryEntry:
    """The history entry of the submission."""
    return HistoryEntry(r.id, r.submitted_at, r.reporter_id, ReportAction.SUBMIT, None, r.status)


def next_version(
    r: Report,
    status: ReportStatus,
    at: pendulum.DateTime,
    action: ReportAction = ReportAction.ACCEPT,
    units: tuple[uuid.UUID, ...] | None = None,
) -> tuple[Report, HistoryEntry]:
    """The report's next version (held by ``units`` if given) and its history entry."""
    held = r.units if units is None else units
    after = attrs.evolve(
        r, version=r.version + 1, status=status, units=held, max_units=max(r.max_units, len(held))
    )
    entry = HistoryEntry(r.id, at, ACTOR, action, r.status, status, vi("Chuyển Sở xử lý"))
    return after, entry


def alert(
    unit_id: uuid.UUID,
    start: pendulum.DateTime = T0,
    end: pendulum.DateTime | None = None,
    *,
    created_at: pendulum.DateTime = T0,
    alert_id: uuid.UUID | None = None,
) -> Alert:
    """A draft alert with English text and a polygon and circle area."""
    polygon = (Point(11.3, 106.1), Point(11.4, 106.1), Point(11.4, 106.2), Point(11.3, 106.1))
    content = AlertContent(
        text=AlertText(
            vi("Mưa lớn, nguy cơ lũ quét"),
            vi("Mưa lớn kéo dài tại huyện Tân Biên."),
            vi("Người dân không qua ngầm tràn."),
        ),
        category=Category.MET,
        severity=Severity.SEVERE,
        urgency=Urgency.EXPECTED,
        certainty=Certainty.LIKELY,
        area=Area(vi("Huyện Tân Biên"), polygon, Circle(Point(11.35, 106.15), 12.5)),
        start=start,
        end=end or start.add(hours=6),
        text_en=AlertText("Heavy rain, flash flood risk", "Prolonged heavy rain.", None),
    )
    return Alert(alert_id or uuid.uuid4(), unit_id, content, AlertStatus.DRAFT, ACTOR, created_at)


def moved(a: Alert, status: AlertStatus, at: pendulum.DateTime = T0) -> Alert:
    """The alert's next version in ``status``, with the fields that status sets."""
    after = attrs.evolve(a, version=a.version + 1, status=status)
    match status:
        case AlertStatus.PENDING:
            return attrs.evolve(after, submitted_at=at)
        case AlertStatus.DRAFT:
            return attrs.evolve(after, rejection_reason=vi("Cần bổ sung vùng ảnh hưởng"))
        case AlertStatus.APPROVED:
            return attrs.evolve(after, approved_by=ACTOR, approved_at=at)
        case AlertStatus.CANCELLED:
            return attrs.evolve(after, cancelled_by=ACTOR, cancelled_at=at)
        case AlertStatus.SUPERSEDED:
            return attrs.evolve(after, superseded_by=uuid.uuid4(), superseded_at=at)


def approve(tx: Transaction, a: Alert, at: pendulum.DateTime = T0) -> Alert:
    """Store the stored draft ``a`` submitted, then approved, at ``at``; the approved one."""
    pending = moved(a, AlertStatus.PENDING, at)
    tx.alerts.update(pending)
    done = moved(pending, AlertStatus.APPROVED, at)
    tx.alerts.update(done)
    return done


def event(at: pendulum.DateTime = T0) -> Event:
    """An event about a new account."""
    return AccountRegistered(at=at, account_id=uuid.uuid4())
