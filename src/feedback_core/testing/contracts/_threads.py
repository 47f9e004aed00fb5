"""What the sender and transport contracts share: many threads at once, plain returns."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable

THREADS: Final = 8
PER_THREAD: Final = 25


def returned(call: Callable[..., object], *args: object) -> object:
    """What ``call(*args)`` returned (a rule checks that it is None)."""
    return call(*args)


def in_threads(work: Callable[[int], None]) -> None:
    """Run ``work(0..THREADS-1)`` at once; an error in any thread is raised here."""
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        start.wait()
        work(index)

    with ThreadPoolExecutor(THREADS) as pool:
        for done in [pool.submit(run, i) for i in range(THREADS)]:
            done.result()
