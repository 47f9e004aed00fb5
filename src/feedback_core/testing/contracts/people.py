"""Accounts and units (one-time codes are in codes.py)."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pytest

from feedback_core.accounts.model import AccountStatus, Role
from feedback_core.errors import Conflict
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase

if TYPE_CHECKING:
    from feedback_core.ports import Storage

PHONE = "+84912345678"
OTHER_PHONE = "+84381234567"


class AccountRules(StorageCase):
    """Accounts by id and by login ID; one account per login ID."""

    def test_an_added_account_is_found_by_id_and_by_login_id(self, storage: Storage) -> None:
        account = rec.account(PHONE)
        with storage.transaction() as tx:
            tx.accounts.add(account)
        with storage.transaction() as tx:
            assert (account, account) == (
                tx.accounts.get(account.id),
                tx.accounts.by_login_id(PHONE),
            )

    def test_an_unknown_account_is_none(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.accounts.add(rec.account(PHONE))
            assert (None, None) == (
                tx.accounts.get(uuid.uuid4()),
                tx.accounts.by_login_id(OTHER_PHONE),
            )

    def test_a_taken_login_id_is_a_conflict_and_keeps_the_first_account(
        self, storage: Storage
    ) -> None:
        first = rec.account(PHONE)
        with storage.transaction() as tx:
            tx.accounts.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.accounts.add(rec.account(PHONE))
        with storage.transaction() as tx:
            assert first == tx.accounts.by_login_id(PHONE)

    def test_update_replaces_the_stored_account(self, storage: Storage) -> None:
        account = attrs.evolve(rec.account(PHONE), status=AccountStatus.PENDING)
        changed = attrs.evolve(
            account,
            status=AccountStatus.LOCKED,
            failed_logins=5,
            login_blocked_until=rec.minutes(15),
        )
        with storage.transaction() as tx:
            tx.accounts.add(account)
            tx.accounts.add(other := rec.account(OTHER_PHONE))
        with storage.transaction() as tx:
            tx.accounts.update(changed)
        with storage.transaction() as tx:
            assert [changed, changed, other] == [
                tx.accounts.get(account.id),
                tx.accounts.by_login_id(PHONE),
                tx.accounts.get(other.id),
            ]

    def test_update_moves_the_login_id_and_the_role(self, storage: Storage) -> None:
        account = rec.account(PHONE)
        moved = attrs.evolve(account, login_id=OTHER_PHONE, phone=OTHER_PHONE, role=Role.ADMIN)
        with storage.transaction() as tx:
            tx.accounts.add(account)
        with storage.transaction() as tx:
            tx.accounts.update(moved)
        with storage.transaction() as tx:
            assert [None, moved, moved, True, [moved]] == [
                tx.accounts.by_login_id(PHONE),
                tx.accounts.by_login_id(OTHER_PHONE),
                tx.accounts.get(account.id),
                tx.accounts.has_admin(),
                tx.accounts.admins(),
            ]
            tx.accounts.add(again := rec.account(PHONE))  # the old login ID is free
        with storage.transaction() as tx:
            assert again == tx.accounts.by_login_id(PHONE)

    def test_update_to_a_taken_login_id_is_a_conflict_and_changes_nothing(
        self, storage: Storage
    ) -> None:
        first, second = rec.account(PHONE), rec.account(OTHER_PHONE)
        with storage.transaction() as tx:
            tx.accounts.add(first)
            tx.accounts.add(second)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.accounts.update(attrs.evolve(second, login_id=PHONE, phone=PHONE))
        with storage.transaction() as tx:
            assert [first, second, second] == [
                tx.accounts.by_login_id(PHONE),
                tx.accounts.by_login_id(OTHER_PHONE),
                tx.accounts.get(second.id),
            ]

    def test_remove_erases_the_account_once_and_frees_its_login_id(self, storage: Storage) -> None:
        leaving, staying = rec.account(PHONE), rec.account(OTHER_PHONE)
        with storage.transaction() as tx:
            tx.accounts.add(leaving)
            tx.accounts.add(staying)
        with storage.transaction() as tx:
            first = tx.accounts.remove(leaving.id)
        with storage.transaction() as tx:
            assert [True, False, None, None, staying] == [
                first,
                tx.accounts.remove(leaving.id),
                tx.accounts.get(leaving.id),
                tx.accounts.by_login_id(PHONE),
                tx.accounts.by_login_id(OTHER_PHONE),
            ]
            tx.accounts.add(newcomer := rec.account(PHONE))
        with storage.transaction() as tx:
            assert (newcomer, None) == (tx.accounts.by_login_id(PHONE), tx.accounts.get(leaving.id))

    def test_remove_of_an_unknown_account_is_false(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.accounts.add(rec.account(PHONE))
            assert False is tx.accounts.remove(uuid.uuid4())

    def test_has_admin_is_true_once_an_administrator_exists(self, storage: Storage) -> None:
        answers = []
        with storage.transaction() as tx:
            answers.append(tx.accounts.has_admin())
            tx.accounts.add(rec.account(PHONE))
            tx.accounts.add(rec.account("tiepnhan", Role.OPERATOR))
            answers.append(tx.accounts.has_admin())
            tx.accounts.add(rec.account("quantri", Role.ADMIN))
            answers.append(tx.accounts.has_admin())
        assert [False, False, True] == answers

    def test_admins_lists_every_administrator_by_login_id(self, storage: Storage) -> None:
        admins = [rec.account(name, Role.ADMIN) for name in ("quantri", "admin_tinh", "quantri2")]
        with storage.transaction() as tx:
            assert [] == tx.accounts.admins()
            tx.accounts.add(rec.account(PHONE))
            tx.accounts.add(rec.account("tiepnhan", Role.OPERATOR))
            for admin in admins:
                tx.accounts.add(admin)
        with storage.transaction() as tx:
            assert sorted(admins, key=lambda a: a.login_id) == tx.accounts.admins()


class UnitRules(StorageCase):
    """Agency units by id and by code; one unit per code; listed by code."""

    def test_an_added_unit_is_found_by_id_and_by_code(self, storage: Storage) -> None:
        unit = rec.unit("sotnmt")
        with storage.transaction() as tx:
            tx.units.add(unit)
        with storage.transaction() as tx:
            assert (unit, unit) == (tx.units.get(unit.id), tx.units.by_code("sotnmt"))

    def test_an_unknown_unit_is_none(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.units.add(rec.unit("sotnmt"))
            assert (None, None) == (tx.units.get(uuid.uuid4()), tx.units.by_code("sogtvt"))

    def test_a_taken_unit_code_is_a_conflict_and_keeps_the_first_unit(
        self, storage: Storage
    ) -> None:
        first = rec.unit("sotnmt")
        with storage.transaction() as tx:
            tx.units.add(first)
        with storage.transaction() as tx, pytest.raises(Conflict):
            tx.units.add(rec.unit("sotnmt", "Sở khác"))
        with storage.transaction() as tx:
            assert [first] == tx.units.all()

    def test_all_lists_every_unit_ordered_by_code(self, storage: Storage) -> None:
        units = [rec.unit(code) for code in ("sotnmt", "congan", "sogtvt", "soyte", "sotc")]
        with storage.transaction() as tx:
            assert [] == tx.units.all()
            for unit in units:
                tx.units.add(unit)
        with storage.transaction() as tx:
            assert sorted(units, key=lambda u: u.code) == tx.units.all()
