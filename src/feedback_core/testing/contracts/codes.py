"""One-time codes: a state per account and purpose; send times per phone number."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pytest

from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase
from feedback_core.testing.contracts.transactions import write_then_raise

if TYPE_CHECKING:
    import pendulum

    from feedback_core.ports import Storage, Transaction

PHONE: Final = "+84912345678"
OTHER_PHONE: Final = "+84381234567"
NEW_PHONE: Final = "+84701234567"
P = CodePurpose
LONG_AGO: Final = rec.T0.subtract(days=1)


def sent(account_id: uuid.UUID, purpose: CodePurpose, counter: int = 1) -> CodeState:
    """The state after ``counter`` sends for ``purpose`` (a phone code names its number)."""
    target = NEW_PHONE if purpose is P.PHONE else None
    return CodeState(account_id, counter, rec.T0, purpose=purpose, target=target)


def states(tx: Transaction, *account_ids: uuid.UUID) -> list[CodeState]:
    """The state of every purpose of each account, in order."""
    return [tx.codes.lock(a, p) for a in account_ids for p in P]


def sends(tx: Transaction, *phones: str) -> list[list[pendulum.DateTime]]:
    """The send times of each phone."""
    return [sorted(tx.codes.sends_since(phone, LONG_AGO)) for phone in phones]


class CodeRules(StorageCase):
    """Code state per account and purpose; send times per phone number, whatever the purpose."""

    @pytest.mark.parametrize("purpose", list(P))
    def test_lock_gives_a_fresh_state_of_its_purpose_to_an_account_without_one(
        self, storage: Storage, purpose: CodePurpose
    ) -> None:
        account_id = uuid.uuid4()
        with storage.transaction() as tx:
            assert CodeState(account_id, purpose=purpose) == tx.codes.lock(account_id, purpose)

    @pytest.mark.parametrize("purpose", list(P))
    def test_lock_gives_the_state_saved_last(self, storage: Storage, purpose: CodePurpose) -> None:
        account_id, other = uuid.uuid4(), uuid.uuid4()
        first = sent(account_id, purpose)
        guessed = attrs.evolve(first, wrong_tries=1, total_failures=1)
        with storage.transaction() as tx:
            tx.codes.save(first)
            tx.codes.save(sent(other, purpose, 3))
        with storage.transaction() as tx:
            assert first == tx.codes.lock(account_id, purpose)
            tx.codes.save(guessed)
        with storage.transaction() as tx:
            assert guessed == tx.codes.lock(account_id, purpose)

    def test_each_purpose_keeps_its_own_state(self, storage: Storage) -> None:
        account_id = uuid.uuid4()
        reset = sent(account_id, P.RESET, 2)
        activation = attrs.evolve(sent(account_id, P.ACTIVATION), spent=True)
        with storage.transaction() as tx:
            tx.codes.save(reset)
        with storage.transaction() as tx:
            assert [CodeState(account_id), reset, CodeState(account_id, purpose=P.PHONE)] == (
                states(tx, account_id)
            )
            tx.codes.save(activation)
        with storage.transaction() as tx:
            assert [activation, reset, CodeState(account_id, purpose=P.PHONE)] == (
                states(tx, account_id)
            )

    def test_forget_erases_the_accounts_states_and_only_its_phones_sends(
        self, storage: Storage
    ) -> None:
        leaving, staying = uuid.uuid4(), uuid.uuid4()
        with storage.transaction() as tx:
            for p in P:
                tx.codes.save(sent(leaving, p))
                tx.codes.save(sent(staying, p, 4))
            for phone in (PHONE, NEW_PHONE, OTHER_PHONE):
                tx.codes.record_send(phone, rec.T0)
                tx.codes.record_send(phone, rec.minutes(1))
        with storage.transaction() as tx:
            tx.codes.forget(leaving, [PHONE, NEW_PHONE])
        with storage.transaction() as tx:
            assert [CodeState(leaving, purpose=p) for p in P] == states(tx, leaving)
            assert [sent(staying, p, 4) for p in P] == states(tx, staying)
            assert [[], [], [rec.T0, rec.minutes(1)]] == sends(tx, PHONE, NEW_PHONE, OTHER_PHONE)

    def test_forget_of_an_account_without_codes_changes_nothing(self, storage: Storage) -> None:
        staying = uuid.uuid4()
        with storage.transaction() as tx:
            tx.codes.save(sent(staying, P.RESET))
            tx.codes.record_send(PHONE, rec.T0)
        with storage.transaction() as tx:
            tx.codes.forget(uuid.uuid4(), [])
            tx.codes.forget(uuid.uuid4(), [OTHER_PHONE])
        with storage.transaction() as tx:
            assert (sent(staying, P.RESET), [[rec.T0]]) == (
                tx.codes.lock(staying, P.RESET),
                sends(tx, PHONE),
            )

    def test_a_rolled_back_forget_keeps_every_state_and_send(self, storage: Storage) -> None:
        account_id = uuid.uuid4()
        with storage.transaction() as tx:
            for p in P:
                tx.codes.save(sent(account_id, p))
            tx.codes.record_send(PHONE, rec.T0)
            before = (states(tx, account_id), sends(tx, PHONE))
        write_then_raise(storage, lambda tx: tx.codes.forget(account_id, [PHONE]))
        with storage.transaction() as tx:
            assert before == (states(tx, account_id), sends(tx, PHONE))

    def test_sends_since_lists_the_sends_to_that_phone_after_the_instant(
        self, storage: Storage
    ) -> None:
        times = [rec.T0, rec.minutes(1), rec.minutes(2)]
        with storage.transaction() as tx:
            for t in times:
                tx.codes.record_send(PHONE, t)
            tx.codes.record_send(OTHER_PHONE, rec.minutes(1))
        with storage.transaction() as tx:
            found = [sorted(tx.codes.sends_since(PHONE, t - rec.US)) for t in times]
            after_all = tx.codes.sends_since(PHONE, rec.minutes(2))
        assert [times, times[1:], times[2:]] == found
        assert [] == after_all  # "after" excludes the instant itself

    def test_two_sends_at_the_same_instant_count_twice(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.codes.record_send(PHONE, rec.T0)
            tx.codes.record_send(PHONE, rec.T0)
        with storage.transaction() as tx:
            assert [rec.T0, rec.T0] == tx.codes.sends_since(PHONE, rec.T0 - rec.US)
