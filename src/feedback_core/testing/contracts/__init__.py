"""Contract test suites that every adapter of a core port runs by subclassing.

* `StorageContract` (in `storage`, its rules in `transactions`, `roundtrip`, `people`,
  `codes`, `sessions`, `api_keys`, `audit`, `reports`, `unlinking`, `alerts`, `outbox`,
  `meta` and `concurrency`): every rule of the `Storage` port. Its `lifecycle_machines()`
  also runs the three state machines on the adapter's stores.
* `SmsSenderContract` (in `senders`): every rule of the `SmsSender` port.
* `MediaStoreContract` (in `media`): every rule of the `MediaStore` port.
* `TransportContract` (in `transports`): every rule of the `Transport` port, with
  `sample_events` (one event of each shape).

A rule class has no ``Test`` prefix, so pytest collects it only through an adapter's
subclass; each test method is named for the rule it checks. Class attributes (capability
flags) turn off the rules an adapter cannot keep; docs/testing.md lists them.
"""

from feedback_core.testing.contracts.base import StorageCase
from feedback_core.testing.contracts.machines import TextedCodes, lifecycle_machines
from feedback_core.testing.contracts.media import MediaStoreContract
from feedback_core.testing.contracts.senders import SmsSenderContract
from feedback_core.testing.contracts.storage import StorageContract
from feedback_core.testing.contracts.transports import TransportContract, sample_events

__all__ = [
    "MediaStoreContract",
    "SmsSenderContract",
    "StorageCase",
    "StorageContract",
    "TextedCodes",
    "TransportContract",
    "lifecycle_machines",
    "sample_events",
]
