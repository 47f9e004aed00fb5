"""`StorageContract`: every rule of the `Storage` port, for an adapter's tests to inherit."""

from __future__ import annotations

from feedback_core.testing.contracts.alerts import AlertRules, MilestoneRules
from feedback_core.testing.contracts.api_keys import ApiKeyRules
from feedback_core.testing.contracts.audit import AuditRules
from feedback_core.testing.contracts.codes import CodeRules
from feedback_core.testing.contracts.concurrency import ConcurrencyRules
from feedback_core.testing.contracts.meta import MetaRules
from feedback_core.testing.contracts.outbox import OutboxRules
from feedback_core.testing.contracts.people import AccountRules, UnitRules
from feedback_core.testing.contracts.reports import ReportRules
from feedback_core.testing.contracts.roundtrip import RoundTripRules
from feedback_core.testing.contracts.sessions import SessionRules
from feedback_core.testing.contracts.transactions import TransactionRules
from feedback_core.testing.contracts.unlinking import UnlinkRules


class StorageContract(
    TransactionRules,
    RoundTripRules,
    AccountRules,
    SessionRules,
    ApiKeyRules,
    AuditRules,
    UnitRules,
    CodeRules,
    ReportRules,
    UnlinkRules,
    AlertRules,
    MilestoneRules,
    OutboxRules,
    MetaRules,
    ConcurrencyRules,
):
    """The storage contract: an adapter's test module subclasses it and opens its store.

    For example::

        from feedback_core.testing.contracts import StorageContract
        from feedback_sqlite import SqliteStorage


        class TestSqliteStorage(StorageContract):
            durable = True
            supports_concurrent_processes = True

            def make_storage(self, directory):
                return SqliteStorage(directory / "feedback.db")


        TestSqliteMachines = TestSqliteStorage.lifecycle_machines()

    Capability flags (class attributes) say which rules apply: `durable`,
    `supports_concurrent_threads`, `supports_concurrent_processes`; a rule that does not
    apply is skipped with the flag's name.
    """


def _hidden_rules(contract: type) -> list[str]:
    """Rules that a same-named rule of another rules class hides from the contract."""
    return sorted(
        f"{base.__name__}.{name}"
        for base in contract.__mro__
        for name, rule in vars(base).items()
        if name.startswith("test") and getattr(contract, name) is not rule
    )


# Two rules classes with a test of the same name would silently drop one of the tests.
if _hidden := _hidden_rules(StorageContract):
    raise TypeError(f"rules hidden by a same-named rule: {', '.join(_hidden)}")
