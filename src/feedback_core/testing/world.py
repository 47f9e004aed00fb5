"""A seeded system: two units, each with staff and an approver, an operator, a citizen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol

import argon2
import attrs
import pendulum

from feedback_core.accounts.model import Account, Unit
from feedback_core.accounts.passwords import Argon2Hasher
from feedback_core.clock import BUSINESS_TZ, FixedClock
from feedback_core.ports import SmsSender, Storage, Transport
from feedback_core.settings import Settings
from feedback_core.system import FeedbackSystem

if TYPE_CHECKING:
    import uuid
    from collections.abc import Mapping

    from feedback_core.outbox.model import DispatchPolicy
    from feedback_core.plugin.manager import Plugins
    from feedback_core.reports.media import ImageCleaner, MediaStore

PASSWORD: Final = "mat-khau-thu-nghiem"  # noqa: S105 - a test fixture
SECRET_KEY: Final = b"feedback-core test key, not secret"
# A Monday morning in Vietnam, away from holidays, so working-time arithmetic is plain.
START: Final = pendulum.datetime(2026, 3, 2, 9, 0, tz=BUSINESS_TZ)


def cheap_hasher() -> Argon2Hasher:
    """Real argon2id with the smallest parameters: keeps tests fast, never use in production."""
    return Argon2Hasher(argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


class RecordingSender(SmsSender, Protocol):
    """An SMS sender whose last code to a number can be read back, for tests."""

    def last_code(self, phone: str) -> str:
        """The newest 6-digit code texted to ``phone``."""
        ...


@attrs.define
class World:
    """A system and the accounts a test needs, all activated and ready to act."""

    system: FeedbackSystem
    clock: FixedClock
    storage: Storage
    admin: Account
    operator: Account
    units: tuple[Unit, Unit]
    staff: tuple[Account, Account]
    approvers: tuple[Account, Account]
    citizen: Account
    sms: RecordingSender

    @classmethod
    def build(
        cls, storage: Storage, sms: RecordingSender, settings: Settings | None = None
    ) -> World:
        """Seed ``storage`` with the accounts of every role."""
        clock = FixedClock(START)
        system = FeedbackSystem(
            storage,
            sms,
            settings or Settings(secret_key=SECRET_KEY),
            clock=clock,
            hasher=cheap_hasher(),
        )
        admin = system.bootstrap_admin("quantri", PASSWORD)
        units = (
            system.create_unit(admin.id, "sotnmt", "Sở Tài nguyên và Môi trường"),
            system.create_unit(admin.id, "sogtvt", "Sở Giao thông Vận tải"),
        )
        staff = tuple(
            system.create_official(
                admin.id,
                role="unit_staff",
                unit_code=u.code,
                username=f"{u.code}_canbo",
                password=PASSWORD,
            )
            for u in units
        )
        approvers = tuple(
            system.create_official(
                admin.id, role="unit_approver", unit_code=u.code, password=PASSWORD
            )
            for u in units
        )
        operator = system.create_official(
            admin.id, role="operator", username="tiepnhan", password=PASSWORD
        )
        citizen = register_citizen(system, sms, "0912345678")
        return cls(system, clock, storage, admin, operator, units, staff, approvers, citizen, sms)  # type: ignore[arg-type]

    def system_with(
        self,
        *,
        transports: Mapping[str, Transport] | None = None,
        plugins: Plugins | None = None,
        dispatch_policy: DispatchPolicy | None = None,
        settings: Settings | None = None,
        media: MediaStore | None = None,
        cleaner: ImageCleaner | None = None,
    ) -> FeedbackSystem:
        """Another system over the same store, clock and SMS, with transports, plugins, media."""
        return FeedbackSystem(
            self.storage,
            self.sms,
            settings or self.system.settings,
            clock=self.clock,
            hasher=cheap_hasher(),
            transports=transports,
            plugins=plugins,
            dispatch_policy=dispatch_policy,
            media=media,
            cleaner=cleaner,
        )

    def new_citizen(self, phone: str) -> Account:
        """Register and activate one more citizen."""
        return register_citizen(self.system, self.sms, phone)

    @property
    def unit_ids(self) -> tuple[uuid.UUID, uuid.UUID]:
        """The ids of the two units."""
        return (self.units[0].id, self.units[1].id)


def register_citizen(system: FeedbackSystem, sms: RecordingSender, phone: str) -> Account:
    """Register ``phone`` with the test password and activate it with the texted code."""
    account = system.register({"phone": phone, "password": PASSWORD, "full_name": "Công dân thử"})
    return system.activate(phone, sms.last_code(account.login_id))
