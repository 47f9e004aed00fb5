"""Reports: optimistic versions, append-only history, keyset pages with every filter."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback_core.errors import Conflict
from feedback_core.paging import Cursor
from feedback_core.reports.model import Report, ReportQuery, ReportStatus
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts._paging import (
    PAGING_EXAMPLES,
    every_page,
    expected_pages,
    newest_first,
)
from feedback_core.testing.contracts.base import StorageCase

if TYPE_CHECKING:
    import pendulum

    from feedback_core.ports import Storage, Transaction

S = ReportStatus
ALL: Final = ReportQuery()
EVERYTHING: Final = 1000
REPORTERS: Final = (uuid.UUID(int=0xA1), uuid.UUID(int=0xA2))
UNITS: Final = (uuid.UUID(int=0xB1), uuid.UUID(int=0xB2))
# id, submitted minute (few, so ties are common), reporter, public, later (status, units)
ROWS: Final = st.lists(
    st.tuples(
        st.uuids(version=4),
        st.integers(0, 3),
        st.sampled_from(REPORTERS),
        st.booleans(),
        st.lists(st.tuples(st.sampled_from(S), st.frozensets(st.sampled_from(UNITS))), max_size=3),
    ),
    max_size=12,
    unique_by=lambda row: row[0],
)
QUERIES: Final = st.builds(
    ReportQuery,
    reporter_id=st.none() | st.sampled_from(REPORTERS),
    unit_id=st.none() | st.sampled_from(UNITS),
    status=st.none() | st.sampled_from(S),
    public_only=st.booleans(),
)
Row = tuple[uuid.UUID, int, uuid.UUID, bool, list[tuple[ReportStatus, frozenset[uuid.UUID]]]]


def newest(r: Report) -> tuple[pendulum.DateTime, uuid.UUID]:
    """A report's place in a listing."""
    return r.submitted_at, r.id


def matches(r: Report, q: ReportQuery) -> bool:
    """The filters of `ReportQuery`, in plain words."""
    return (
        q.reporter_id in {None, r.reporter_id}
        and (q.unit_id is None or q.unit_id in r.units)
        and q.status in {None, r.status}
        and (r.draft.public or not q.public_only)
    )


def add(storage: Storage, *reports: Report) -> None:
    """Store submitted reports with their first history entries."""
    with storage.transaction() as tx:
        for r in reports:
            tx.reports.add(r, rec.first_entry(r))


def change(
    storage: Storage, r: Report, status: ReportStatus, units: tuple[uuid.UUID, ...] | None = None
) -> Report:
    """Store the report's next version (held by ``units`` if given); the version stored."""
    after, entry = rec.next_version(r, status, rec.minutes(r.version), units=units)
    with storage.transaction() as tx:
        tx.reports.update(after, entry)
    return after


def listing(
    storage: Storage, query: ReportQuery = ALL, after: Cursor | None = None
) -> list[Report]:
    """One page big enough for everything."""
    with storage.transaction() as tx:
        return tx.reports.page(query, after, EVERYTHING)


class ReportRules(StorageCase):
    """`ReportRepository`: versions, history and pages."""

    def test_an_added_report_is_found_with_its_first_history_entry(self, storage: Storage) -> None:
        report = rec.report()
        add(storage, report)
        with storage.transaction() as tx:
            assert (report, [rec.first_entry(report)]) == (
                tx.reports.get(report.id),
                tx.reports.history(report.id),
            )

    def test_an_unknown_report_is_none_and_has_no_history(self, storage: Storage) -> None:
        add(storage, rec.report())
        with storage.transaction() as tx:
            assert (None, []) == (
                tx.reports.get(unknown := uuid.uuid4()),
                tx.reports.history(unknown),
            )

    def test_each_next_report_version_is_stored_and_its_entry_appended_in_order(
        self, storage: Storage
    ) -> None:
        report = rec.report()
        add(storage, report)
        entries = [rec.first_entry(report)]
        for status in (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED):
            report, entry = rec.next_version(report, status, rec.minutes(report.version))
            with storage.transaction() as tx:
                tx.reports.update(report, entry)
            entries.append(entry)
        with storage.transaction() as tx:
            assert (report, entries) == (tx.reports.get(report.id), tx.reports.history(report.id))

    @pytest.mark.parametrize("version", [1, 2, 4], ids=["older", "same", "skipping one"])
    def test_a_stale_report_version_is_a_conflict_and_writes_nothing(
        self, storage: Storage, version: int
    ) -> None:
        report = rec.report()
        add(storage, report)
        stored = change(storage, report, S.ACCEPTED)  # version 2
        other = attrs.evolve(stored, version=version, status=S.REFUSED, refusal_reason="Trùng lặp")
        with storage.transaction() as tx:
            before = (tx.reports.get(report.id), tx.reports.history(report.id))
        with storage.transaction() as tx:
            with pytest.raises(Conflict):
                tx.reports.update(other, rec.first_entry(other))
            inside = (tx.reports.get(report.id), tx.reports.history(report.id))
        with storage.transaction() as tx:
            after = (tx.reports.get(report.id), tx.reports.history(report.id))
        assert [before, before] == [inside, after]
        assert (stored, 2) == (before[0], len(before[1]))

    def test_updating_a_report_never_added_is_a_conflict(self, storage: Storage) -> None:
        ghost, entry = rec.next_version(rec.report(), S.ACCEPTED, rec.T0)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.reports.update(ghost, entry)
        assert [] == listing(storage)

    def test_report_page_lists_the_newest_submitted_first_and_ties_by_id(
        self, storage: Storage
    ) -> None:
        # Ids rise in the order written, so "ties by id, highest first" is not that order.
        minutes = enumerate((1, 0, 2, 1, 1, 0), start=1)
        reports = [
            rec.report(submitted_at=rec.minutes(m), report_id=uuid.UUID(int=n)) for n, m in minutes
        ]
        add(storage, *reports)
        assert newest_first(reports, newest) == listing(storage)

    def test_report_page_continues_strictly_after_the_cursor(self, storage: Storage) -> None:
        reports = newest_first(
            [rec.report(submitted_at=rec.minutes(m)) for m in (0, 1, 1, 1, 2)], newest
        )
        add(storage, *reports)
        for n, r in enumerate(reports):
            assert reports[n + 1 :] == listing(storage, after=Cursor(r.submitted_at, r.id))

    def test_report_page_returns_at_most_limit_reports(self, storage: Storage) -> None:
        reports = newest_first([rec.report(submitted_at=rec.minutes(m)) for m in range(5)], newest)
        add(storage, *reports)
        with storage.transaction() as tx:
            assert [reports[:0], reports[:2], reports] == [
                tx.reports.page(ALL, None, n) for n in (0, 2, 9)
            ]

    def test_report_page_by_reporter_lists_only_theirs(self, storage: Storage) -> None:
        mine = [rec.report(REPORTERS[0], rec.minutes(m)) for m in range(3)]
        add(storage, *mine, rec.report(REPORTERS[1], rec.minutes(1)))
        assert newest_first(mine, newest) == listing(storage, ReportQuery(reporter_id=REPORTERS[0]))

    def test_report_page_by_status_follows_each_update(self, storage: Storage) -> None:
        first, second = rec.report(), rec.report(submitted_at=rec.minutes(1))
        add(storage, first, second)
        accepted = change(storage, first, S.ACCEPTED)
        assert ([accepted], [second]) == (
            listing(storage, ReportQuery(status=S.ACCEPTED)),
            listing(storage, ReportQuery(status=S.SUBMITTED)),
        )

    def test_public_only_leaves_out_private_reports(self, storage: Storage) -> None:
        public, private = rec.report(public=True), rec.report(public=False)
        add(storage, public, private)
        assert [public] == listing(storage, ReportQuery(public_only=True))

    def test_report_page_by_unit_follows_assignment_and_return(self, storage: Storage) -> None:
        one, two = UNITS
        report = rec.report()
        add(storage, report)
        by_unit = [ReportQuery(unit_id=u) for u in UNITS]
        seen = [[listing(storage, q) for q in by_unit]]
        assigned = change(storage, report, S.ASSIGNED, (one, two))
        seen.append([listing(storage, q) for q in by_unit])
        returned = change(storage, assigned, S.ASSIGNED, (two,))
        seen.append([listing(storage, q) for q in by_unit])
        started = change(storage, returned, S.IN_PROGRESS)
        seen.append([listing(storage, attrs.evolve(q, status=S.IN_PROGRESS)) for q in by_unit])
        assert [[[], []], [[assigned], [assigned]], [[], [returned]], [[], [started]]] == seen

    def test_report_page_by_unit_lists_a_report_added_with_its_units(
        self, storage: Storage
    ) -> None:
        report = rec.report(units=UNITS)
        add(storage, report)
        assert [[report], [report]] == [listing(storage, ReportQuery(unit_id=u)) for u in UNITS]

    def test_report_pages_read_to_the_end_are_the_whole_ordered_listing(
        self, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """No report twice, none left out, with any filters, page size and equal times."""

        # Built per call: one @given method inherited by two adapters' classes would be
        # run by two executors, which Hypothesis refuses (HealthCheck.differing_executors).
        @settings(max_examples=min(settings().max_examples, PAGING_EXAMPLES))
        @given(rows=ROWS, query=QUERIES, limit=st.integers(1, 5))
        def pages_are_the_listing(rows: list[Row], query: ReportQuery, limit: int) -> None:
            storage = self.make_storage(tmp_path_factory.mktemp("report-pages"))
            try:
                with storage.transaction() as tx:
                    reports = [_store_row(tx, row) for row in rows]
                with storage.transaction() as tx:
                    pages = every_page(
                        lambda after: tx.reports.page(query, after, limit),
                        lambda r: Cursor(r.submitted_at, r.id),
                        most=len(reports) + 2,
                    )
            finally:
                storage.close()
            wanted = newest_first([r for r in reports if matches(r, query)], newest)
            assert expected_pages(wanted, limit) == pages

        pages_are_the_listing()


def _store_row(tx: Transaction, row: Row) -> Report:
    report_id, minute, reporter, public, later = row
    report = rec.report(reporter, rec.minutes(minute), report_id=report_id, public=public)
    tx.reports.add(report, rec.first_entry(report))
    for status, units in later:
        report, entry = rec.next_version(
            report, status, rec.minutes(report.version), units=tuple(sorted(units))
        )
        tx.reports.update(report, entry)
    return report
