"""The rule-based state machines: each drives a `FeedbackSystem` and checks it against a model.

`AlertLifecycle`, `ReportLifecycle`, `ActivationLifecycle` and `AccountLifecycle` (in
`alerts`, `reports`, `activation` and `accounts`) build on `WorldMachine` (in `base`),
which takes a fresh `World` per example from its class's ``world_factory``; the plain
models they compare with are in `models` and `account_model`.
`machine_test` binds a factory and returns the unittest TestCase for pytest to collect::

    from feedback_core.testing import World
    from feedback_core.testing.machines import MACHINES, machine_test

    def fresh_world() -> World:
        return World.build(MyStorage(dsn), RecordingSmsSender())

    TestAlerts, TestReports, TestActivation, TestAccounts = (
        machine_test(m, fresh_world) for m in MACHINES
    )

A storage adapter rather calls `StorageContract.lifecycle_machines()`, which runs them all
on fresh stores from its ``make_storage`` (`feedback_core.testing.contracts`).
"""

from typing import Final

from feedback_core.testing.machines.accounts import AccountLifecycle
from feedback_core.testing.machines.activation import ActivationLifecycle
from feedback_core.testing.machines.alerts import AlertLifecycle
from feedback_core.testing.machines.base import WorldMachine, machine_test
from feedback_core.testing.machines.reports import ReportLifecycle

MACHINES: Final = (AlertLifecycle, ReportLifecycle, ActivationLifecycle, AccountLifecycle)

__all__ = [
    "MACHINES",
    "AccountLifecycle",
    "ActivationLifecycle",
    "AlertLifecycle",
    "ReportLifecycle",
    "WorldMachine",
    "machine_test",
]
