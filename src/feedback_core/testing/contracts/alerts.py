"""Alerts: optimistic versions, what is in force at an instant, pages, once-only milestones."""

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

from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.errors import Conflict
from feedback_core.paging import Cursor
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts._paging import (
    PAGING_EXAMPLES,
    every_page,
    expected_pages,
    newest_first,
)
from feedback_core.testing.contracts.base import StorageCase

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pendulum

    from feedback_core.ports import Storage, Transaction

St = AlertStatus
EVERYTHING: Final = 1000
UNITS: Final = (uuid.UUID(int=0xB1), uuid.UUID(int=0xB2))
START: Final = rec.minutes(60)
END: Final = rec.minutes(120)
LATER: Final = rec.T0.add(years=1)
# The statuses an alert passes through after its draft, to reach each place in its flow.
PATHS: Final[dict[str, tuple[AlertStatus, ...]]] = {
    "draft": (),
    "pending": (St.PENDING,),
    "rejected": (St.PENDING, St.DRAFT),
    "approved": (St.PENDING, St.APPROVED),
    "cancelled": (St.PENDING, St.APPROVED, St.CANCELLED),
    "superseded": (St.PENDING, St.APPROVED, St.SUPERSEDED),
}
NEVER_APPROVED: Final = ("draft", "pending", "rejected")
# id, created minute (few, so ties are common), unit, where in its flow
ROWS: Final = st.lists(
    st.tuples(
        st.uuids(version=4), st.integers(0, 3), st.sampled_from(UNITS), st.sampled_from(list(PATHS))
    ),
    max_size=12,
    unique_by=lambda row: row[0],
)
Row = tuple[uuid.UUID, int, uuid.UUID, str]


def newest(a: Alert) -> tuple[pendulum.DateTime, uuid.UUID]:
    """An alert's place in a listing."""
    return a.created_at, a.id


def by_id(alerts: Sequence[Alert]) -> list[Alert]:
    """Alerts in a fixed order, for answers whose order the port leaves open."""
    return sorted(alerts, key=lambda a: a.id)


def store(storage: Storage, draft: Alert, path: str = "approved") -> Alert:
    """Add ``draft`` and move it along ``path``, one version per step; the last version."""
    with storage.transaction() as tx:
        return store_in(tx, draft, path)


def store_in(tx: Transaction, draft: Alert, path: str) -> Alert:
    """`store`, inside a unit of work already begun."""
    alert = draft
    tx.alerts.add(alert)
    for status in PATHS[path]:
        alert = rec.moved(alert, status, rec.minutes(alert.version))
        tx.alerts.update(alert)
    return alert


def window(
    unit: uuid.UUID = UNITS[0],
    created_at: pendulum.DateTime = rec.T0,
    alert_id: uuid.UUID | None = None,
) -> Alert:
    """A draft in force from START to END."""
    return rec.alert(unit, START, END, created_at=created_at, alert_id=alert_id)


class AlertRules(StorageCase):
    """`AlertRepository`: versions, `active_at` and `page`."""

    def test_an_added_alert_is_found_and_an_unknown_one_is_none(self, storage: Storage) -> None:
        draft = window()
        store(storage, draft, "draft")
        with storage.transaction() as tx:
            assert (draft, None) == (tx.alerts.get(draft.id), tx.alerts.get(uuid.uuid4()))

    def test_each_next_alert_version_is_stored(self, storage: Storage) -> None:
        alert = store(storage, window(), "draft")
        written, seen = [], []
        for status in PATHS["cancelled"]:
            alert = rec.moved(alert, status, rec.minutes(alert.version))
            written.append(alert)
            with storage.transaction() as tx:
                tx.alerts.update(alert)
            with storage.transaction() as tx:
                seen.append(tx.alerts.get(alert.id))
        assert written == seen

    @pytest.mark.parametrize("version", [1, 2, 4], ids=["older", "same", "skipping one"])
    def test_a_stale_alert_version_is_a_conflict_and_writes_nothing(
        self, storage: Storage, version: int
    ) -> None:
        pending = store(storage, window(), "pending")
        other = attrs.evolve(rec.moved(pending, St.APPROVED), version=version)
        with storage.transaction() as tx:
            with pytest.raises(Conflict):
                tx.alerts.update(other)
            inside = (tx.alerts.get(pending.id), tx.alerts.active_at(START))
        with storage.transaction() as tx:
            after = (tx.alerts.get(pending.id), tx.alerts.active_at(START))
        assert [(pending, []), (pending, [])] == [inside, after]

    def test_updating_an_alert_never_added_is_a_conflict(self, storage: Storage) -> None:
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.alerts.update(rec.moved(window(), St.PENDING))
        with storage.transaction() as tx:
            assert [] == tx.alerts.page(None, None, None, EVERYTHING)

    def test_active_at_includes_the_start_and_excludes_the_end(self, storage: Storage) -> None:
        alert = store(storage, window())
        instants = (START - rec.US, START, END - rec.US, END)
        with storage.transaction() as tx:
            assert [[], [alert], [alert], []] == [tx.alerts.active_at(t) for t in instants]

    def test_active_at_leaves_out_alerts_never_approved(self, storage: Storage) -> None:
        for path in NEVER_APPROVED:
            store(storage, window(), path)
        with storage.transaction() as tx:
            assert [] == tx.alerts.active_at(START)

    def test_active_at_keeps_cancelled_and_superseded_alerts(self, storage: Storage) -> None:
        """Ever approved is enough: callers apply `is_active` with the cancel time."""
        ended = [store(storage, window(), path) for path in ("cancelled", "superseded", "approved")]
        with storage.transaction() as tx:
            assert by_id(ended) == by_id(tx.alerts.active_at(START))

    def test_alert_page_lists_the_newest_created_first_and_ties_by_id(
        self, storage: Storage
    ) -> None:
        alerts = [
            store(storage, window(created_at=rec.minutes(m), alert_id=uuid.UUID(int=n)), "draft")
            for n, m in enumerate((1, 0, 2, 1, 1), start=1)  # ids rise in the order written
        ]
        with storage.transaction() as tx:
            assert newest_first(alerts, newest) == tx.alerts.page(None, None, None, EVERYTHING)

    def test_alert_page_continues_strictly_after_the_cursor(self, storage: Storage) -> None:
        alerts = [store(storage, window(created_at=rec.minutes(m)), "draft") for m in (0, 1, 1, 2)]
        alerts = newest_first(alerts, newest)
        with storage.transaction() as tx:
            pages = [tx.alerts.page(None, None, Cursor(*newest(a)), EVERYTHING) for a in alerts]
        assert [alerts[n + 1 :] for n in range(len(alerts))] == pages

    def test_alert_page_returns_at_most_limit_alerts(self, storage: Storage) -> None:
        alerts = [store(storage, window(created_at=rec.minutes(m)), "draft") for m in range(4)]
        alerts = newest_first(alerts, newest)
        with storage.transaction() as tx:
            pages = [tx.alerts.page(None, None, None, n) for n in (0, 3, 9)]
        assert [[], alerts[:3], alerts] == pages

    def test_alert_page_filters_by_unit_and_by_the_current_status(self, storage: Storage) -> None:
        mine = store(storage, window(UNITS[0]), "pending")
        theirs = store(storage, window(UNITS[1], created_at=rec.minutes(1)), "pending")
        approved = rec.moved(mine, St.APPROVED)
        with storage.transaction() as tx:
            tx.alerts.update(approved)
        with storage.transaction() as tx:
            pages = [
                tx.alerts.page(UNITS[0], None, None, EVERYTHING),
                tx.alerts.page(None, St.PENDING, None, EVERYTHING),
                tx.alerts.page(UNITS[1], St.APPROVED, None, EVERYTHING),
            ]
        assert [[approved], [theirs], []] == pages

    def test_alert_pages_read_to_the_end_are_the_whole_ordered_listing(
        self, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """No alert twice, none left out, with any filters and equal creation times."""

        # Built per call, for the reason given in the report pages rule.
        @settings(max_examples=min(settings().max_examples, PAGING_EXAMPLES))
        @given(
            rows=ROWS,
            unit=st.none() | st.sampled_from(UNITS),
            status=st.none() | st.sampled_from(St),
        )
        def pages_are_the_listing(
            rows: list[Row], unit: uuid.UUID | None, status: AlertStatus | None
        ) -> None:
            storage = self.make_storage(tmp_path_factory.mktemp("alert-pages"))
            try:
                with storage.transaction() as tx:
                    alerts = [
                        store_in(tx, rec.alert(u, created_at=rec.minutes(m), alert_id=i), path)
                        for i, m, u, path in rows
                    ]
                with storage.transaction() as tx:
                    pages = every_page(
                        lambda after: tx.alerts.page(unit, status, after, 3),
                        lambda a: Cursor(*newest(a)),
                        most=len(alerts) + 2,
                    )
            finally:
                storage.close()
            wanted = [a for a in alerts if unit in {None, a.unit_id} and status in {None, a.status}]
            assert expected_pages(newest_first(wanted, newest), 3) == pages

        pages_are_the_listing()


class MilestoneRules(StorageCase):
    """Activation and expiry: due from start and end, for ever-approved alerts, claimed once."""

    def due(self, storage: Storage, kind: str, now: pendulum.DateTime) -> list[Alert]:
        with storage.transaction() as tx:
            return by_id(tx.alerts.milestone_candidates(kind, now, EVERYTHING))

    def test_an_approved_alert_is_due_for_activation_from_its_start(self, storage: Storage) -> None:
        alert = store(storage, window())
        assert [[], [alert], [alert]] == [
            self.due(storage, "activated", t) for t in (START - rec.US, START, LATER)
        ]

    def test_an_approved_alert_is_due_for_expiry_from_its_end(self, storage: Storage) -> None:
        alert = store(storage, window())
        assert [[], [], [alert], [alert]] == [
            self.due(storage, "expired", t) for t in (START, END - rec.US, END, LATER)
        ]

    def test_an_alert_never_approved_is_never_due(self, storage: Storage) -> None:
        for path in NEVER_APPROVED:
            store(storage, window(), path)
        assert [[], []] == [self.due(storage, kind, LATER) for kind in ("activated", "expired")]

    def test_cancelled_and_superseded_alerts_stay_due(self, storage: Storage) -> None:
        """The tick decides what an ended alert's milestones mean; the store lists them."""
        ended = by_id([store(storage, window(), path) for path in ("cancelled", "superseded")])
        assert [ended, ended] == [
            self.due(storage, kind, LATER) for kind in ("activated", "expired")
        ]

    def test_a_milestone_is_claimed_exactly_once_per_alert_and_kind(self, storage: Storage) -> None:
        first, second = store(storage, window()), store(storage, window())
        claims = [
            (first, "activated"), (first, "activated"), (first, "expired"),
            (second, "activated"), (first, "expired"), (second, "activated"),
        ]  # fmt: skip
        won = []
        for alert, kind in claims:
            with storage.transaction() as tx:
                won.append(tx.alerts.claim_milestone(alert.id, kind))
        assert [True, False, True, True, False, False] == won

    def test_a_claimed_milestone_is_no_longer_due(self, storage: Storage) -> None:
        first, second = store(storage, window()), store(storage, window())
        with storage.transaction() as tx:
            tx.alerts.claim_milestone(first.id, "activated")
        assert ([second], by_id([first, second])) == (
            self.due(storage, "activated", LATER),
            self.due(storage, "expired", LATER),
        )

    def test_claiming_batches_of_at_most_limit_drains_every_due_alert(
        self, storage: Storage
    ) -> None:
        alerts = by_id([store(storage, window()) for _ in range(5)])
        batches: list[list[Alert]] = []
        while len(batches) < len(alerts) + 1:
            with storage.transaction() as tx:
                batches.append(tx.alerts.milestone_candidates("activated", START, 2))
                for alert in batches[-1]:
                    tx.alerts.claim_milestone(alert.id, "activated")
            if not batches[-1]:
                break
        assert ([2, 2, 1, 0], alerts) == (
            [len(b) for b in batches],
            by_id([a for b in batches for a in b]),
        )
