"""The lifecycle state machines bound to any adapter: one TestCase, a fresh store per example."""

from __future__ import annotations

import re
import tempfile
import unittest
from pathlib import Path
from typing import TYPE_CHECKING, Final

from feedback_core.testing.machines import MACHINES, machine_test
from feedback_core.testing.world import World

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis import settings

    from feedback_core.ports import Storage

_CODE: Final = re.compile(r"\b(\d{6})\b")


class TextedCodes:
    """An SMS sender that keeps the texts, so a World can read activation codes back."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        """Keep the text."""
        self.texts.append((phone, text))

    def last_code(self, phone: str) -> str:
        """The 6-digit code in the newest text to ``phone``."""
        for to, text in reversed(self.texts):
            found = _CODE.search(text)
            if to == phone and found:
                return found.group(1)
        raise LookupError(phone)


class _Directories:
    """A new directory per example, under one temporary root per test run."""

    def __init__(self) -> None:
        self._root: tempfile.TemporaryDirectory[str] | None = None
        self._count = 0

    def open(self) -> None:
        self._root = tempfile.TemporaryDirectory(prefix="feedback-machines-")

    def close(self) -> None:
        if self._root is not None:
            self._root.cleanup()
            self._root = None

    def fresh(self) -> Path:
        if self._root is None:
            msg = "the machines' temporary root is opened by the TestCase's setUp"
            raise RuntimeError(msg)
        self._count += 1
        directory = Path(self._root.name) / f"world-{self._count}"
        directory.mkdir()
        return directory


def lifecycle_machines(
    make_storage: Callable[[Path], Storage],
    run_settings: settings | None = None,
    name: str = "StorageMachines",
) -> type[unittest.TestCase]:
    """A TestCase with one test per lifecycle machine, each example on a fresh store."""
    directories = _Directories()

    def fresh_world() -> World:
        return World.build(make_storage(directories.fresh()), TextedCodes())

    def setUp(case: unittest.TestCase) -> None:
        directories.open()
        case.addCleanup(directories.close)

    body: dict[str, object] = {"setUp": setUp, "__doc__": lifecycle_machines.__doc__}
    for machine in MACHINES:
        body[_test_name(machine.__name__)] = _runner(
            machine_test(machine, fresh_world, run_settings)
        )
    return type(name, (unittest.TestCase,), body)


def _runner(case: type[unittest.TestCase]) -> Callable[[unittest.TestCase], None]:
    def run(_: unittest.TestCase) -> None:
        case("runTest").debug()

    return run


def _test_name(machine: str) -> str:
    """The test's name for a machine: AlertLifecycle -> test_alert_lifecycle."""
    return "test" + re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), machine)
