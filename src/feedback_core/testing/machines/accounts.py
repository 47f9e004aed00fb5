"""`AccountLifecycle`: an account's whole life, from registration to deletion.

Citizens register, activate, log in, reset and change passwords, change their numbers and
leave; an administrator disables and enables them. A plain model of each person and of
every session token (`account_model`) is checked against the store after every step.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Final

from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import CodePurpose
from feedback_core.accounts.sessions import token_hash
from feedback_core.errors import (
    AccountNotActive,
    ActivationError,
    Conflict,
    InvalidCredentials,
    NotFound,
    SendRefused,
    SessionEnded,
)
from feedback_core.testing.machines.account_model import Person, Token, local
from feedback_core.testing.machines.base import WorldMachine, refused
from feedback_core.testing.world import PASSWORD

if TYPE_CHECKING:
    import pendulum

# The World's own citizen has the first; nobody has the others yet.
PHONES: Final = ("+84912345678", "+84381234567", "+84701234567", "+84861234567")
PASSWORDS: Final = (PASSWORD, "mat khau thu hai", "mat khau thu ba")
PICK: Final = st.integers(0, 50)
# Past a cooldown, a code's validity, a login block, the daily window.
STEPS: Final = st.sampled_from([dt.timedelta(seconds=s) for s in (61, 660, 960, 90_000)])


class AccountLifecycle(WorldMachine):
    """Registration, codes of every purpose, sessions, disable and deletion, against a model."""

    def __init__(self) -> None:
        super().__init__()
        citizen = self.world.citizen
        self.people = [Person(citizen.id, PHONES[0], PASSWORD, active=True)]
        self.people[0].sent[CodePurpose.ACTIVATION] = 1
        self.people[0].accepted[CodePurpose.ACTIVATION] = 1
        self.tokens: list[Token] = []
        self.sends: dict[str, list[pendulum.DateTime]] = {PHONES[0]: [self.clock.now()]}
        self.policy = self.system.settings.activation

    def _living(self) -> list[Person]:
        return [p for p in self.people if not p.deleted]

    def _pick(self, n: int) -> Person:
        return self.people[n % len(self.people)]

    def _holder(self, phone: str) -> Person | None:
        return next((p for p in self._living() if p.phone == phone), None)

    def _code(self, person: Person, purpose: CodePurpose) -> str:
        """The code the system texted last for ``purpose`` (recomputed, as the HOTP rules do)."""
        with self.world.storage.transaction() as tx:
            counter = tx.codes.lock(person.id, purpose).counter
        # (a purpose never sent has counter 0: its "code" is one no state accepts)
        secret = otp.derive_secret(self.system.settings.secret_key, person.id, purpose)
        return otp.code_at(secret, counter)

    def _sent_to(self, person: Person | None, phone: str, purpose: CodePurpose) -> None:
        """Count a send to ``phone``, and a code issued to ``person`` if there is one."""
        if person is not None:
            person.sent[purpose] = person.sent.get(purpose, 0) + 1
        self.sends.setdefault(phone, []).append(self.clock.now())

    def _guess(self, person: Person, purpose: CodePurpose, right: bool) -> str:  # noqa: FBT001
        code = self._code(person, purpose)
        return code if right else f"{(int(code) + 1) % 1_000_000:06d}"

    def _end_sessions(self, person: Person, keep: str | None = None) -> None:
        for token in self.tokens:
            if token.person is person and token.value != keep:
                token.ended = True

    @rule(which=st.integers(0, len(PHONES) - 1), password=st.sampled_from(PASSWORDS))
    def register(self, which: int, password: str) -> None:
        """Register a number: refused while someone holds it."""
        phone = PHONES[which]
        form = {"phone": local(phone), "password": password, "full_name": "Người thử"}
        if self._holder(phone) is not None:
            refused(lambda: self.system.register(form), Conflict)
            return
        try:
            account = self.system.register(form)
        except SendRefused:
            return  # the number's limits: nothing registered (the invariants check it)
        person = Person(account.id, phone, password)
        self.people.append(person)
        self._sent_to(person, phone, CodePurpose.ACTIVATION)

    @rule(n=PICK, right=st.booleans())
    def activate(self, n: int, right: bool) -> None:  # noqa: FBT001
        """Enter the right or a wrong activation code."""
        person = self._pick(n)
        if person.deleted:
            return  # its number may be someone else's by now
        if person.active:
            refused(lambda: self.system.activate(local(person.phone), "123456"), Conflict)
            return
        code = self._guess(person, CodePurpose.ACTIVATION, right)
        try:
            self.system.activate(local(person.phone), code)
        except ActivationError:
            return
        assert right  # noqa: S101 - a wrong code never activates
        person.active = True
        person.accept(CodePurpose.ACTIVATION)

    @rule(n=PICK)
    def log_in(self, n: int) -> None:
        """Open a session: only an active account, not blocked, gets one."""
        person, now = self._pick(n), self.clock.now()
        if person.deleted:
            return  # its number may be someone else's by now
        call = partial(self.system.open_session, local(person.phone), person.password)
        if person.blocked(now):
            refused(call, InvalidCredentials)
            return
        person.failures = 0  # the right password clears the count, whatever follows
        if not person.may_act():
            refused(call, AccountNotActive)
            return
        self.tokens.append(Token(call().token, person, now))

    @rule(which=st.integers(0, len(PHONES) - 1))
    def ask_for_a_reset_code(self, which: int) -> None:
        """Ask for a reset code, for any number (registered or not)."""
        phone = PHONES[which]
        person = self._holder(phone)
        try:
            self.system.request_password_reset(local(phone))
        except SendRefused:
            return
        # The send is counted for the number either way; a code goes to active citizens.
        issued = person is not None and person.active and not person.disabled
        self._sent_to(person if issued else None, phone, CodePurpose.RESET)

    @rule(n=PICK, right=st.booleans(), password=st.sampled_from(PASSWORDS))
    def reset(self, n: int, right: bool, password: str) -> None:  # noqa: FBT001
        """Reset the password with the right or a wrong reset code."""
        person = self._pick(n)
        if person.deleted:
            return
        code = self._guess(person, CodePurpose.RESET, right)
        try:
            self.system.reset_password(local(person.phone), code, password)
        except ActivationError:
            return
        assert right and person.active and not person.disabled  # noqa: PT018, S101
        person.password, person.failures, person.blocked_until = password, 0, None
        person.accept(CodePurpose.RESET)
        self._end_sessions(person)

    @rule(t=st.integers(0, 50), right=st.booleans(), password=st.sampled_from(PASSWORDS))
    def change_password(self, t: int, right: bool, password: str) -> None:  # noqa: FBT001
        """Change the password through a live session, with the right or a wrong one."""
        live = [k for k in self.tokens if self._is_live(k)]
        if not live:
            return
        token = live[t % len(live)]
        person = token.person
        current = person.password if right else person.password + "?"
        if person.blocked(self.clock.now()) or not right:
            refused(lambda: self._change(token, current, password), InvalidCredentials)
            if not right:
                person.wrong_password(self.clock.now(), self.system.settings.login)
            return
        self._change(token, current, password)
        person.password, person.failures = password, 0
        self._end_sessions(person, keep=token.value)

    def _change(self, token: Token, current: str, password: str) -> None:
        who = self.system.session_account(token.value)
        kept = next(
            s.id for s in self.system.sessions(who) if s.token_hash == token_hash(token.value)
        )
        self.system.change_password(who, current, password, kept)

    @rule(n=PICK, which=st.integers(0, len(PHONES) - 1), right=st.booleans())
    def change_phone(self, n: int, which: int, right: bool) -> None:  # noqa: FBT001
        """Move to another number, confirmed by the code texted to it."""
        person, phone = self._pick(n), PHONES[which]
        if not person.may_log_in(self.clock.now()) or phone == person.phone:
            return
        if self._holder(phone) is not None:
            refused(lambda: self._ask_phone(person, phone), Conflict)
            person.failures = 0
            return
        try:
            self._ask_phone(person, phone)
        except SendRefused:
            return
        person.failures = 0  # the right password cleared the count
        self._sent_to(person, phone, CodePurpose.PHONE)
        code = self._guess(person, CodePurpose.PHONE, right)
        try:
            self.system.confirm_phone_change(person.id, code)
        except ActivationError:
            assert not right  # noqa: S101 - a fresh right code is never refused
            return
        assert right  # noqa: S101 - a wrong code never changes the number
        person.phone = phone
        person.accept(CodePurpose.PHONE)

    def _ask_phone(self, person: Person, phone: str) -> None:
        self.system.request_phone_change(person.id, local(phone), person.password)

    @precondition(lambda self: len(self._living()) > 0)
    @rule(n=PICK, disable=st.booleans())
    def administrator_acts(self, n: int, disable: bool) -> None:  # noqa: FBT001
        """An administrator disables or enables an account."""
        person = self._pick(n)
        if person.deleted:
            refused(lambda: self.system.disable_account(self.world.admin.id, person.id), NotFound)
            return
        if disable:
            self.system.disable_account(self.world.admin.id, person.id)
            person.disabled = True
            self._end_sessions(person)
        else:
            self.system.enable_account(self.world.admin.id, person.id)
            person.disabled = False

    @rule(n=PICK)
    def leave(self, n: int) -> None:
        """A citizen deletes their account."""
        person = self._pick(n)
        if person.deleted or not person.may_log_in(self.clock.now()):
            return
        self.system.delete_account(person.id, person.password)
        person.deleted = True
        self._end_sessions(person)

    @rule(step=STEPS)
    def time_passes(self, step: dt.timedelta) -> None:
        """Codes expire, cooldowns and blocks run out."""
        self.clock.advance(step)

    @invariant()
    def one_account_per_phone_number(self) -> None:
        """Each number names at most one account: its holder's."""
        with self.world.storage.transaction() as tx:
            for phone in PHONES:
                holder = self._holder(phone)
                stored = tx.accounts.by_login_id(phone)
                assert (holder.id if holder else None) == (stored.id if stored else None)  # noqa: S101
            for person in self.people:
                stored = tx.accounts.get(person.id)
                assert (stored is None) == person.deleted  # noqa: S101
                if stored is not None:
                    assert (person.phone, person.phone) == (stored.login_id, stored.phone)  # noqa: S101

    def _is_live(self, token: Token) -> bool:
        """Whether the model says the token still acts."""
        return token.is_live(self.clock.now(), self.system.settings.sessions.lifetime)

    @invariant()
    def no_session_outlives_what_ends_it(self) -> None:
        """A reset, a change, a disable or a deletion ends sessions."""
        for token in self.tokens:
            if self._is_live(token):
                assert token.person.id == self.system.session_account(token.value).id  # noqa: S101
            else:
                refused(partial(self.system.session_account, token.value), SessionEnded)

    @invariant()
    def codes_accepted_never_exceed_codes_sent(self) -> None:
        """For every account and purpose; and no code takes more wrong tries than allowed."""
        for person in filter(lambda p: not p.deleted, self.people):
            for purpose in CodePurpose:
                with self.world.storage.transaction() as tx:
                    state = tx.codes.lock(person.id, purpose)
                assert state.wrong_tries <= self.policy.max_wrong_tries  # noqa: S101
                assert person.accepted.get(purpose, 0) <= person.sent.get(purpose, 0)  # noqa: S101

    @invariant()
    def no_number_gets_more_texts_a_day_than_the_policy_allows(self) -> None:
        """Whatever the purposes."""
        now = self.clock.now()
        for times in self.sends.values():
            recent = [t for t in times if t > now - self.policy.send_window]
            assert len(recent) <= self.policy.max_sends  # noqa: S101
