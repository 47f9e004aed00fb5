"""One-time SMS codes: pure rules on top of `pyotp.HOTP` (numbers in docs/rules.md).

A code has a purpose: activating the account, resetting its password, or confirming a
new phone number. Each purpose keeps its own state, and the HOTP secret is derived from
the server key, the purpose and the account id and never stored, so a leaked database
reveals no code and a code of one purpose is never a code of another. The counter goes up
on every send, which kills the previous code. Each function takes the stored state and
returns the next one; the use case writes it in the same transaction as its checks,
under a row lock, so counting is atomic.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import functools
import hashlib
import hmac
import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
import pyotp

from feedback_core.clock import earlier, elapsed, later
from feedback_core.errors import (
    AccountLocked,
    ActivationError,
    CodeDead,
    CodeExpired,
    CodeWrong,
    SendCooldown,
    SendLimit,
    ValidationError,
)
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Sequence

DIGITS: Final = 6
MAX_TTL: Final = dt.timedelta(minutes=10)


def _ttl_at_most_ten_minutes(_: object, __: object, value: dt.timedelta) -> None:
    if not dt.timedelta(0) < value <= MAX_TTL:
        raise ValueError("activation code validity must be in (0, 10 minutes]")


@attrs.frozen
class ActivationPolicy:
    """How long a code lives, how often it may be guessed and sent."""

    ttl: dt.timedelta = attrs.field(
        default=dt.timedelta(minutes=5), validator=_ttl_at_most_ten_minutes
    )
    max_wrong_tries: int = 5
    cooldown: dt.timedelta = dt.timedelta(seconds=60)
    max_sends: int = 5
    send_window: dt.timedelta = dt.timedelta(hours=24)
    lock_after: int = 100


class CodePurpose(enum.StrEnum):
    """What a code is for; a code is only ever accepted for its own purpose."""

    ACTIVATION = "activation"
    RESET = "reset"  # of a forgotten password
    PHONE = "phone"  # confirms a new phone number before it becomes the login ID


@attrs.frozen
class CodeState:
    """The one live code of an account for one purpose: its HOTP counter and its uses."""

    account_id: uuid.UUID
    counter: int = 0  # 0: no code sent yet
    issued_at: pendulum.DateTime | None = None
    wrong_tries: int = 0
    spent: bool = False  # used, or killed by wrong tries
    total_failures: int = 0
    purpose: CodePurpose = CodePurpose.ACTIVATION
    target: str | None = None  # the new number a PHONE code was sent to


@attrs.frozen
class Verification:
    """What a guess did: the state to store and, unless it succeeded, the error to raise."""

    state: CodeState
    error: ActivationError | None = None

    @property
    def succeeded(self) -> bool:
        """Whether the code was right."""
        return self.error is None


@functools.lru_cache(maxsize=1024)
def derive_secret(
    server_key: bytes, account_id: uuid.UUID, purpose: CodePurpose = CodePurpose.ACTIVATION
) -> str:
    """The account's HOTP secret (base32) for one purpose, recomputed and never stored.

    Kept in a small in-process cache, no more exposed than the server key beside it: the
    verify that follows a send derives the same secret again.
    """
    label = purpose.value.encode("ascii") + b":"
    digest = hmac.new(server_key, label + account_id.bytes, hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")


def number_key(server_key: bytes, phone: str) -> str:
    """What sends to ``phone`` are counted under: a keyed digest, never the number itself.

    The daily cap must outlive the account (a citizen who deletes their account and
    registers again gets no fresh allowance of texts), and nothing kept after a deletion
    may hold the number: an HMAC with the server key is stable, and reveals the number
    only to someone who holds the key and guesses it.
    """
    return hmac.new(server_key, b"sends:" + phone.encode(), hashlib.sha256).hexdigest()


def code_at(secret: str, counter: int) -> str:
    """The 6-digit code for ``counter``."""
    return _hotp(secret).at(counter)


class _DecodedOnce(pyotp.HOTP):
    """pyotp's HOTP, decoding its base32 secret once instead of on every code.

    pyotp decodes the secret when built and again for each code, and base32 decoding is
    most of an HOTP's cost (about 10 us of 12); the key bytes never change.
    """

    def byte_secret(self) -> bytes:
        key: bytes | None = self.__dict__.get("_key")
        if key is None:
            key = self._key = super().byte_secret()
        return key


@functools.lru_cache(maxsize=256)
def _hotp(secret: str) -> pyotp.HOTP:
    # A send and the verify that follows it use the same secret; HOTP objects hold no state
    # that `at` or `verify` change, so one may serve both, and threads.
    return _DecodedOnce(secret, digits=DIGITS)


def check_send(
    state: CodeState,
    sends: Sequence[pendulum.DateTime],
    now: pendulum.DateTime,
    policy: ActivationPolicy,
) -> None:
    """Refuse a send during the cooldown, past the per-number limit, or on a locked account."""
    if state.total_failures >= policy.lock_after:
        raise AccountLocked(message("account_locked"), field="phone")
    window_start = earlier(now, policy.send_window)
    recent = sorted(t for t in sends if t > window_start)
    cooldown_ends = later(recent[-1], policy.cooldown) if recent else now
    if len(recent) >= policy.max_sends:
        # retry_after promises a send then succeeds: wait out the cooldown too if it is later.
        frees_a_slot = later(recent[-policy.max_sends], policy.send_window)
        wait = _seconds(elapsed(now, max(frees_a_slot, cooldown_ends)))
        raise SendLimit(message("send_limit"), wait)
    if now < cooldown_ends:
        wait = _seconds(elapsed(now, cooldown_ends))
        raise SendCooldown(message("send_cooldown", seconds=wait), wait)


def issue(state: CodeState, now: pendulum.DateTime, target: str | None = None) -> CodeState:
    """The state after a send: a new counter, which kills every earlier code."""
    return attrs.evolve(
        state, counter=state.counter + 1, issued_at=now, wrong_tries=0, spent=False, target=target
    )


def check_code_format(value: object) -> str:
    """Six ASCII digits, or a ValidationError on "code" (a typo is not a counted guess)."""
    if not isinstance(value, str):
        raise ValidationError.single("code", "wrong_type", expected="text")
    code = value.strip()
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        raise ValidationError.single("code", "invalid_code", digits=DIGITS)
    return code


def verify(
    state: CodeState, secret: str, code: str, now: pendulum.DateTime, policy: ActivationPolicy
) -> Verification:
    """Judge one guess; a wrong guess is counted on the code and on the account."""
    refusal = _refusal(state, now, policy)
    if refusal is not None:
        return Verification(state, refusal)
    if _hotp(secret).verify(code, state.counter):
        return Verification(attrs.evolve(state, spent=True))
    wrong = attrs.evolve(
        state, wrong_tries=state.wrong_tries + 1, total_failures=state.total_failures + 1
    )
    return Verification(wrong, _wrong_guess_error(wrong, policy))


def _refusal(
    state: CodeState, now: pendulum.DateTime, policy: ActivationPolicy
) -> ActivationError | None:
    if state.total_failures >= policy.lock_after:
        return AccountLocked(message("account_locked"), field="code")
    if state.issued_at is None or state.spent or state.wrong_tries >= policy.max_wrong_tries:
        return CodeDead(message("code_dead"), field="code")
    if now >= later(state.issued_at, policy.ttl):
        return CodeExpired(message("code_expired"), field="code")
    return None


def _wrong_guess_error(state: CodeState, policy: ActivationPolicy) -> ActivationError:
    if state.total_failures >= policy.lock_after:
        return AccountLocked(message("account_locked"), field="code")
    tries_left = policy.max_wrong_tries - state.wrong_tries
    if tries_left <= 0:
        return CodeDead(message("code_dead"), field="code")
    return CodeWrong(tries_left)


def _seconds(delta: dt.timedelta) -> int:
    return max(1, int(-(-delta.total_seconds() // 1)))
