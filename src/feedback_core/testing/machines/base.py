"""What the rule-based state machines share: a fresh World per example, actors by name.

A machine never builds its own store. Its class carries a ``world_factory`` and
`machine_test` binds one, so an adapter's test module runs every machine on its store::

    from feedback_core.testing.machines import AlertLifecycle, machine_test

    TestAlertLifecycle = machine_test(
        AlertLifecycle, lambda: World.build(MyStorage(dsn), RecordingSmsSender())
    )

The factory is called once per example and must return a world on an empty store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final, TypeVar, cast

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine

if TYPE_CHECKING:
    import unittest
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

    from feedback_core.accounts.model import Account
    from feedback_core.clock import FixedClock
    from feedback_core.errors import FeedbackError
    from feedback_core.system import FeedbackSystem
    from feedback_core.testing.world import World

__all__ = ["UNIT_ACCOUNTS", "WorldMachine", "machine_test", "refused", "some_actor"]

M = TypeVar("M", bound="WorldMachine")
# The World's officials by name; the digit is the index of their unit in `World.units`.
UNIT_ACCOUNTS: Final = ("staff0", "staff1", "approver0", "approver1")
_EVERYONE: Final = 10**6  # an outbox read that is never cut short


def some_actor(likely: tuple[str, ...], everyone: tuple[str, ...]) -> SearchStrategy[str]:
    """An actor name, half of the time one of ``likely`` (so flows get somewhere)."""
    return st.sampled_from(likely) | st.sampled_from(everyone)


def refused(call: Callable[[], object], *errors: type[FeedbackError]) -> FeedbackError:
    """Run ``call``, which must raise one of ``errors``; return the error it raised."""
    try:
        result = call()
    except errors as error:
        return error
    names = " or ".join(e.__name__ for e in errors)
    raise AssertionError(f"expected {names}, but the call returned {result!r}")


class WorldMachine(RuleBasedStateMachine):
    """A state machine over the `FeedbackSystem` of a world built fresh for each example."""

    world_factory: ClassVar[Callable[[], World]]

    def __init__(self) -> None:
        super().__init__()
        factory: Callable[[], World] | None = getattr(type(self), "world_factory", None)
        if factory is None:
            msg = f"{type(self).__name__} has no world_factory: build its test with machine_test"
            raise TypeError(msg)
        self.world = factory()
        # Accounts a machine adds to the seeded ones, by the name its rules use.
        self.named: dict[str, Account] = {}

    @property
    def system(self) -> FeedbackSystem:
        """The system under test."""
        return self.world.system

    @property
    def clock(self) -> FixedClock:
        """The world's clock; only rules move it, and only forward."""
        return self.world.clock

    def account(self, name: str) -> Account:
        """An account by name: citizen, operator, admin, staff0/1, approver0/1 or `named`."""
        if name in self.named:
            return self.named[name]
        if name[-1].isdigit():
            index = int(name[-1])
            group = self.world.staff if name.startswith("staff") else self.world.approvers
            return group[index]
        return cast("Account", getattr(self.world, name))

    @staticmethod
    def unit_of(name: str) -> int | None:
        """The index of the unit an official named ``name`` belongs to, if any."""
        return int(name[-1]) if name in UNIT_ACCOUNTS else None

    def outbox_size(self) -> int:
        """How many events wait in the outbox (rules never dispatch, so it only grows)."""
        with self.world.storage.transaction() as tx:
            return len(tx.outbox.pending(_EVERYONE))

    def refused_unchanged(
        self, call: Callable[[], object], *errors: type[FeedbackError]
    ) -> FeedbackError:
        """Like `refused`, and the call wrote no event (the models check the records)."""
        before = self.outbox_size()
        error = refused(call, *errors)
        assert before == self.outbox_size(), f"{error!r} left events behind"  # noqa: S101
        return error

    def teardown(self) -> None:
        """Release the example's store."""
        self.world.storage.close()


def machine_test(
    machine: type[M],
    world_factory: Callable[[], World],
    run_settings: settings | None = None,
) -> type[unittest.TestCase]:
    """A unittest TestCase that runs ``machine`` on worlds from ``world_factory``.

    It runs with the active Hypothesis profile, or with ``run_settings`` if given (e.g.
    ``settings(stateful_step_count=20)`` for a slow store). Assign the result to a
    ``Test...`` name in a test module so that pytest collects it.
    """
    bound = type(machine.__name__, (machine,), {"world_factory": staticmethod(world_factory)})
    case = cast("type[M]", bound).TestCase
    if run_settings is not None:
        case.settings = run_settings
    return case
