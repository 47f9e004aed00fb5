"""What the in-memory store holds, and the base every memory repository shares."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pendulum

from feedback_core.accounts.api_keys import ApiKey
from feedback_core.accounts.audit import AuditRecord
from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.accounts.model import Account, Unit
from feedback_core.accounts.sessions import Session
from feedback_core.alerts.model import Alert
from feedback_core.events import Event
from feedback_core.reports.model import HistoryEntry, Report

if TYPE_CHECKING:
    from feedback_memory.store import UndoLog


@attrs.frozen
class DeliveryState:
    """Where one event's delivery to one destination stands."""

    due_at: pendulum.DateTime
    attempts: int = 0
    delivered_at: pendulum.DateTime | None = None
    last_error: str | None = None


@attrs.define
class Tables:
    """Everything the store holds."""

    accounts: dict[uuid.UUID, Account] = attrs.Factory(dict)
    login_ids: dict[str, uuid.UUID] = attrs.Factory(dict)
    sessions: dict[uuid.UUID, Session] = attrs.Factory(dict)
    session_hashes: dict[str, uuid.UUID] = attrs.Factory(dict)
    api_keys: dict[uuid.UUID, ApiKey] = attrs.Factory(dict)
    api_key_hashes: dict[str, uuid.UUID] = attrs.Factory(dict)
    units: dict[uuid.UUID, Unit] = attrs.Factory(dict)
    unit_codes: dict[str, uuid.UUID] = attrs.Factory(dict)
    codes: dict[tuple[uuid.UUID, CodePurpose], CodeState] = attrs.Factory(dict)
    sends: dict[str, tuple[pendulum.DateTime, ...]] = attrs.Factory(dict)
    reports: dict[uuid.UUID, Report] = attrs.Factory(dict)
    history: dict[uuid.UUID, tuple[HistoryEntry, ...]] = attrs.Factory(dict)
    alerts: dict[uuid.UUID, Alert] = attrs.Factory(dict)
    milestones: dict[tuple[uuid.UUID, str], bool] = attrs.Factory(dict)
    outbox: dict[uuid.UUID, Event] = attrs.Factory(dict)
    deliveries: dict[tuple[uuid.UUID, str], DeliveryState] = attrs.Factory(dict)
    meta: dict[str, str] = attrs.Factory(dict)
    audit: dict[uuid.UUID, AuditRecord] = attrs.Factory(dict)


class Repository:
    """Reads the tables; writes through the transaction's undo log."""

    def __init__(self, tables: Tables, log: UndoLog) -> None:
        self._t = tables
        self._log = log
