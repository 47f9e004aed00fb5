"""Contract test suites that every adapter of a core port runs by subclassing.

A rule class has no ``Test`` prefix, so pytest collects it only through an adapter's
subclass; each test method is named for the rule it checks.
"""

from feedback_core.testing.contracts.base import StorageCase
from feedback_core.testing.contracts.machines import TextedCodes, lifecycle_machines
from feedback_core.testing.contracts.storage import StorageContract

__all__ = ["StorageCase", "StorageContract", "TextedCodes", "lifecycle_machines"]
