"""The audit trail: appended to only, read newest first by keyset, or by its subject."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_core.accounts.audit import AuditAction, AuditRecord
from feedback_core.errors import Conflict
from feedback_core.paging import Cursor
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts._paging import every_page, expected_pages, newest_first
from feedback_core.testing.contracts.base import StorageCase, exactly, skip_unless
from feedback_core.testing.contracts.transactions import Boom, write_then_raise

if TYPE_CHECKING:
    from pathlib import Path

    import pendulum

    from feedback_core.ports import Storage, Transaction

ADMIN: Final = uuid.UUID("a0d17000-0000-4000-8000-000000000001")
SUBJECTS: Final = (uuid.UUID(int=0xC1), uuid.UUID(int=0xC2))
EVERYTHING: Final = 1000
# id, minute (few, so ties are common), subject (None: about no account)
ROWS: Final = st.lists(
    st.tuples(st.uuids(version=4), st.integers(0, 3), st.none() | st.sampled_from(SUBJECTS)),
    max_size=12,
    unique_by=lambda row: row[0],
)


def entry(
    at: pendulum.DateTime = rec.T0,
    subject_id: uuid.UUID | None = SUBJECTS[0],
    record_id: uuid.UUID | None = None,
    action: AuditAction = AuditAction.ROLE_CHANGED,
) -> AuditRecord:
    """An administrator's record about ``subject_id``, with a few words of detail."""
    details = {"role": "unit_approver", "unit": "sotnmt", "ghi_chú": rec.vi("Sở Tài nguyên")}
    return AuditRecord(record_id or uuid.uuid4(), at, action, ADMIN, subject_id, details)


def newest(r: AuditRecord) -> tuple[pendulum.DateTime, uuid.UUID]:
    """A record's place in the trail."""
    return r.at, r.id


def what_is_stored(tx: Transaction) -> dict[str, object]:
    """The whole trail, and what it holds about each subject."""
    return {
        "trail": tx.audit.page(None, EVERYTHING),
        "about": [tx.audit.about(s) for s in SUBJECTS],
    }


class AuditRules(StorageCase):
    """`Transaction.audit`: records are added once each and never change."""

    def test_an_added_record_reads_back_exactly_in_the_trail_and_about_its_subject(
        self, storage: Storage
    ) -> None:
        written = entry()
        by_system = AuditRecord(
            uuid.uuid4(), rec.minutes(1), AuditAction.CODE_LOCKED_OUT, None, None
        )
        with storage.transaction() as tx:
            tx.audit.add(written)
            tx.audit.add(by_system)
        with storage.transaction() as tx:
            trail = tx.audit.page(None, EVERYTHING)
            about = tx.audit.about(SUBJECTS[0])
        assert exactly([by_system, written]) == exactly(trail)
        assert exactly([written]) == exactly(about)

    def test_an_empty_trail_reads_as_empty(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            assert {"trail": [], "about": [[], []]} == what_is_stored(tx)

    def test_page_lists_the_newest_first_ties_by_id_after_the_cursor(
        self, storage: Storage
    ) -> None:
        low, high = sorted(uuid.uuid4() for _ in range(2))
        records = [
            entry(rec.minutes(1)),
            entry(rec.T0),
            entry(rec.minutes(2), record_id=low),
            entry(rec.minutes(2), record_id=high),
            entry(rec.T0 + rec.US),
        ]
        with storage.transaction() as tx:
            for r in records:
                tx.audit.add(r)
        with storage.transaction() as tx:
            assert [
                [records[3], records[2], records[0], records[4], records[1]],
                [records[3], records[2]],
                [records[2], records[0], records[4]],
                [records[4], records[1]],
            ] == [
                tx.audit.page(None, EVERYTHING),
                tx.audit.page(None, 2),
                tx.audit.page(Cursor(*newest(records[3])), 3),
                tx.audit.page(Cursor(*newest(records[0])), EVERYTHING),
            ]

    def test_pages_read_to_the_end_are_the_whole_trail(self, storage: Storage) -> None:
        """No record twice, none left out, however many share an instant."""

        # Built per call, so that the store is this test's; each example rolls back.
        @given(rows=ROWS, limit=st.integers(1, 4))
        def pages_are_the_trail(
            rows: list[tuple[uuid.UUID, int, uuid.UUID | None]], limit: int
        ) -> None:
            records = [entry(rec.minutes(m), s, i) for i, m, s in rows]
            with pytest.raises(Boom), storage.transaction() as tx:  # noqa: PT012
                for r in records:
                    tx.audit.add(r)
                pages = every_page(
                    lambda after: tx.audit.page(after, limit),
                    lambda r: Cursor(*newest(r)),
                    most=len(records) + 2,
                )
                about = [tx.audit.about(s) for s in SUBJECTS]
                raise Boom
            assert expected_pages(newest_first(records, newest), limit) == pages
            assert [
                sorted((r for r in records if r.subject_id == s), key=newest) for s in SUBJECTS
            ] == about

        pages_are_the_trail()

    def test_about_lists_the_subjects_records_oldest_first_ties_by_id(
        self, storage: Storage
    ) -> None:
        low, high = sorted(uuid.uuid4() for _ in range(2))
        mine = [
            entry(rec.minutes(2)),
            entry(rec.minutes(1), record_id=high),
            entry(rec.minutes(1), record_id=low),
        ]
        others = [entry(rec.minutes(1), SUBJECTS[1]), entry(rec.T0, None)]
        with storage.transaction() as tx:
            for r in (*mine, *others):
                tx.audit.add(r)
        with storage.transaction() as tx:
            assert {
                "trail": newest_first([*mine, *others], newest),
                "about": [[mine[2], mine[1], mine[0]], [others[0]]],
            } == what_is_stored(tx)

    def test_a_taken_id_is_a_conflict_and_keeps_the_first_record(self, storage: Storage) -> None:
        first = entry()
        clash = attrs.evolve(entry(rec.minutes(1), SUBJECTS[1]), id=first.id)
        with storage.transaction() as tx:
            tx.audit.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.audit.add(clash)
        with storage.transaction() as tx:
            assert {"trail": [first], "about": [[first], []]} == what_is_stored(tx)

    def test_a_rolled_back_transaction_leaves_no_record(self, storage: Storage) -> None:
        kept = entry()
        with storage.transaction() as tx:
            tx.audit.add(kept)

        def add_more(tx: Transaction) -> None:
            tx.audit.add(entry(rec.minutes(1)))
            tx.audit.add(entry(rec.minutes(2), SUBJECTS[1]))

        write_then_raise(storage, add_more)
        with storage.transaction() as tx:
            assert {"trail": [kept], "about": [[kept], []]} == what_is_stored(tx)

    def test_the_trail_survives_reopening_the_store(self, tmp_path: Path) -> None:
        skip_unless(self.durable, f"{type(self).__name__}.durable is False")
        records = [entry(), entry(rec.minutes(1), SUBJECTS[1])]
        first = self.make_storage(tmp_path)
        try:
            with first.transaction() as tx:
                for r in records:
                    tx.audit.add(r)
        finally:
            first.close()
        second = self.make_storage(tmp_path)
        try:
            with second.transaction() as tx:
                assert {"trail": records[::-1], "about": [records[:1], records[1:]]} == (
                    what_is_stored(tx)
                )
        finally:
            second.close()
