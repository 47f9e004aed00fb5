"""Facts about the store itself: one value per name, kept like any other write."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import pytest

from feedback_core.testing.contracts.base import StorageCase

if TYPE_CHECKING:
    from feedback_core.ports import Storage

NAME: Final = "secret_key_fingerprint"
VALUE: Final = "3c676bea12fd" + "0" * 52
OTHER: Final = "d81ce5c20602" + "f" * 52


class MetaRules(StorageCase):
    """`Transaction.meta`: ``get`` gives what ``put`` stored last under a name, else None."""

    def test_a_name_never_put_is_none(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            assert None is tx.meta.get(NAME)

    def test_a_value_put_is_read_back_in_a_later_transaction(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.meta.put(NAME, VALUE)
            tx.meta.put("other", "ảnh ✓")
        with storage.transaction() as tx:
            assert (VALUE, "ảnh ✓", None) == (
                tx.meta.get(NAME),
                tx.meta.get("other"),
                tx.meta.get("x"),
            )

    def test_put_replaces_the_value_under_the_name(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.meta.put(NAME, VALUE)
        with storage.transaction() as tx:
            tx.meta.put(NAME, OTHER)
            assert OTHER == tx.meta.get(NAME)
        with storage.transaction() as tx:
            assert OTHER == tx.meta.get(NAME)

    def test_a_put_in_a_block_that_raises_is_undone(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.meta.put(NAME, VALUE)
        with pytest.raises(LookupError), storage.transaction() as tx:  # noqa: PT012 - the raise is the point
            tx.meta.put(NAME, OTHER)
            tx.meta.put("other", OTHER)
            raise LookupError
        with storage.transaction() as tx:
            assert (VALUE, None) == (tx.meta.get(NAME), tx.meta.get("other"))
