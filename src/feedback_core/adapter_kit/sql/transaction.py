"""The repositories of one transaction of a SQL store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from feedback_core.adapter_kit.sql.accounts import SqlAccounts, SqlCodes, SqlUnits
from feedback_core.adapter_kit.sql.alerts import SqlAlerts
from feedback_core.adapter_kit.sql.api_keys import SqlApiKeys
from feedback_core.adapter_kit.sql.audit import SqlAudit
from feedback_core.adapter_kit.sql.meta import SqlMeta
from feedback_core.adapter_kit.sql.sessions import SqlSessions

if TYPE_CHECKING:
    from feedback_core.adapter_kit.cache import VersionCache
    from feedback_core.adapter_kit.sql.alerts import AlertKey
    from feedback_core.adapter_kit.sql.dialect import Db, Dialect
    from feedback_core.adapter_kit.sql.outbox import SqlOutbox
    from feedback_core.adapter_kit.sql.reports import SqlReports
    from feedback_core.alerts.model import Alert


class SqlTransaction:
    """The shared repositories on one connection, and the dialect's own where it has one.

    A store's subclass names its dialect and its own repository classes.
    """

    dialect: ClassVar[Dialect]
    reports_class: ClassVar[type[SqlReports[Any]]]
    outbox_class: ClassVar[type[SqlOutbox[Any]]]
    codes_class: ClassVar[type[SqlCodes]] = SqlCodes

    def __init__(self, db: Db, alert_cache: VersionCache[AlertKey, Alert]) -> None:
        dialect = self.dialect
        self.accounts = SqlAccounts(db, dialect)
        self.sessions = SqlSessions(db, dialect)
        self.api_keys = SqlApiKeys(db, dialect)
        self.audit = SqlAudit(db, dialect)
        self.units = SqlUnits(db, dialect)
        self.codes = self.codes_class(db, dialect)
        self.reports = self.reports_class(db, dialect)
        self.alerts = SqlAlerts(db, dialect, alert_cache)
        self.outbox = self.outbox_class(db, dialect)
        self.meta = SqlMeta(db, dialect)
