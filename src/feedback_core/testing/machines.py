"""Rule-based state machines that drive a `FeedbackSystem` and compare it with a plain model.

Each machine builds a fresh `World` per example from its class's ``world_factory``;
`machine_test` binds a factory and returns the unittest TestCase to collect. An adapter's
test module runs them all on its store::

    from feedback_core.testing import World
    from feedback_core.testing.machines import MACHINES, machine_test

    def fresh_world() -> World:
        return World.build(MyStorage(dsn), RecordingSmsSender())

    TestAlertLifecycle, TestReportLifecycle, TestActivationLifecycle = (
        machine_test(m, fresh_world) for m in MACHINES
    )
"""

from typing import Final

from feedback_core.testing.activation_machine import ActivationLifecycle
from feedback_core.testing.alert_machine import AlertLifecycle
from feedback_core.testing.report_machine import ReportLifecycle
from feedback_core.testing.stateful import WorldMachine, machine_test

MACHINES: Final = (AlertLifecycle, ReportLifecycle, ActivationLifecycle)

__all__ = [
    "MACHINES",
    "ActivationLifecycle",
    "AlertLifecycle",
    "ReportLifecycle",
    "WorldMachine",
    "machine_test",
]
