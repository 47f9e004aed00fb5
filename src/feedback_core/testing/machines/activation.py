"""`ActivationLifecycle`: registration and SMS activation codes, against a plain model.

The model keeps, per phone number, the sends and every code texted, the live code's
wrong tries and the account's failures in total. Its numbers come from the system's
`ActivationPolicy`, so a world built with stricter settings is checked against them.
The model, `CodeModel`, is in `feedback_core.testing.machines.models`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from functools import partial
from typing import TYPE_CHECKING, Final

from hypothesis import assume, reject
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import CodePurpose
from feedback_core.accounts.model import AccountStatus
from feedback_core.errors import (
    AccountLocked,
    CodeDead,
    CodeExpired,
    CodeWrong,
    Conflict,
    NotFound,
    SendCooldown,
    SendLimit,
)
from feedback_core.testing.machines.base import WorldMachine, refused
from feedback_core.testing.machines.models import CodeModel
from feedback_core.testing.strategies import registration_forms, written_forms

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

    from feedback_core.accounts.input import RegistrationPolicy
    from feedback_core.errors import FeedbackError

# The World's own citizen (active from the start) and two numbers nobody registered yet.
PHONES: Final = ("+84912345678", "+84381234567", "+84701234567")
WHICH: Final = st.integers(0, len(PHONES) - 1)
MICROSECOND: Final = dt.timedelta(microseconds=1)
CODES: Final = st.text("0123456789", min_size=6, max_size=6)
# Built once: Hypothesis validates a strategy on its first draw, which adds up per step.
WRITTEN: Final = tuple(written_forms(p) for p in PHONES)
STEPS: Final = st.one_of(
    st.integers(1, 120).map(lambda n: dt.timedelta(seconds=n)),
    st.integers(1, 10).map(lambda n: dt.timedelta(minutes=n)),
    st.integers(1, 30).map(lambda n: dt.timedelta(hours=n)),
)


@functools.cache
def _registrations(policy: RegistrationPolicy, which: int) -> SearchStrategy[dict[str, object]]:
    """Registration forms for ``PHONES[which]``, in any written form."""
    return registration_forms(policy, phones=WRITTEN[which])


class ActivationLifecycle(WorldMachine):
    """Register, ask for codes, type right, wrong and old codes while the clock runs."""

    def __init__(self) -> None:
        super().__init__()
        self.policy = self.system.settings.activation
        citizen = self.world.citizen
        seeded = CodeModel(citizen.id, AccountStatus.ACTIVE, [], citizen.created_at, spent=True)
        seeded.codes.append(self.world.sms.last_code(PHONES[0]))
        self.model: dict[str, CodeModel] = {PHONES[0]: seeded}
        self.sends: dict[str, list[dt.datetime]] = {PHONES[0]: [citizen.created_at]}

    def _written(self, which: int, data: st.DataObject) -> tuple[str, str]:
        return PHONES[which], data.draw(WRITTEN[which], label="written")

    def _text_a_code(self, phone: str) -> None:
        m, now = self.model[phone], self.clock.now()
        m.codes.append(self.world.sms.last_code(phone))
        m.issued_at, m.wrong_tries, m.spent = now, 0, False
        self.sends.setdefault(phone, []).append(now)

    # the rules in plain words ------------------------------------------------------------

    def send_refusal(self, phone: str) -> tuple[tuple[type[FeedbackError], ...], int]:
        """Why a send must be refused now, and in how many seconds one would succeed."""
        now, p = self.clock.now(), self.policy
        if self.model[phone].total_failures >= p.lock_after:
            return (AccountLocked,), 0
        recent = sorted(t for t in self.sends.get(phone, []) if t > now - p.send_window)
        waits: dict[type[FeedbackError], dt.datetime] = {}
        if recent and now < recent[-1] + p.cooldown:
            waits[SendCooldown] = recent[-1] + p.cooldown
        if len(recent) >= p.max_sends:
            waits[SendLimit] = recent[-p.max_sends] + p.send_window
        if not waits:
            return (), 0
        # "retry after" promises that a send then succeeds: it must wait for every reason.
        return tuple(waits), max(1, math.ceil((max(waits.values()) - now).total_seconds()))

    def code_refusal(self, m: CodeModel) -> tuple[type[FeedbackError], ...]:
        """Why no guess can be judged now: locked account, dead code, expired code."""
        if m.total_failures >= self.policy.lock_after:
            return (AccountLocked,)
        dead = (CodeDead,) if m.spent or m.wrong_tries >= self.policy.max_wrong_tries else ()
        assert m.issued_at is not None  # noqa: S101 - every account got a code on registering
        expired = (CodeExpired,) if self.clock.now() >= m.issued_at + self.policy.ttl else ()
        return dead + expired

    def _pending(self, phone: str, call: Callable[[], object]) -> CodeModel | None:
        """The model of a registered, not yet active account; else check the refusal.

        Unregistered numbers are not found; active accounts are a conflict.
        """
        m = self.model.get(phone)
        if m is not None and m.status is not AccountStatus.ACTIVE:
            return m
        self.refused_unchanged(call, NotFound if m is None else Conflict)
        return None

    # rules -------------------------------------------------------------------------------

    @rule(which=WHICH, data=st.data())
    def register(self, which: int, data: st.DataObject) -> None:
        """A number registers once; registering texts the first code."""
        phone, policy = PHONES[which], self.system.settings.registration
        form = data.draw(_registrations(policy, which), label="form")
        if phone in self.model:
            self.refused_unchanged(partial(self.system.register, form), Conflict)
            return
        account = self.system.register(form)
        assert phone == account.login_id  # noqa: S101
        self.model[phone] = CodeModel(account.id)
        self._text_a_code(phone)

    @rule(which=WHICH, data=st.data())
    def send_code(self, which: int, data: st.DataObject) -> None:
        """A new code kills the old one; cooldown, daily limit and lock refuse a send."""
        phone, written = self._written(which, data)
        call = partial(self.system.send_activation_code, written)
        if self._pending(phone, call) is None:
            return
        errors, retry_after = self.send_refusal(phone)
        if errors:
            error = self.refused_unchanged(call, *errors)
            assert retry_after == getattr(error, "retry_after", 0)  # noqa: S101
            return
        call()
        self._text_a_code(phone)

    @rule(which=WHICH, data=st.data())
    def enter_right_code(self, which: int, data: st.DataObject) -> None:
        """The live code activates, once, within its validity."""
        phone, written = self._written(which, data)
        known = self.model.get(phone)
        call = partial(self.system.activate, written, known.codes[-1] if known else "000000")
        m = self._pending(phone, call)
        if m is None:
            return
        refusal = self.code_refusal(m)
        if refusal:
            self.refused_unchanged(call, *refusal)
            return
        assert call().status is AccountStatus.ACTIVE  # noqa: S101
        m.status, m.spent = AccountStatus.ACTIVE, True

    @rule(which=WHICH, data=st.data(), guess=CODES)
    def enter_wrong_code(self, which: int, data: st.DataObject, guess: str) -> None:
        """A wrong guess counts; the fifth kills the code, the hundredth locks the account."""
        self._guess_wrong(which, data, guess)

    @rule(which=WHICH, data=st.data())
    def enter_an_old_code(self, which: int, data: st.DataObject) -> None:
        """A code replaced by a newer one is just a wrong code."""
        m = self.model.get(PHONES[which])
        if m is None or len(m.codes) < 2:  # noqa: PLR2004 - an old and a live one
            reject()
        self._guess_wrong(which, data, data.draw(st.sampled_from(m.codes[:-1]), label="old"))

    def _guess_wrong(self, which: int, data: st.DataObject, guess: str) -> None:
        phone, written = self._written(which, data)
        known = self.model.get(phone)
        assume(known is None or guess not in known.codes[-1:])
        call = partial(self.system.activate, written, guess)
        m = self._pending(phone, call)
        if m is None:
            return
        refusal = self.code_refusal(m)
        if refusal:
            self.refused_unchanged(call, *refusal)
            return
        m.wrong_tries, m.total_failures = m.wrong_tries + 1, m.total_failures + 1
        tries_left = self.policy.max_wrong_tries - m.wrong_tries
        if m.total_failures >= self.policy.lock_after:
            m.status = AccountStatus.LOCKED
            self._refused_counted(call, AccountLocked)
        elif tries_left <= 0:
            self._refused_counted(call, CodeDead)
        else:
            error = self._refused_counted(call, CodeWrong)
            assert tries_left == getattr(error, "tries_left", None)  # noqa: S101

    @staticmethod
    def _refused_counted(call: Callable[[], object], error: type[FeedbackError]) -> FeedbackError:
        """The guess is refused, and counted: the refusal is committed, not rolled back."""
        return refused(call, error)

    @rule(which=WHICH, data=st.data())
    def ask_again_after_the_cooldown(self, which: int, data: st.DataObject) -> None:
        """The citizen waits exactly the cooldown and asks for a new code."""
        self.clock.advance(self.policy.cooldown)
        self.send_code(which, data)

    @rule(which=WHICH, data=st.data())
    def guess_until_the_code_dies(self, which: int, data: st.DataObject) -> None:
        """Wrong guesses, as many as a code allows."""
        for _ in range(self.policy.max_wrong_tries):
            self._guess_wrong(which, data, data.draw(CODES, label="guess"))

    @rule(which=WHICH, data=st.data(), late=st.booleans())
    def enter_the_code_at_the_edge_of_its_validity(
        self,
        which: int,
        data: st.DataObject,
        late: bool,  # noqa: FBT001
    ) -> None:
        """The live code works until a microsecond before it expires, and not from then on."""
        m = self.model.get(PHONES[which])
        if m is None or m.issued_at is None:
            reject()
        edge = m.issued_at + self.policy.ttl - (dt.timedelta(0) if late else MICROSECOND)
        assume(edge >= self.clock.now())  # the clock never goes back
        self.clock.advance(edge - self.clock.now())
        self.enter_right_code(which, data)

    @rule(step=STEPS)
    def time_passes(self, step: dt.timedelta) -> None:
        """Codes expire after the policy's validity; cooldowns and daily limits run out."""
        self.clock.advance(step)

    # invariants --------------------------------------------------------------------------

    @invariant()
    def stored_code_states_are_as_modelled(self) -> None:
        """Sends, wrong tries (never above the policy's maximum), failures, status."""
        for phone, m in self.model.items():
            with self.world.storage.transaction() as tx:
                state = tx.codes.lock(m.account_id, CodePurpose.ACTIVATION)
                account = tx.accounts.by_login_id(phone)
            assert account is not None  # noqa: S101
            assert state.wrong_tries <= self.policy.max_wrong_tries  # noqa: S101
            expected = (len(m.codes), m.wrong_tries, m.spent, m.total_failures, m.status)
            got = (state.counter, state.wrong_tries, state.spent, state.total_failures)
            assert expected == (*got, account.status)  # noqa: S101

    @invariant()
    def only_the_live_code_can_succeed(self) -> None:
        """Dead after success, after a newer send, after expiry, after too many wrong tries."""
        now, key = self.clock.now(), self.system.settings.secret_key
        for m in self.model.values():
            with self.world.storage.transaction() as tx:
                state = tx.codes.lock(m.account_id, CodePurpose.ACTIVATION)
            live = not self.code_refusal(m)
            secret = otp.derive_secret(key, m.account_id)
            for code in set(m.codes):
                verdict = otp.verify(state, secret, code, now, self.policy)
                assert (live and code == m.codes[-1]) == verdict.succeeded  # noqa: S101
