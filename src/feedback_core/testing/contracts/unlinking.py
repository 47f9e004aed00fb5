"""Unlinking a reporter: each report keeps its story, under a new reporter id of its own."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pytest

from feedback_core.errors import Conflict
from feedback_core.reports.model import HistoryEntry, Report, ReportAction, ReportQuery
from feedback_core.reports.model import ReportStatus as S
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase
from feedback_core.testing.contracts.transactions import write_then_raise

if TYPE_CHECKING:
    from feedback_core.ports import Storage, Transaction

LEAVING: Final = uuid.UUID("1ea71000-0000-4000-8000-000000000001")
STAYING: Final = uuid.UUID("1ea71000-0000-4000-8000-000000000002")
EVERYTHING: Final = 1000
# More reports than a store would rewrite in one batch, but for a huge one.
MANY: Final = 450


def reopened(r: Report, at_minute: int) -> tuple[Report, HistoryEntry]:
    """The next version of a resolved ``r``, reopened by its own reporter."""
    after, entry = rec.next_version(r, S.IN_PROGRESS, rec.minutes(at_minute), ReportAction.REOPEN)
    return after, attrs.evolve(entry, actor_id=r.reporter_id)


def with_story(tx: Transaction, reporter: uuid.UUID, minute: int) -> Report:
    """Store a report of ``reporter``: submitted, accepted, resolved by officials, reopened."""
    r = rec.report(reporter, rec.minutes(minute))
    tx.reports.add(r, rec.first_entry(r))
    for status in (S.ACCEPTED, S.RESOLVED):
        r, step = rec.next_version(r, status, rec.minutes(minute + 1))
        tx.reports.update(r, step)
    r, step = reopened(r, minute + 2)
    tx.reports.update(r, step)
    return r


def what_is_stored(tx: Transaction, reports: list[Report]) -> dict[str, object]:
    """The reports, their histories and both reporters' listings."""
    return {
        "reports": [tx.reports.get(r.id) for r in reports],
        "histories": [tx.reports.history(r.id) for r in reports],
        "leaving": tx.reports.page(ReportQuery(reporter_id=LEAVING), None, EVERYTHING),
        "staying": tx.reports.page(ReportQuery(reporter_id=STAYING), None, EVERYTHING),
    }


class UnlinkRules(StorageCase):
    """`ReportRepository.unlink_reporter`: the reports lead to no account, nor to each other."""

    def test_each_report_gets_a_new_reporter_id_of_its_own(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            mine = [with_story(tx, LEAVING, m) for m in (0, 10, 20)]
            theirs = [with_story(tx, STAYING, m) for m in (5, 15)]
            before = what_is_stored(tx, theirs)
        with storage.transaction() as tx:
            count = tx.reports.unlink_reporter(LEAVING)
        with storage.transaction() as tx:
            now = [tx.reports.get(r.id) for r in mine]
            new_ids = [r.reporter_id for r in now if r is not None]
            by_new_id = [tx.reports.page(ReportQuery(reporter_id=i), None, 9) for i in new_ids]
            after = what_is_stored(tx, theirs)
        assert len(mine) == count == len(set(new_ids))
        assert LEAVING not in new_ids
        assert [attrs.evolve(r, reporter_id=i) for r, i in zip(mine, new_ids, strict=True)] == now
        assert [[r] for r in now] == by_new_id  # the searched column follows the record
        assert {**before, "leaving": []} == after  # the other reporter's reports untouched

    def test_only_the_reporters_own_steps_take_the_reports_new_id(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            mine = [with_story(tx, LEAVING, m) for m in (0, 10)]
            old = [tx.reports.history(r.id) for r in mine]
        with storage.transaction() as tx:
            tx.reports.unlink_reporter(LEAVING)
        with storage.transaction() as tx:
            unlinked = [tx.reports.get(r.id) or r for r in mine]
            histories = [tx.reports.history(r.id) for r in mine]
        expected = [
            [attrs.evolve(e, actor_id=r.reporter_id) if e.actor_id == LEAVING else e for e in steps]
            for steps, r in zip(old, unlinked, strict=True)
        ]
        assert expected == histories
        # Submitted and reopened by the reporter; accepted and resolved by an official.
        assert [[r.reporter_id, rec.ACTOR, rec.ACTOR, r.reporter_id] for r in unlinked] == [
            [e.actor_id for e in steps] for steps in histories
        ]

    def test_every_report_of_a_prolific_reporter_is_unlinked(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            for n in range(MANY):
                r = rec.report(LEAVING, rec.T0.add(seconds=n))
                tx.reports.add(r, rec.first_entry(r))
            kept = rec.report(STAYING)
            tx.reports.add(kept, rec.first_entry(kept))
        with storage.transaction() as tx:
            count = tx.reports.unlink_reporter(LEAVING)
        with storage.transaction() as tx:
            everything = tx.reports.page(ReportQuery(), None, EVERYTHING)
            left = tx.reports.page(ReportQuery(reporter_id=LEAVING), None, EVERYTHING)
        reporters = [r.reporter_id for r in everything if r.id != kept.id]
        assert (MANY, [], MANY) == (count, left, len(set(reporters) - {LEAVING, STAYING}))
        assert kept in everything

    def test_a_reporter_without_reports_unlinks_none(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            theirs = with_story(tx, STAYING, 0)
            before = what_is_stored(tx, [theirs])
        with storage.transaction() as tx:
            assert 0 == tx.reports.unlink_reporter(LEAVING)
        with storage.transaction() as tx:
            assert before == what_is_stored(tx, [theirs])

    def test_unlinking_again_finds_nothing_left(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            with_story(tx, LEAVING, 0)
        with storage.transaction() as tx:
            first = tx.reports.unlink_reporter(LEAVING)
        with storage.transaction() as tx:
            assert [1, 0] == [first, tx.reports.unlink_reporter(LEAVING)]

    def test_a_rolled_back_unlinking_restores_every_report_and_step(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            reports = [with_story(tx, LEAVING, 0), with_story(tx, STAYING, 5)]
            before = what_is_stored(tx, reports)
        write_then_raise(storage, lambda tx: tx.reports.unlink_reporter(LEAVING))
        with storage.transaction() as tx:
            assert before == what_is_stored(tx, reports)

    def test_a_copy_read_before_the_unlinking_is_stale(self, storage: Storage) -> None:
        # A version read before the reporter left must never write the reporter back.
        with storage.transaction() as tx:
            r = with_story(tx, LEAVING, 0)
        with storage.transaction() as tx:
            tx.reports.unlink_reporter(LEAVING)
            unlinked = tx.reports.get(r.id)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.reports.update(*rec.next_version(r, S.RESOLVED, rec.minutes(30)))
        with storage.transaction() as tx:
            assert (unlinked, []) == (
                tx.reports.get(r.id),
                tx.reports.page(ReportQuery(reporter_id=LEAVING), None, EVERYTHING),
            )
