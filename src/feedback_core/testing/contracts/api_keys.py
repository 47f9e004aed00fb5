"""API keys: found by their hash and by their id, listed newest first, revoked by update."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pytest

from feedback_core.accounts.api_keys import ApiKey, key_hash, new_key
from feedback_core.errors import Conflict
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase, exactly, skip_unless
from feedback_core.testing.contracts.transactions import write_then_raise

if TYPE_CHECKING:
    from pathlib import Path

    import pendulum

    from feedback_core.ports import Storage, Transaction

ADMIN = uuid.UUID("a91c0de5-0000-4000-8000-000000000001")


def api_key(
    at: pendulum.DateTime = rec.T0, label: str | None = None, key_id: uuid.UUID | None = None
) -> ApiKey:
    """A new key made at ``at`` by an administrator, on a fresh random key."""
    label = rec.vi("Ứng dụng Zalo của phường 3 ✓") if label is None else label
    return ApiKey(key_id or uuid.uuid4(), label, key_hash(new_key()), at, ADMIN)


def revoked(k: ApiKey, at: pendulum.DateTime = rec.T0) -> ApiKey:
    """``k`` revoked at ``at``."""
    return attrs.evolve(k, revoked_at=at)


def what_is_stored(tx: Transaction, *keys: ApiKey) -> dict[str, object]:
    """Every way to read ``keys``, and the whole list."""
    return {
        "by hash": [tx.api_keys.by_hash(k.key_hash) for k in keys],
        "by id": [tx.api_keys.get(k.id) for k in keys],
        "all": tx.api_keys.all(),
    }


class ApiKeyRules(StorageCase):
    """`Transaction.api_keys`: one key per hash and id; revoking replaces the record."""

    def test_a_stored_key_is_found_by_its_hash_by_its_id_and_in_the_list(
        self, storage: Storage
    ) -> None:
        k = api_key()
        with storage.transaction() as tx:
            tx.api_keys.add(k)
        with storage.transaction() as tx:
            found = tx.api_keys.by_hash(k.key_hash)
            assert {"by hash": [k], "by id": [k], "all": [k]} == what_is_stored(tx, k)
        # Field by field, with types: pendulum UTC instants to the microsecond, uuids, NFC text.
        assert [exactly(v) for v in attrs.astuple(k, recurse=False)] == [
            exactly(v) for v in attrs.astuple(found or k, recurse=False)
        ]

    def test_an_unknown_hash_or_id_finds_nothing(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.api_keys.add(api_key())
            assert (None, None) == (
                tx.api_keys.by_hash(key_hash(new_key())),
                tx.api_keys.get(uuid.uuid4()),
            )

    def test_all_lists_every_key_newest_first_ties_by_id(self, storage: Storage) -> None:
        low, high = sorted(uuid.uuid4() for _ in range(2))
        keys = [
            api_key(rec.minutes(1)),
            api_key(rec.T0),
            api_key(rec.minutes(2), key_id=low),
            api_key(rec.minutes(2), key_id=high),
            revoked(api_key(rec.T0 + rec.US), rec.minutes(3)),
        ]
        with storage.transaction() as tx:
            for k in keys:
                tx.api_keys.add(k)
        with storage.transaction() as tx:
            assert [keys[3], keys[2], keys[0], keys[4], keys[1]] == tx.api_keys.all()

    def test_update_revokes_the_stored_key_and_keeps_it(self, storage: Storage) -> None:
        k, other = api_key(), api_key(rec.minutes(1))
        with storage.transaction() as tx:
            tx.api_keys.add(k)
            tx.api_keys.add(other)
        with storage.transaction() as tx:
            tx.api_keys.update(revoked(k, rec.minutes(5)))
        with storage.transaction() as tx:
            gone = revoked(k, rec.minutes(5))
            assert {"by hash": [gone, other], "by id": [gone, other], "all": [other, gone]} == (
                what_is_stored(tx, k, other)
            )

    def test_a_taken_hash_is_a_conflict_and_changes_nothing(self, storage: Storage) -> None:
        first = api_key()
        clash = attrs.evolve(api_key(rec.minutes(1)), key_hash=first.key_hash)
        with storage.transaction() as tx:
            tx.api_keys.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.api_keys.add(clash)
        with storage.transaction() as tx:
            assert {"by hash": [first], "by id": [first], "all": [first]} == (
                what_is_stored(tx, first)
            )

    def test_a_taken_id_is_a_conflict_and_changes_nothing(self, storage: Storage) -> None:
        first = api_key()
        clash = api_key(rec.minutes(1), key_id=first.id)
        with storage.transaction() as tx:
            tx.api_keys.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.api_keys.add(clash)
        with storage.transaction() as tx:
            assert {"by hash": [first, None], "by id": [first, first], "all": [first]} == (
                what_is_stored(tx, first, clash)
            )

    def test_a_rolled_back_transaction_leaves_the_keys_as_they_were(self, storage: Storage) -> None:
        kept = api_key()
        with storage.transaction() as tx:
            tx.api_keys.add(kept)
            before = what_is_stored(tx, kept)

        def change_everything(tx: Transaction) -> None:
            tx.api_keys.update(revoked(kept))
            tx.api_keys.add(api_key(rec.minutes(2)))

        write_then_raise(storage, change_everything)
        with storage.transaction() as tx:
            assert before == what_is_stored(tx, kept)

    def test_keys_survive_reopening_the_store(self, tmp_path: Path) -> None:
        skip_unless(self.durable, f"{type(self).__name__}.durable is False")
        kept, gone = api_key(), api_key(rec.minutes(1))
        first = self.make_storage(tmp_path)
        try:
            with first.transaction() as tx:
                tx.api_keys.add(kept)
                tx.api_keys.add(gone)
            with first.transaction() as tx:
                tx.api_keys.update(revoked(gone, rec.minutes(2)))
        finally:
            first.close()
        second = self.make_storage(tmp_path)
        try:
            with second.transaction() as tx:
                gone = revoked(gone, rec.minutes(2))
                assert {
                    "by hash": [kept, gone],
                    "by id": [kept, gone],
                    "all": [gone, kept],
                } == what_is_stored(tx, kept, gone)
        finally:
            second.close()
