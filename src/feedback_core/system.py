"""`FeedbackSystem`: the use cases, one method each, for hosts to call.

Every method is one transaction over the storage port and checks who may act. Ids may be
given as UUIDs or their text; times must be aware. Bad input raises a FeedbackError
subclass naming the field, and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import account_cases, alert_cases, fields, report_cases
from feedback_core.clock import SystemClock
from feedback_core.context import Context
from feedback_core.delivery import DispatchPolicy
from feedback_core.dispatch import dispatch_outbox
from feedback_core.paging import MAX_PAGE
from feedback_core.passwords import Argon2Hasher
from feedback_core.plugins import make_plugins

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from feedback_core.accounts import Account, Unit
    from feedback_core.alerts import Alert
    from feedback_core.dispatch import DispatchResult
    from feedback_core.events import AlertEvent, Event
    from feedback_core.paging import Page
    from feedback_core.plugins import Plugins
    from feedback_core.ports import Clock, PasswordHasher, SmsSender, Storage, Transport
    from feedback_core.report_views import PublicReport, ReportView
    from feedback_core.reports import Report
    from feedback_core.settings import Settings


DEFAULT_STORAGE = "sqlite:///feedback.db"


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
    ) -> None:
        self._transports = dict(transports or {})
        self._dispatch_policy = dispatch_policy or DispatchPolicy()
        self._ctx = Context(
            storage,
            sms,
            clock or SystemClock(),
            hasher or Argon2Hasher(),
            settings,
            destinations=tuple(self._transports),
            on_commit=plugins.event_committed if plugins else lambda _: None,
        )

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
    ) -> FeedbackSystem:
        """Build a system from adapter URLs, e.g. ``storage="sqlite:///feedback.db"``.

        Each URL's scheme picks the adapter a plugin registered for it; an unknown
        scheme or a broken plugin raises AdapterError naming it.
        """
        plugins = plugins or make_plugins()
        registry = plugins.adapters()
        # Every URL is checked before any adapter opens a file or a connection.
        make_storage = registry.storage.resolve(storage)
        make_sms = registry.sms.resolve(sms)
        makers = {url: registry.transports.resolve(url) for url in dict.fromkeys(transports)}
        return cls(
            make_storage(),
            make_sms(),
            settings,
            clock=clock,
            hasher=hasher,
            transports={url: make() for url, make in makers.items()},
            plugins=plugins,
        )

    @property
    def settings(self) -> Settings:
        """The policies in force."""
        return self._ctx.settings

    @property
    def storage(self) -> Storage:
        """The store this system runs on."""
        return self._ctx.storage

    def close(self) -> None:
        """Release the store and the transports."""
        for transport in self._transports.values():
            transport.close()
        self._ctx.storage.close()

    def dispatch(self) -> DispatchResult:
        """Deliver due outbox events to every transport; failures are retried later."""
        return dispatch_outbox(self._ctx, self._transports, self._dispatch_policy)

    # accounts -----------------------------------------------------------------------------

    def register(self, form: Mapping[str, object]) -> Account:
        """Register a citizen and text the first activation code.

        Fields: phone, password, full_name, email, national_id, address.
        """
        return account_cases.register(self._ctx, form)

    def send_activation_code(self, phone: object) -> None:
        """Text a new activation code; the previous one dies."""
        account_cases.send_activation_code(self._ctx, phone)

    def activate(self, phone: object, code: object) -> Account:
        """Activate a citizen's account with the texted code."""
        return account_cases.activate(self._ctx, phone, code)

    def login(self, login_id: object, password: object) -> Account:
        """The account for a phone number (any written form) or username and password."""
        return account_cases.login(self._ctx, login_id, password)

    def bootstrap_admin(self, username: object, password: object) -> Account:
        """Create the first administrator."""
        return account_cases.bootstrap_admin(self._ctx, username, password)

    def create_unit(self, actor: object, code: object, name: object) -> Unit:
        """An administrator adds an agency unit."""
        return account_cases.create_unit(self._ctx, actor, code, name)

    def create_official(self, actor: object, **fields: object) -> Account:
        """An administrator adds an official: role, password, unit_code, username, full_name."""
        return account_cases.create_official(self._ctx, actor, **fields)

    def units(self) -> list[Unit]:
        """Every unit, by code."""
        with self._ctx.transaction() as tx:
            return tx.units.all()

    # reports ------------------------------------------------------------------------------

    def submit_report(self, actor: object, **fields: object) -> Report:
        """A citizen sends a report.

        Fields: title, content, category, latitude/longitude and/or address, media,
        public, urgent.
        """
        return report_cases.submit(self._ctx, actor, **fields)

    def accept_report(
        self, actor: object, report_id: object, *, expected_version: object = None
    ) -> Report:
        """An operator accepts a submitted report."""
        return report_cases.accept(self._ctx, actor, report_id, expected_version)

    def refuse_report(
        self, actor: object, report_id: object, reason: object, *, expected_version: object = None
    ) -> Report:
        """An operator refuses a submitted report with a reason."""
        return report_cases.refuse(self._ctx, actor, report_id, reason, expected_version)

    def assign_report(
        self, actor: object, report_id: object, units: object, *, expected_version: object = None
    ) -> Report:
        """An operator routes an accepted report to one or more units."""
        return report_cases.assign(self._ctx, actor, report_id, units, expected_version)

    def return_report(
        self, actor: object, report_id: object, reason: object, *, expected_version: object = None
    ) -> Report:
        """A unit returns a report that is not its competence."""
        return report_cases.give_back(self._ctx, actor, report_id, reason, expected_version)

    def start_report(
        self, actor: object, report_id: object, *, expected_version: object = None
    ) -> Report:
        """A handling unit starts work on a report."""
        return report_cases.start(self._ctx, actor, report_id, expected_version)

    def resolve_report(
        self, actor: object, report_id: object, response: object, *, expected_version: object = None
    ) -> Report:
        """A handling unit answers a report."""
        return report_cases.resolve(self._ctx, actor, report_id, response, expected_version)

    def reopen_report(self, actor: object, report_id: object, reason: object) -> Report:
        """The reporter reopens a resolved report, once."""
        return report_cases.reopen(self._ctx, actor, report_id, reason)

    def rate_report(self, actor: object, report_id: object, rating: object) -> Report:
        """The reporter rates the answer 1..5, once."""
        return report_cases.rate(self._ctx, actor, report_id, rating)

    def close_report(
        self, actor: object, report_id: object, *, expected_version: object = None
    ) -> Report:
        """An operator or the reporter closes a resolved report."""
        return report_cases.close(self._ctx, actor, report_id, expected_version)

    def read_report(self, actor: object, report_id: object) -> ReportView:
        """A report with history and deadlines, for those who may see it."""
        return report_cases.read(self._ctx, actor, report_id)

    def list_reports(
        self, actor: object, *, status: object = None, after: object = None, limit: object = 50
    ) -> Page[Report]:
        """The actor's reports: own (citizen), own unit's (officials), all (operators)."""
        return report_cases.listing(self._ctx, actor, status, after, limit)

    def public_report(self, report_id: object) -> PublicReport:
        """A public report without its reporter."""
        return report_cases.read_public(self._ctx, report_id)

    def public_reports(self, *, after: object = None, limit: object = 50) -> Page[PublicReport]:
        """Public reports, newest first."""
        return report_cases.public_listing(self._ctx, after, limit)

    # alerts -------------------------------------------------------------------------------

    def create_alert(self, actor: object, **fields: object) -> Alert:
        """A unit member drafts an alert for their unit.

        Fields: headline, description, instruction, category, severity, urgency, certainty,
        area, polygon, circle, start, end, english.
        """
        return alert_cases.create(self._ctx, actor, **fields)

    def edit_alert(
        self, actor: object, alert_id: object, *, expected_version: object = None, **fields: object
    ) -> Alert:
        """Rewrite a draft alert."""
        return alert_cases.edit(self._ctx, actor, alert_id, expected_version, **fields)

    def supersede_alert(self, actor: object, alert_id: object, **fields: object) -> Alert:
        """Draft a replacement for an approved alert."""
        return alert_cases.supersede(self._ctx, actor, alert_id, **fields)

    def submit_alert(
        self, actor: object, alert_id: object, *, expected_version: object = None
    ) -> Alert:
        """Send a draft to the unit leader."""
        return alert_cases.submit(self._ctx, actor, alert_id, expected_version)

    def approve_alert(
        self, actor: object, alert_id: object, *, expected_version: object = None
    ) -> Alert:
        """The unit leader approves a pending alert."""
        return alert_cases.approve(self._ctx, actor, alert_id, expected_version)

    def reject_alert(
        self, actor: object, alert_id: object, reason: object, *, expected_version: object = None
    ) -> Alert:
        """The unit leader rejects a pending alert with a reason."""
        return alert_cases.reject(self._ctx, actor, alert_id, reason, expected_version)

    def cancel_alert(
        self, actor: object, alert_id: object, *, expected_version: object = None
    ) -> Alert:
        """The unit leader withdraws an approved alert."""
        return alert_cases.cancel(self._ctx, actor, alert_id, expected_version)

    def get_alert(self, alert_id: object, *, actor: object = None) -> Alert:
        """An alert: approved ones for anyone, drafts for their unit."""
        return alert_cases.get(self._ctx, alert_id, actor)

    def list_alerts(
        self, actor: object, *, status: object = None, after: object = None, limit: object = 50
    ) -> Page[Alert]:
        """The alerts of the actor's unit, newest first."""
        return alert_cases.listing(self._ctx, actor, status, after, limit)

    def active_alerts(self, at: object = None) -> list[Alert]:
        """Alerts in force at ``at`` (default: now)."""
        return alert_cases.active(self._ctx, at)

    def tick(self, now: object = None) -> list[AlertEvent]:
        """Emit the activations and expiries due by ``now``, each exactly once."""
        return alert_cases.tick(self._ctx, now)

    def pending_events(self, limit: int = 100) -> list[Event]:
        """Events not yet delivered to every transport, oldest first."""
        size = fields.integer("limit", limit, low=1, high=MAX_PAGE)
        with self._ctx.transaction() as tx:
            return tx.outbox.pending(size)

    def events(self, *, after: int = 0, limit: int = 100) -> list[tuple[int, Event]]:
        """The event log, in order, with positions: read on with ``after=`` the last one.

        Positions are opaque increasing ints, not consecutive; PostgreSQL's exceed 2**63.
        """
        start = fields.integer("after", after, low=0, high=2**127 - 1)
        size = fields.integer("limit", limit, low=1, high=MAX_PAGE)
        with self._ctx.transaction() as tx:
            return tx.outbox.log(start, size)
