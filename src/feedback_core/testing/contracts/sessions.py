"""Login sessions: found by their token's hash and by their account, ended by removal."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pytest

from feedback_core.accounts.sessions import Session, SessionPolicy, new_token, opened, token_hash
from feedback_core.errors import Conflict
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase, exactly, skip_unless
from feedback_core.testing.contracts.transactions import write_then_raise

if TYPE_CHECKING:
    from pathlib import Path

    import pendulum

    from feedback_core.ports import Storage, Transaction

OWNER = uuid.UUID("5e55105e-0000-4000-8000-000000000001")
OTHER = uuid.UUID("5e55105e-0000-4000-8000-000000000002")
POLICY = SessionPolicy()


def session(
    account_id: uuid.UUID = OWNER,
    at: pendulum.DateTime = rec.T0,
    label: str | None = None,
    session_id: uuid.UUID | None = None,
) -> Session:
    """A new session of ``account_id`` opened at ``at``, on a fresh token."""
    label = rec.vi("Ứng dụng Android của Hương ✓") if label is None else label
    return opened(session_id or uuid.uuid4(), account_id, new_token(), at, POLICY, label)


def used(s: Session, at: pendulum.DateTime) -> Session:
    """``s`` after a use at ``at`` that moved its end."""
    return attrs.evolve(s, last_seen_at=at, expires_at=at.add(days=30))


def what_is_stored(tx: Transaction, *sessions: Session) -> dict[str, object]:
    """Every way to read ``sessions`` and both accounts' sessions."""
    return {
        "by hash": [tx.sessions.by_hash(s.token_hash) for s in sessions],
        "of owner": tx.sessions.of_account(OWNER),
        "of other": tx.sessions.of_account(OTHER),
    }


class SessionRules(StorageCase):
    """`Transaction.sessions`: one session per token hash and id; removal ends a session."""

    def test_a_stored_session_is_found_by_its_token_hash_and_by_its_account(
        self, storage: Storage
    ) -> None:
        s = session()
        with storage.transaction() as tx:
            tx.sessions.add(s)
        with storage.transaction() as tx:
            found = tx.sessions.by_hash(s.token_hash)
            assert (s, [s]) == (found, tx.sessions.of_account(OWNER))
        # Field by field, with types: pendulum UTC instants to the microsecond, uuids, NFC text.
        assert [exactly(v) for v in attrs.astuple(s, recurse=False)] == [
            exactly(v) for v in attrs.astuple(found or s, recurse=False)
        ]

    def test_a_session_without_a_label_keeps_none(self, storage: Storage) -> None:
        s = attrs.evolve(session(), label=None)
        with storage.transaction() as tx:
            tx.sessions.add(s)
        with storage.transaction() as tx:
            assert s == tx.sessions.by_hash(s.token_hash)

    def test_an_unknown_hash_or_account_finds_nothing(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.sessions.add(session())
            assert (None, []) == (
                tx.sessions.by_hash(token_hash(new_token())),
                tx.sessions.of_account(OTHER),
            )

    def test_of_account_lists_the_account_s_sessions_newest_first(self, storage: Storage) -> None:
        # Two opened in the same microsecond are ordered by id, the higher first.
        low, high = sorted(uuid.uuid4() for _ in range(2))
        mine = [
            session(at=rec.minutes(1)),
            session(at=rec.T0),
            session(at=rec.minutes(2), session_id=low),
            session(at=rec.minutes(2), session_id=high),
            session(at=rec.T0 + rec.US),
        ]
        theirs = session(OTHER, at=rec.minutes(3))
        with storage.transaction() as tx:
            for s in (*mine, theirs):
                tx.sessions.add(s)
        with storage.transaction() as tx:
            assert [mine[3], mine[2], mine[0], mine[4], mine[1]] == tx.sessions.of_account(OWNER)
            assert [theirs] == tx.sessions.of_account(OTHER)

    def test_update_replaces_the_stored_session(self, storage: Storage) -> None:
        s, other = session(), session(at=rec.minutes(1))
        later = used(s, rec.minutes(10))
        with storage.transaction() as tx:
            tx.sessions.add(s)
            tx.sessions.add(other)
        with storage.transaction() as tx:
            tx.sessions.update(later)
        with storage.transaction() as tx:
            assert {"by hash": [later, other], "of owner": [other, later], "of other": []} == (
                what_is_stored(tx, s, other)
            )

    def test_remove_ends_one_session_once(self, storage: Storage) -> None:
        s, kept = session(), session(at=rec.minutes(1))
        with storage.transaction() as tx:
            tx.sessions.add(s)
            tx.sessions.add(kept)
        with storage.transaction() as tx:
            first = tx.sessions.remove(s.id)
        with storage.transaction() as tx:
            assert [True, False] == [first, tx.sessions.remove(s.id)]
            assert {"by hash": [None, kept], "of owner": [kept], "of other": []} == (
                what_is_stored(tx, s, kept)
            )

    def test_remove_of_an_unknown_session_is_false(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.sessions.add(session())
            assert False is tx.sessions.remove(uuid.uuid4())

    def test_remove_of_account_ends_that_account_s_sessions_and_no_other_s(
        self, storage: Storage
    ) -> None:
        mine = [session(at=rec.minutes(n)) for n in range(3)]
        theirs = session(OTHER)
        with storage.transaction() as tx:
            for s in (*mine, theirs):
                tx.sessions.add(s)
        with storage.transaction() as tx:
            counts = [tx.sessions.remove_of_account(OWNER), tx.sessions.remove_of_account(OWNER)]
        with storage.transaction() as tx:
            assert [3, 0] == counts
            assert {
                "by hash": [None, None, None, theirs],
                "of owner": [],
                "of other": [theirs],
            } == (what_is_stored(tx, *mine, theirs))

    def test_a_removed_session_s_hash_may_be_stored_again(self, storage: Storage) -> None:
        s = session()
        again = attrs.evolve(session(at=rec.minutes(5)), token_hash=s.token_hash)
        with storage.transaction() as tx:
            tx.sessions.add(s)
        with storage.transaction() as tx:
            tx.sessions.remove(s.id)
            tx.sessions.add(again)
        with storage.transaction() as tx:
            assert (again, [again]) == (
                tx.sessions.by_hash(s.token_hash),
                tx.sessions.of_account(OWNER),
            )

    def test_a_taken_token_hash_is_a_conflict_and_changes_nothing(self, storage: Storage) -> None:
        first = session()
        clash = attrs.evolve(session(OTHER, at=rec.minutes(1)), token_hash=first.token_hash)
        with storage.transaction() as tx:
            tx.sessions.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.sessions.add(clash)
        with storage.transaction() as tx:
            assert {"by hash": [first], "of owner": [first], "of other": []} == (
                what_is_stored(tx, first)
            )

    def test_a_taken_session_id_is_a_conflict_and_changes_nothing(self, storage: Storage) -> None:
        first = session()
        clash = session(OTHER, at=rec.minutes(1), session_id=first.id)
        with storage.transaction() as tx:
            tx.sessions.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.sessions.add(clash)
        with storage.transaction() as tx:
            assert {"by hash": [first, None], "of owner": [first], "of other": []} == (
                what_is_stored(tx, first, clash)
            )

    def test_a_rolled_back_transaction_leaves_no_session(self, storage: Storage) -> None:
        new = session(at=rec.minutes(1))
        write_then_raise(storage, lambda tx: tx.sessions.add(new))
        with storage.transaction() as tx:
            assert {"by hash": [None], "of owner": [], "of other": []} == what_is_stored(tx, new)

    def test_a_rolled_back_update_or_removal_leaves_the_sessions_as_they_were(
        self, storage: Storage
    ) -> None:
        kept, ended, theirs = session(), session(at=rec.minutes(1)), session(OTHER)
        with storage.transaction() as tx:
            for s in (kept, ended, theirs):
                tx.sessions.add(s)
            before = what_is_stored(tx, kept, ended, theirs)

        def change_everything(tx: Transaction) -> None:
            tx.sessions.update(used(kept, rec.minutes(10)))
            tx.sessions.remove(ended.id)
            tx.sessions.add(attrs.evolve(session(at=rec.minutes(2)), token_hash=ended.token_hash))
            tx.sessions.remove_of_account(OTHER)

        write_then_raise(storage, change_everything)
        with storage.transaction() as tx:
            assert before == what_is_stored(tx, kept, ended, theirs)

    def test_sessions_survive_reopening_the_store(self, tmp_path: Path) -> None:
        skip_unless(self.durable, f"{type(self).__name__}.durable is False")
        kept, ended = session(), session(at=rec.minutes(1))
        later = used(kept, rec.minutes(10))
        first = self.make_storage(tmp_path)
        try:
            with first.transaction() as tx:
                tx.sessions.add(kept)
                tx.sessions.add(ended)
            with first.transaction() as tx:
                tx.sessions.update(later)
                tx.sessions.remove(ended.id)
        finally:
            first.close()
        second = self.make_storage(tmp_path)
        try:
            with second.transaction() as tx:
                assert {"by hash": [later, None], "of owner": [later], "of other": []} == (
                    what_is_stored(tx, kept, ended)
                )
        finally:
            second.close()
