"""Counting and claiming stay atomic when threads, or processes, share one store."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, D102

from __future__ import annotations

import multiprocessing
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Final, TypeVar

import attrs
import pytest

from feedback_core.accounts.codes import CodePurpose
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.alerts import END, store, window
from feedback_core.testing.contracts.base import StorageCase, skip_unless

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    import pendulum

    from feedback_core.ports import Storage

T = TypeVar("T")
WORKERS: Final = 3
WAYS: Final = ("threads", "processes")
KINDS: Final = ("activated", "expired")
MQTT: Final = "mqtt://127.0.0.1:1883/feedback"


def count_failures(
    account_id: uuid.UUID, purposes: Sequence[CodePurpose], times: int, storage: Storage
) -> None:
    """Count one failed code try per purpose and unit of work: read locked, write one more."""
    for _ in range(times):
        for purpose in purposes:
            with storage.transaction() as tx:
                state = tx.codes.lock(account_id, purpose)
                tx.codes.save(attrs.evolve(state, total_failures=state.total_failures + 1))


def claim_milestones(
    alert_ids: Sequence[uuid.UUID], storage: Storage
) -> list[tuple[uuid.UUID, str]]:
    """Try to claim every milestone, one per unit of work; the ones this worker won."""
    won = []
    for alert_id in alert_ids:
        for kind in KINDS:
            with storage.transaction() as tx:
                if tx.alerts.claim_milestone(alert_id, kind):
                    won.append((alert_id, kind))
    return won


def claim_deliveries(
    now: pendulum.DateTime, lease_until: pendulum.DateTime, most: int, storage: Storage
) -> list[uuid.UUID]:
    """Claim one delivery at a time until none is left; the events this worker got.

    Stops at ``most``, which only a store that hands deliveries out twice reaches.
    """
    got: list[uuid.UUID] = []
    while len(got) < most:
        with storage.transaction() as tx:
            batch = tx.outbox.claim(MQTT, now, lease_until, 1)
        if not batch:
            break
        got += [d.event.id for d in batch]
    return got


def in_another_process(
    contract: type[StorageCase], directory: Path, job: Callable[[Storage], T]
) -> T:
    """Run ``job`` on the store in ``directory``, opened by this (spawned) process."""
    storage = contract().make_storage(directory)
    try:
        return job(storage)
    finally:
        storage.close()


class ConcurrencyRules(StorageCase):
    """What docs/rules.md asks to be atomic: code counting, milestone claims, outbox claims.

    With ``processes``, each worker opens the store with ``make_storage(tmp_path)``: the
    directory of the test's own `storage`.
    """

    @pytest.fixture(scope="class")
    @classmethod
    def process_pool(cls) -> Iterator[ProcessPoolExecutor]:
        """Spawned workers, started once per adapter class."""
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
            yield pool

    def together(
        self,
        way: str,
        storage: Storage,
        request: pytest.FixtureRequest,
        job: Callable[[Storage], T],
    ) -> list[T]:
        """Run WORKERS copies of ``job`` at once, on threads sharing ``storage`` or in processes."""
        if way == "threads":
            skip_unless(self.supports_concurrent_threads, f"{type(self).__name__}: no threads")
            with ThreadPoolExecutor(WORKERS) as threads:
                return list(threads.map(lambda _: job(storage), range(WORKERS)))
        skip_unless(self.supports_concurrent_processes, f"{type(self).__name__}: one process only")
        pool: ProcessPoolExecutor = request.getfixturevalue("process_pool")
        directory: Path = request.getfixturevalue("tmp_path")
        futures = [
            pool.submit(in_another_process, type(self), directory, job) for _ in range(WORKERS)
        ]
        return [f.result(timeout=120) for f in futures]

    @pytest.mark.parametrize("way", WAYS)
    def test_concurrent_code_tries_are_all_counted_for_every_purpose(
        self, storage: Storage, request: pytest.FixtureRequest, way: str
    ) -> None:
        # Every purpose at once on one account: a row lock per purpose, and no state lost
        # to a write of another purpose's.
        account_id, purposes = uuid.uuid4(), list(CodePurpose)
        self.together(way, storage, request, partial(count_failures, account_id, purposes, 10))
        with storage.transaction() as tx:
            counted = [tx.codes.lock(account_id, p).total_failures for p in purposes]
        assert [WORKERS * 10] * len(purposes) == counted

    @pytest.mark.parametrize("way", WAYS)
    def test_concurrent_milestone_claims_are_each_won_exactly_once(
        self, storage: Storage, request: pytest.FixtureRequest, way: str
    ) -> None:
        ids = [store(storage, window()).id for _ in range(4)]
        won = self.together(way, storage, request, partial(claim_milestones, ids))
        assert sorted((i, kind) for i in ids for kind in KINDS) == sorted(
            w for ws in won for w in ws
        )

    @pytest.mark.parametrize("way", WAYS)
    def test_concurrent_outbox_claims_never_hand_out_a_delivery_twice(
        self, storage: Storage, request: pytest.FixtureRequest, way: str
    ) -> None:
        events = [rec.event(rec.minutes(m)) for m in range(12)]
        with storage.transaction() as tx:
            tx.outbox.add(events, [MQTT])
        got = self.together(
            way,
            storage,
            request,
            partial(claim_deliveries, END, END.add(minutes=2), len(events) + 1),
        )
        assert sorted(e.id for e in events) == sorted(i for ids in got for i in ids)
