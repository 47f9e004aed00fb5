"""`FeedbackSystem`: the use cases, one method each, for hosts to call.

Every method is one transaction over the storage port and checks who may act. A record
may be named by its id, the id's text or the record itself (an `Account` wherever an actor
is asked for); times are aware datetimes or ISO 8601 text with an offset. The types say
what each parameter takes; every value is checked again at run time, and bad input raises
a FeedbackError subclass naming the field, and changes nothing.
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import quote, unquote, urlsplit

import attrs

from feedback_core.accounts import cases as accounts
from feedback_core.accounts import keys
from feedback_core.accounts.passwords import Argon2Hasher
from feedback_core.alerts import cases as alerts
from feedback_core.clock import SystemClock
from feedback_core.errors import AdapterError
from feedback_core.outbox import cases as outbox
from feedback_core.outbox.notices import SMS_NOTICES, SmsNotifier
from feedback_core.plugin.manager import make_plugins
from feedback_core.privacy import cases as privacy
from feedback_core.reports import cases as reports
from feedback_core.reports import media_cases as media
from feedback_core.work import Context

if TYPE_CHECKING:
    import datetime as dt
    import uuid
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import BinaryIO, TypeAlias, Unpack

    from feedback_core.accounts.api_keys import ApiKey
    from feedback_core.accounts.audit import AuditRecord
    from feedback_core.accounts.cases import NewApiKey, OpenedSession
    from feedback_core.accounts.input import OfficialForm, RegistrationForm
    from feedback_core.accounts.model import Account, Role, Unit
    from feedback_core.accounts.sessions import Session
    from feedback_core.alerts.events import AlertEvent
    from feedback_core.alerts.input import AlertForm
    from feedback_core.alerts.model import Alert, AlertStatus
    from feedback_core.events import Event
    from feedback_core.messages import Language
    from feedback_core.outbox.cases import DispatchResult
    from feedback_core.outbox.model import DispatchPolicy
    from feedback_core.paging import Cursor, Page
    from feedback_core.plugin.manager import Plugins
    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.ports import Clock, PasswordHasher, SmsSender, Storage, Transport
    from feedback_core.reports.input import ReportForm
    from feedback_core.reports.media import ImageCleaner, MediaContent, MediaItem, MediaStore
    from feedback_core.reports.model import Report, ReportStatus
    from feedback_core.reports.views import PublicReport, ReportView
    from feedback_core.settings import Settings

    # What each parameter takes: a record, its id, or the id's text.
    ActorRef: TypeAlias = Account | uuid.UUID | str
    ReportRef: TypeAlias = Report | uuid.UUID | str
    AlertRef: TypeAlias = Alert | uuid.UUID | str
    UnitRef: TypeAlias = Unit | uuid.UUID | str
    Instant: TypeAlias = dt.datetime | str  # aware, or ISO 8601 text with its offset
    After: TypeAlias = Cursor | str | None  # a page's `next`, or its token


DEFAULT_STORAGE = "sqlite:///feedback.db"
DEFAULT_CLEANER = "pillow:"
log = logging.getLogger(__name__)


class FeedbackSystem:
    """The engine behind a citizen-feedback portal."""

    def __init__(
        self,
        storage: Storage,
        sms: SmsSender,
        settings: Settings,
        *,
        clock: Clock | None = None,
        hasher: PasswordHasher | None = None,
        transports: Mapping[str, Transport] | None = None,
        plugins: Plugins | None = None,
        dispatch_policy: DispatchPolicy | None = None,
        media: MediaStore | None = None,
        cleaner: ImageCleaner | None = None,
    ) -> None:
        if dispatch_policy is not None:  # kept for callers from before Settings.dispatch
            settings = attrs.evolve(settings, dispatch=dispatch_policy)
        self._ctx = Context(
            storage,
            sms,
            clock or SystemClock(),
            hasher or Argon2Hasher(),
            settings,
            transports=dict(transports or {}),
            notifiers={SMS_NOTICES: SmsNotifier(storage, sms)} if settings.sms_notices else {},
            media=media,
            cleaner=cleaner,
        )
        if plugins is not None:
            self._ctx.on_commit = plugins.event_committed
        keys.check_secret_key(self._ctx)

    @classmethod
    def from_urls(
        cls,
        settings: Settings,
        *,
        storage: str = DEFAULT_STORAGE,
        sms: str = "console:",
        transports: Sequence[str] = (),
        plugins: Plugins | None = None,
        clock: Clock | None = None,
        hasher: PasswordHasher | None = None,
        create: bool = True,
        media: str | None = None,
        cleaner: str = DEFAULT_CLEANER,
    ) -> FeedbackSystem:
        """Build a system from adapter URLs, e.g. ``storage="sqlite:///feedback.db"``.

        Each URL's scheme picks the adapter a plugin registered for it; an unknown
        scheme or a broken plugin raises AdapterError naming it. ``create=False`` opens
        an existing store only: a missing one raises StorageFault (``storage_missing``)
        and nothing is created. The store must have been set up with ``settings``'
        secret key (KeyMismatch otherwise; see `check_secret_key`).

        ``media`` names the store of reports' photos and videos (``fs:///var/lib/media``,
        ``memory:``, or a plugin's scheme); photos are cleaned by ``cleaner`` (``pillow:``,
        extra ``[media]``). Left out, it is a folder beside a SQLite store's file
        (``feedback.db`` keeps its media in ``feedback-media/``), ``memory:`` for a memory
        store, and none for other stores; a default whose cleaner is not installed is
        left off (media use cases then raise AdapterError ``media_off``).
        """
        plugins = plugins or make_plugins()
        registry = plugins.adapters()
        # Every URL is checked before any adapter opens a file or a connection.
        make_storage = registry.storage.open(storage, create=create)
        make_sms = registry.sms.resolve(sms)
        makers = {url: registry.transports.resolve(url) for url in dict.fromkeys(transports)}
        make_media = _media_makers(registry, media, storage, cleaner)
        # The store first: a missing one stops everything before another adapter makes files.
        store = make_storage()
        made: dict[str, Transport] = {}
        media_store: MediaStore | None = None
        try:
            for url, make in makers.items():
                made[url] = make()
            media_store = make_media[0]() if make_media else None
            return cls(
                store,
                make_sms(),
                settings,
                clock=clock,
                hasher=hasher,
                transports=made,
                plugins=plugins,
                media=media_store,
                cleaner=make_media[1]() if make_media else None,
            )
        except BaseException:  # a refused key or a broken adapter: release what was opened
            for transport in made.values():
                transport.close()
            if media_store is not None:
                media_store.close()
            store.close()
            raise

    @property
    def settings(self) -> Settings:
        """The policies in force."""
        return self._ctx.settings

    @property
    def clock(self) -> Clock:
        """Where this system's "now" comes from (hosts read it for default time ranges)."""
        return self._ctx.clock

    @property
    def storage(self) -> Storage:
        """The store this system runs on."""
        return self._ctx.storage

    def close(self) -> None:
        """Release the store and the transports."""
        for transport in self._ctx.transports.values():
            transport.close()
        if self._ctx.media is not None:
            self._ctx.media.close()
        self._ctx.storage.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def dispatch(self) -> DispatchResult:
        """Deliver due outbox events to every transport; failures are retried later."""
        return outbox.dispatch(self._ctx)

    # accounts -----------------------------------------------------------------------------

    def register(self, form: RegistrationForm | Mapping[str, object]) -> Account:
        """Register a citizen and text the first activation code.

        Fields: phone, password, full_name, email, national_id, address, and language
        ("vi" unless given: the language of the texts the citizen gets).
        """
        return accounts.register(self._ctx, form)

    def send_activation_code(self, phone: str) -> None:
        """Text a new activation code; the previous one dies."""
        accounts.send_activation_code(self._ctx, phone)

    def activate(self, phone: str, code: str) -> Account:
        """Activate a citizen's account with the texted code."""
        return accounts.activate(self._ctx, phone, code)

    def set_preferences(
        self,
        actor: ActorRef,
        *,
        language: Language | str | None = None,
        notices: bool | None = None,
    ) -> Account:
        """Choose one's language and whether one is told when one's reports move."""
        return accounts.set_preferences(self._ctx, actor, language=language, notices=notices)

    def login(self, login_id: str, password: str) -> Account:
        """The account for a phone number (any written form) or username and password."""
        return accounts.login(self._ctx, login_id, password)

    def open_session(self, login_id: str, password: str, label: str | None = None) -> OpenedSession:
        """Log in and open a session: its bearer token (shown once), session and account."""
        return accounts.open_session(self._ctx, login_id, password, label)

    def session_account(self, token: str) -> Account:
        """The account a bearer token acts for; SessionEnded when it names no live session."""
        return accounts.session_account(self._ctx, token)

    def end_session(self, token: str) -> None:
        """Log out: the token's session ends."""
        accounts.end_session(self._ctx, token)

    def sessions(self, actor: ActorRef) -> list[Session]:
        """The actor's live sessions, newest first."""
        return accounts.sessions(self._ctx, actor)

    def end_sessions(
        self, actor: ActorRef, session: Session | uuid.UUID | str | None = None
    ) -> int:
        """End one of the actor's sessions, or all of them; how many ended."""
        return accounts.end_sessions(self._ctx, actor, session)

    def request_password_reset(self, phone: str) -> None:
        """Text a reset code if the number is an active citizen's; the same answer if not."""
        accounts.request_password_reset(self._ctx, phone)

    def reset_password(self, phone: str, code: str, new_password: str) -> Account:
        """Set a new password with the texted reset code; every session ends."""
        return accounts.reset_password(self._ctx, phone, code, new_password)

    def change_password(
        self,
        actor: ActorRef,
        current_password: str,
        new_password: str,
        keep_session: Session | uuid.UUID | str | None = None,
    ) -> Account:
        """Change one's password (the current one required); other sessions end."""
        return accounts.change_password(
            self._ctx, actor, current_password, new_password, keep_session
        )

    def request_phone_change(self, actor: ActorRef, new_phone: str, password: str) -> None:
        """Text a code to the new number; nothing changes until it comes back."""
        accounts.request_phone_change(self._ctx, actor, new_phone, password)

    def confirm_phone_change(self, actor: ActorRef, code: str) -> Account:
        """The code from the new number makes it the login ID; the old number is told."""
        return accounts.confirm_phone_change(self._ctx, actor, code)

    def update_profile(self, actor: ActorRef, form: Mapping[str, object]) -> Account:
        """Correct full_name, email, national_id or address (None clears an optional one)."""
        return accounts.update_profile(self._ctx, actor, form)

    def export_personal_data(self, actor: ActorRef) -> dict[str, Any]:
        """Everything stored about the citizen acting, as a JSON-ready document."""
        return privacy.export_personal_data(self._ctx, actor)

    def delete_account(self, actor: ActorRef, password: str) -> None:
        """The citizen leaves: personal data erased, reports kept but unlinked."""
        privacy.delete_account(self._ctx, actor, password)

    def find_account(self, actor: ActorRef, login_id: str) -> Account:
        """An administrator looks an account up by login ID (a phone in any written form)."""
        return accounts.find_account(self._ctx, actor, login_id)

    def disable_account(self, actor: ActorRef, account: ActorRef) -> Account:
        """An administrator disables an account: no login, its sessions end at once."""
        return accounts.disable_account(self._ctx, actor, account)

    def enable_account(self, actor: ActorRef, account: ActorRef) -> Account:
        """An administrator enables a disabled account again."""
        return accounts.enable_account(self._ctx, actor, account)

    def set_official_password(
        self, actor: ActorRef, account: ActorRef, new_password: str
    ) -> Account:
        """An administrator sets an official's password; its sessions end."""
        return accounts.set_official_password(self._ctx, actor, account, new_password)

    def move_official(self, actor: ActorRef, account: ActorRef, unit_code: str) -> Account:
        """An administrator moves a unit's staff member to another unit."""
        return accounts.move_official(self._ctx, actor, account, unit_code)

    def change_role(
        self, actor: ActorRef, account: ActorRef, role: Role | str, unit_code: str | None = None
    ) -> Account:
        """An administrator gives an official another role (a unit role needs a unit)."""
        return accounts.change_role(self._ctx, actor, account, role, unit_code)

    def audit_trail(
        self, actor: ActorRef, after: Cursor | str | None = None, limit: int = 50
    ) -> Page[AuditRecord]:
        """The audit trail, newest first, page by page (administrators)."""
        return accounts.audit_trail(self._ctx, actor, after, limit)

    def create_api_key(self, actor: ActorRef, label: str) -> NewApiKey:
        """An administrator makes an application's Open311 key: shown once, then only its hash."""
        return accounts.create_api_key(self._ctx, actor, label)

    def api_keys(self, actor: ActorRef) -> list[ApiKey]:
        """Every API key, revoked ones too, newest first (administrators)."""
        return accounts.api_keys(self._ctx, actor)

    def revoke_api_key(self, actor: ActorRef, key_id: ApiKey | uuid.UUID | str) -> ApiKey:
        """An administrator stops an API key at once."""
        return accounts.revoke_api_key(self._ctx, actor, key_id)

    def api_key_client(self, key: str) -> ApiKey:
        """The live API key ``key`` is; InvalidCredentials when it is none."""
        return accounts.api_key_client(self._ctx, key)

    def bootstrap_admin(self, username: str, password: str) -> Account:
        """Create the first administrator."""
        return accounts.bootstrap_admin(self._ctx, username, password)

    def create_unit(self, actor: ActorRef, code: str, name: str) -> Unit:
        """An administrator adds an agency unit."""
        return accounts.create_unit(self._ctx, actor, code, name)

    def create_official(self, actor: ActorRef, **fields: Unpack[OfficialForm]) -> Account:
        """An administrator adds an official: role, password, unit_code, username, full_name."""
        return accounts.create_official(self._ctx, actor, **fields)

    def units(self) -> list[Unit]:
        """Every unit, by code."""
        return accounts.units(self._ctx)

    # reports ------------------------------------------------------------------------------

    def submit_report(self, actor: ActorRef, **fields: Unpack[ReportForm]) -> Report:
        """A citizen sends a report.

        Fields: title, content, category, latitude/longitude and/or address, media,
        public, urgent.
        """
        return reports.submit_report(self._ctx, actor, **fields)

    def accept_report(
        self, actor: ActorRef, report_id: ReportRef, *, expected_version: int | None = None
    ) -> Report:
        """An operator accepts a submitted report."""
        return reports.accept_report(self._ctx, actor, report_id, expected_version)

    def refuse_report(
        self,
        actor: ActorRef,
        report_id: ReportRef,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> Report:
        """An operator refuses a submitted report with a reason."""
        return reports.refuse_report(self._ctx, actor, report_id, reason, expected_version)

    def assign_report(
        self,
        actor: ActorRef,
        report_id: ReportRef,
        units: Iterable[UnitRef],
        *,
        expected_version: int | None = None,
    ) -> Report:
        """An operator routes an accepted report to one or more units, by id or by code."""
        return reports.assign_report(self._ctx, actor, report_id, units, expected_version)

    def return_report(
        self,
        actor: ActorRef,
        report_id: ReportRef,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> Report:
        """A unit returns a report that is not its competence."""
        return reports.return_report(self._ctx, actor, report_id, reason, expected_version)

    def start_report(
        self, actor: ActorRef, report_id: ReportRef, *, expected_version: int | None = None
    ) -> Report:
        """A handling unit starts work on a report."""
        return reports.start_report(self._ctx, actor, report_id, expected_version)

    def resolve_report(
        self,
        actor: ActorRef,
        report_id: ReportRef,
        response: str,
        *,
        expected_version: int | None = None,
    ) -> Report:
        """A handling unit answers a report."""
        return reports.resolve_report(self._ctx, actor, report_id, response, expected_version)

    def reopen_report(self, actor: ActorRef, report_id: ReportRef, reason: str) -> Report:
        """The reporter reopens a resolved report, once."""
        return reports.reopen_report(self._ctx, actor, report_id, reason)

    def rate_report(self, actor: ActorRef, report_id: ReportRef, rating: int) -> Report:
        """The reporter rates the answer 1..5, once."""
        return reports.rate_report(self._ctx, actor, report_id, rating)

    def close_report(
        self, actor: ActorRef, report_id: ReportRef, *, expected_version: int | None = None
    ) -> Report:
        """An operator or the reporter closes a resolved report."""
        return reports.close_report(self._ctx, actor, report_id, expected_version)

    def read_report(self, actor: ActorRef, report_id: ReportRef) -> ReportView:
        """A report with history and deadlines, for those who may see it."""
        return reports.read_report(self._ctx, actor, report_id)

    def list_reports(
        self,
        actor: ActorRef,
        *,
        status: ReportStatus | str | None = None,
        after: After = None,
        limit: int = 50,
    ) -> Page[Report]:
        """The actor's reports: own (citizen), own unit's (officials), all (operators)."""
        return reports.list_reports(self._ctx, actor, status, after, limit)

    def public_report(self, report_id: ReportRef) -> PublicReport:
        """A public report without its reporter."""
        return reports.public_report(self._ctx, report_id)

    def public_reports(self, *, after: After = None, limit: int = 50) -> Page[PublicReport]:
        """Public reports, newest first."""
        return reports.public_reports(self._ctx, after, limit)

    # reports' photos and videos -----------------------------------------------------------

    def attach_media(
        self,
        actor: ActorRef,
        report_id: ReportRef,
        chunks: Iterable[bytes] | BinaryIO,
        *,
        content_type: str | None = None,
        filename: str | None = None,
    ) -> MediaItem:
        """The reporter attaches a photo or video to their open report, streamed in chunks.

        The kind is read from the bytes; ``content_type`` and ``filename`` are claims that
        must agree with them. Photos are stored re-encoded without metadata.
        """
        return media.attach_media(self._ctx, actor, report_id, chunks, content_type, filename)

    def list_media(self, actor: ActorRef, report_id: ReportRef) -> list[MediaItem]:
        """A report's photos and videos, oldest first, for those who may read the report."""
        return media.list_media(self._ctx, actor, report_id)

    def report_media(
        self, actor: ActorRef, report_id: ReportRef, media_id: uuid.UUID | str
    ) -> MediaContent:
        """One photo or video with its bytes, for those who may read the report."""
        return media.report_media(self._ctx, actor, report_id, media_id)

    def public_list_media(self, report_id: ReportRef) -> list[MediaItem]:
        """A public report's photos and videos, oldest first."""
        return media.public_list_media(self._ctx, report_id)

    def public_first_media(self, report_ids: Iterable[ReportRef]) -> dict[uuid.UUID, MediaItem]:
        """The first photo or video of each public report that has one."""
        return media.public_first_media(self._ctx, report_ids)

    def public_report_media(self, report_id: ReportRef, media_id: uuid.UUID | str) -> MediaContent:
        """One photo or video of a public report, with its bytes."""
        return media.public_report_media(self._ctx, report_id, media_id)

    # alerts -------------------------------------------------------------------------------

    def create_alert(self, actor: ActorRef, **fields: Unpack[AlertForm]) -> Alert:
        """A unit member drafts an alert for their unit.

        Fields: headline, description, instruction, category, severity, urgency, certainty,
        area, polygon, circle, start, end, english.
        """
        return alerts.create_alert(self._ctx, actor, **fields)

    def edit_alert(
        self,
        actor: ActorRef,
        alert_id: AlertRef,
        *,
        expected_version: int | None = None,
        **fields: Unpack[AlertForm],
    ) -> Alert:
        """Rewrite a draft alert."""
        return alerts.edit_alert(self._ctx, actor, alert_id, expected_version, **fields)

    def supersede_alert(
        self, actor: ActorRef, alert_id: AlertRef, **fields: Unpack[AlertForm]
    ) -> Alert:
        """Draft a replacement for an approved alert."""
        return alerts.supersede_alert(self._ctx, actor, alert_id, **fields)

    def submit_alert(
        self, actor: ActorRef, alert_id: AlertRef, *, expected_version: int | None = None
    ) -> Alert:
        """Send a draft to the unit leader."""
        return alerts.submit_alert(self._ctx, actor, alert_id, expected_version)

    def approve_alert(
        self, actor: ActorRef, alert_id: AlertRef, *, expected_version: int | None = None
    ) -> Alert:
        """The unit leader approves a pending alert."""
        return alerts.approve_alert(self._ctx, actor, alert_id, expected_version)

    def reject_alert(
        self,
        actor: ActorRef,
        alert_id: AlertRef,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> Alert:
        """The unit leader rejects a pending alert with a reason."""
        return alerts.reject_alert(self._ctx, actor, alert_id, reason, expected_version)

    def cancel_alert(
        self, actor: ActorRef, alert_id: AlertRef, *, expected_version: int | None = None
    ) -> Alert:
        """The unit leader withdraws an approved alert."""
        return alerts.cancel_alert(self._ctx, actor, alert_id, expected_version)

    def get_alert(self, alert_id: AlertRef, *, actor: ActorRef | None = None) -> Alert:
        """An alert: approved ones for anyone, drafts for their unit."""
        return alerts.get_alert(self._ctx, alert_id, actor)

    def list_alerts(
        self,
        actor: ActorRef,
        *,
        status: AlertStatus | str | None = None,
        after: After = None,
        limit: int = 50,
    ) -> Page[Alert]:
        """The alerts of the actor's unit, newest first."""
        return alerts.list_alerts(self._ctx, actor, status, after, limit)

    def active_alerts(self, at: Instant | None = None) -> list[Alert]:
        """Alerts in force at ``at`` (default: now)."""
        return alerts.active_alerts(self._ctx, at)

    def tick(self, now: Instant | None = None) -> list[AlertEvent]:
        """Emit the activations and expiries due by ``now``, each exactly once.

        ``now`` may lie in the past (catching up) but not later than the clock's now.
        """
        return alerts.tick(self._ctx, now)

    def pending_events(self, limit: int = 100) -> list[Event]:
        """Events not yet delivered to every transport, oldest first."""
        return outbox.pending_events(self._ctx, limit)

    def events(self, *, after: int = 0, limit: int = 100) -> list[tuple[int, Event]]:
        """The event log, in order, with positions: read on with ``after=`` the last one.

        Positions are opaque increasing ints, not consecutive; PostgreSQL's exceed 2**63.
        """
        return outbox.events(self._ctx, after, limit)


def default_media(storage: str) -> str | None:
    """The media store a store keeps beside it: a folder by a SQLite file, memory by memory."""
    parts = urlsplit(storage)
    if parts.scheme == "memory":
        return "memory:"
    path = unquote(parts.path.removeprefix("/"))
    beside_a_file = parts.netloc in {"", "localhost"} and path not in {"", ":memory:"}
    if parts.scheme != "sqlite" or not beside_a_file:
        return None
    folder = PurePath(path).with_suffix("")
    return "fs:" + quote(str(folder.with_name(folder.name + "-media")))


def _media_makers(
    registry: AdapterRegistry, url: str | None, storage: str, cleaner: str
) -> tuple[Callable[[], MediaStore], Callable[[], ImageCleaner]] | None:
    """What makes the media store and its cleaner; None when there is to be no media."""
    named = url is not None
    url = url if named else default_media(storage)
    if url is None:
        return None
    if named:
        return registry.media.resolve(url), registry.cleaners.resolve(cleaner)
    try:  # a default media store goes only where its adapter is and photos can be cleaned
        make_store, make_cleaner = registry.media.resolve(url), registry.cleaners.resolve(cleaner)
        make_cleaner()
    except AdapterError as error:
        log.info("no media store: %s", error)
        return None
    return make_store, make_cleaner
