"""Tools for testing feedback-core and the systems built on it (docs/testing.md).

What a tester imports from here: `World`, a system seeded with one account of every role
in two units, and what it is built with (`cheap_hasher`, `PASSWORD`, `SECRET_KEY`,
`START`, the `RecordingSender` protocol). The rest lives in subpackages, loaded only when
imported, since they need Hypothesis or pytest:

* `feedback_core.testing.strategies`: Hypothesis strategies for phone numbers, Vietnamese
  text and the forms of registration, reports and alerts.
* `feedback_core.testing.machines`: the alert, report and activation lifecycle state
  machines (`MACHINES`, `machine_test`).
* `feedback_core.testing.contracts`: the contract suites an adapter subclasses
  (`StorageContract`, `SmsSenderContract`, `TransportContract`).
* `feedback_core.testing.pytest_plugin`: the ``feedback_world`` fixture (entry point
  ``pytest11``).
"""

from feedback_core.testing.world import (
    PASSWORD,
    SECRET_KEY,
    START,
    RecordingSender,
    World,
    cheap_hasher,
)

__all__ = ["PASSWORD", "SECRET_KEY", "START", "RecordingSender", "World", "cheap_hasher"]
