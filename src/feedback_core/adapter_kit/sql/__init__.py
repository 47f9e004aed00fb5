"""The SQL store that feedback_sqlite and feedback_postgres both run.

Written once: the layout (`schema`), the statements and the repositories, with ``?``
placeholders. An adapter keeps only what its dialect really changes: a `Dialect` (the
placeholder, how ids bind, how a taken key shows, the lock clauses of two reads), a
`SchemaDialect` (the column types), and the repository methods its driver or its
concurrency does its own way (`SqlReports._index_and_append`, the outbox's ``add``,
``log`` and ``claim``, PostgreSQL's code-state and phone locks).
"""

from feedback_core.adapter_kit.sql.accounts import SqlAccounts, SqlCodes, SqlUnits
from feedback_core.adapter_kit.sql.alerts import AlertKey, SqlAlerts
from feedback_core.adapter_kit.sql.api_keys import SqlApiKeys
from feedback_core.adapter_kit.sql.audit import SqlAudit
from feedback_core.adapter_kit.sql.dialect import Db, Dialect, Rows
from feedback_core.adapter_kit.sql.meta import SqlMeta
from feedback_core.adapter_kit.sql.outbox import SqlOutbox, event_text, text_event
from feedback_core.adapter_kit.sql.reports import APPEND_HISTORY, UNINDEX_REPORT, SqlReports
from feedback_core.adapter_kit.sql.repository import SqlRepository
from feedback_core.adapter_kit.sql.schema import SchemaDialect, migrations
from feedback_core.adapter_kit.sql.sessions import SqlSessions
from feedback_core.adapter_kit.sql.transaction import SqlTransaction

__all__ = [
    "APPEND_HISTORY",
    "UNINDEX_REPORT",
    "AlertKey",
    "Db",
    "Dialect",
    "Rows",
    "SchemaDialect",
    "SqlAccounts",
    "SqlAlerts",
    "SqlApiKeys",
    "SqlAudit",
    "SqlCodes",
    "SqlMeta",
    "SqlOutbox",
    "SqlReports",
    "SqlRepository",
    "SqlSessions",
    "SqlTransaction",
    "SqlUnits",
    "event_text",
    "migrations",
    "text_event",
]
