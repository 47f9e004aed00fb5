"""The base of every storage rule class: the adapter's hook, its capability flags, fixtures."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import pytest

from feedback_core.testing.contracts.machines import lifecycle_machines

if TYPE_CHECKING:
    import unittest
    from collections.abc import Iterator
    from pathlib import Path

    from hypothesis import settings

    from feedback_core.ports import Storage


class StorageCase:
    """What an adapter's test class provides, and what the rules get from it.

    The one hook is `make_storage`; the `storage` fixture opens it on the test's
    ``tmp_path`` and closes it afterwards. A store that needs fixtures of its own may
    override `storage` instead, but the paging properties (a fresh store per example),
    the concurrency, durability and state-machine rules still open stores through
    `make_storage`.
    """

    # Several processes may open the same store at once (a file or a server); the
    # counting and claiming rules are then also run across processes.
    supports_concurrent_processes: ClassVar[bool] = False
    # Threads of one process may share one store object.
    supports_concurrent_threads: ClassVar[bool] = True
    # What was committed is still there after the store is closed and opened again.
    durable: ClassVar[bool] = False

    def make_storage(self, directory: Path) -> Storage:
        """Open the adapter's store kept in ``directory`` (which exists): empty when new.

        Opening the same directory again must reach the same data when `durable` is set
        and, with `supports_concurrent_processes`, from another process at the same time.
        """
        msg = f"{type(self).__name__} must define make_storage(directory)"
        raise NotImplementedError(msg)

    @pytest.fixture
    def storage(self, tmp_path: Path) -> Iterator[Storage]:
        """An empty store of the adapter under test, closed after the test."""
        store = self.make_storage(tmp_path)
        yield store
        store.close()

    @classmethod
    def lifecycle_machines(cls, run_settings: settings | None = None) -> type[unittest.TestCase]:
        """A TestCase running every lifecycle state machine on this adapter's stores.

        Each example gets a fresh store in a new directory under one temporary root. Assign
        the result to a ``Test...`` name beside the contract class::

            TestSqliteMachines = TestSqliteStorage.lifecycle_machines()
        """
        return lifecycle_machines(cls().make_storage, run_settings, name=f"{cls.__name__}Machines")


def exactly(value: object) -> tuple[object, str]:
    """A value with its repr: equal only if types, enum members and time zones are too.

    attrs equality alone would let a plain string pass for a StrEnum member, a list for
    a tuple never (that one is caught), and any aware datetime for a pendulum UTC one.
    """
    return value, repr(value)


def skip_unless(flag: bool, why: str) -> None:  # noqa: FBT001 - reads as a guard
    """Skip the running rule when the adapter does not claim the capability."""
    if not flag:
        pytest.skip(why)
