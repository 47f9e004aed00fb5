"""Activation codes: send limits, guess counting, expiry, single use, secrets never stored."""

import base64
import datetime as dt
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import attrs
import pendulum
import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_core import (
    AccountLocked,
    AccountStatus,
    ActivationError,
    ActivationPolicy,
    CodeDead,
    CodeExpired,
    CodeWrong,
    Conflict,
    DeliveryFailed,
    NotFound,
    SendCooldown,
    SendLimit,
    Settings,
    ValidationError,
)
from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import CodePurpose
from feedback_core.accounts.events import AccountActivated, AccountLockedOut, ActivationCodeSent
from feedback_core.testing import World
from feedback_core.testing.world import PASSWORD, SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender

PHONE = "0987654321"
E164 = "+84987654321"
T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")  # the world's start, 09:00 in Vietnam


def register(world, phone=PHONE):
    return world.system.register(
        {"phone": phone, "password": PASSWORD, "full_name": "Trần Thị Bình"}
    )


def wrong(code):
    """A six-digit code that is certainly not ``code``."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def code_state(world, account_id):
    return world.storage.tables.codes[(account_id, CodePurpose.ACTIVATION)]


def sent_to(world, phone):
    return [s for s in world.sms.sent if s.phone == phone]


def events_of(world, kind, account_id):
    return [
        e
        for e in [e for _, e in world.system.events(limit=500)]
        if isinstance(e, kind) and e.account_id == account_id
    ]


def seconds(n):
    return dt.timedelta(seconds=n)


# --- sending -----------------------------------------------------------------------------


def test_registration_texts_a_six_digit_code_valid_for_5_minutes(world):
    account = register(world)
    [sms] = sent_to(world, E164)
    code = world.sms.last_code(E164)
    assert 6 == len(code)
    assert code in sms.text
    assert "5 phut" in sms.text
    assert [account.id] == [e.account_id for e in events_of(world, ActivationCodeSent, account.id)]


def test_the_texted_code_is_hotp_of_the_derived_secret_at_the_send_counter(world):
    account = register(world)
    secret = otp.derive_secret(SECRET_KEY, account.id)
    assert otp.code_at(secret, 1) == world.sms.last_code(E164)
    world.clock.advance(seconds(60))
    world.system.send_activation_code(PHONE)
    assert otp.code_at(secret, 2) == world.sms.last_code(E164)


def test_a_new_code_is_refused_for_60_seconds_after_the_last_send(world):
    register(world)
    world.clock.advance(seconds(59))
    with pytest.raises(SendCooldown) as info:
        world.system.send_activation_code(PHONE)
    assert 1 == info.value.retry_after
    assert "phone" == info.value.field
    assert "send_cooldown" == info.value.code
    world.clock.advance(seconds(1))
    world.system.send_activation_code(PHONE)
    assert 2 == len(sent_to(world, E164))


def test_cooldown_retry_after_rounds_up_to_whole_seconds(world):
    register(world)
    world.clock.advance(dt.timedelta(seconds=20, milliseconds=500))
    with pytest.raises(SendCooldown) as info:
        world.system.send_activation_code(PHONE)
    assert 40 == info.value.retry_after
    assert "phone: Wait 40 seconds before asking for a new code." == info.value.render("en")


def test_a_refused_send_texts_nothing_and_counts_nothing(world):
    register(world)
    before = world.storage.snapshot()
    with pytest.raises(SendCooldown):
        world.system.send_activation_code(PHONE)
    assert before == world.storage.snapshot()
    assert 1 == len(sent_to(world, E164))


def test_five_sends_per_number_in_24_hours_then_send_limit_with_retry_after(world):
    register(world)  # send 1 at T0
    for _ in range(4):  # sends 2..5 at T0 + 60, 120, 180, 240 s
        world.clock.advance(seconds(60))
        world.system.send_activation_code(PHONE)
    world.clock.advance(seconds(60))
    with pytest.raises(SendLimit) as info:
        world.system.send_activation_code(PHONE)
    assert 24 * 3600 - 300 == info.value.retry_after
    assert "send_limit" == info.value.code
    assert 5 == len(sent_to(world, E164))


def test_the_send_window_slides_the_first_send_frees_a_slot_24_hours_later(world):
    register(world)
    for _ in range(4):
        world.clock.advance(seconds(60))
        world.system.send_activation_code(PHONE)
    world.clock.set(T0 + dt.timedelta(hours=24) - seconds(1))
    with pytest.raises(SendLimit) as info:
        world.system.send_activation_code(PHONE)
    assert 1 == info.value.retry_after
    world.clock.set(T0 + dt.timedelta(hours=24))
    world.system.send_activation_code(PHONE)
    assert 6 == len(sent_to(world, E164))


def test_the_send_limit_is_per_number(world):
    register(world)
    for _ in range(4):
        world.clock.advance(seconds(60))
        world.system.send_activation_code(PHONE)
    world.clock.advance(seconds(60))
    with pytest.raises(SendLimit):
        world.system.send_activation_code(PHONE)
    register(world, "0903123456")
    assert 1 == len(sent_to(world, "+84903123456"))


def test_a_down_gateway_fails_the_send_and_the_old_code_stays_valid(world):
    account = register(world)
    code = world.sms.last_code(E164)
    world.clock.advance(seconds(60))
    world.sms.down = True
    before = world.storage.snapshot()
    with pytest.raises(DeliveryFailed):
        world.system.send_activation_code(PHONE)
    assert before == world.storage.snapshot()
    world.sms.down = False
    assert world.system.activate(PHONE, code).is_active
    assert 1 == code_state(world, account.id).counter


def test_sending_to_an_unknown_number_is_not_found(world):
    with pytest.raises(NotFound) as info:
        world.system.send_activation_code("0903123456")
    assert "phone" == info.value.field


def test_sending_to_an_active_account_is_a_conflict(world):
    with pytest.raises(Conflict) as info:
        world.system.send_activation_code("0912345678")
    assert "already_active" == info.value.code


# --- verifying ---------------------------------------------------------------------------


def test_the_right_code_activates_the_account_once(world):
    account = register(world)
    code = world.sms.last_code(E164)
    activated = world.system.activate(PHONE, code)
    assert AccountStatus.ACTIVE == activated.status
    assert account.id == activated.id
    assert [account.id] == [e.account_id for e in events_of(world, AccountActivated, account.id)]
    with pytest.raises(Conflict) as info:
        world.system.activate(PHONE, code)
    assert "already_active" == info.value.code


def test_a_used_code_is_dead_in_the_pure_rules():
    state = otp.issue(otp.CodeState(uuid.uuid4()), T0)
    secret = otp.derive_secret(SECRET_KEY, state.account_id)
    code = otp.code_at(secret, state.counter)
    first = otp.verify(state, secret, code, T0, ActivationPolicy())
    assert first.succeeded
    again = otp.verify(first.state, secret, code, T0, ActivationPolicy())
    assert isinstance(again.error, CodeDead)
    assert first.state == again.state


def test_a_code_never_sent_is_dead():
    state = otp.CodeState(uuid.uuid4())
    result = otp.verify(state, "JBSWY3DPEHPK3PXP", "123456", T0, ActivationPolicy())
    assert isinstance(result.error, CodeDead)


def test_wrong_codes_count_down_tries_left_4_to_1_then_the_code_dies(world):
    account = register(world)
    code = world.sms.last_code(E164)
    left = []
    for _ in range(4):
        with pytest.raises(CodeWrong) as info:
            world.system.activate(PHONE, wrong(code))
        left.append(info.value.tries_left)
    assert [4, 3, 2, 1] == left
    with pytest.raises(CodeDead):
        world.system.activate(PHONE, wrong(code))
    with pytest.raises(CodeDead):  # even the right code, once dead
        world.system.activate(PHONE, code)
    state = code_state(world, account.id)
    assert (5, 5) == (state.wrong_tries, state.total_failures)


def test_a_wrong_code_message_says_how_many_tries_are_left(world):
    register(world)
    with pytest.raises(CodeWrong) as info:
        world.system.activate(PHONE, wrong(world.sms.last_code(E164)))
    assert "code: Wrong code; 4 tries left." == str(info.value)
    assert "code" == info.value.field


def test_a_new_code_gets_fresh_tries(world):
    register(world)
    for _ in range(5):
        with pytest.raises(ActivationError):
            world.system.activate(PHONE, wrong(world.sms.last_code(E164)))
    world.clock.advance(seconds(60))
    world.system.send_activation_code(PHONE)
    assert world.system.activate(PHONE, world.sms.last_code(E164)).is_active


def test_a_code_is_still_valid_at_4_minutes_59_seconds(world):
    register(world)
    code = world.sms.last_code(E164)
    world.clock.advance(dt.timedelta(minutes=4, seconds=59))
    assert world.system.activate(PHONE, code).is_active


def test_a_code_expires_at_exactly_5_minutes_and_the_try_is_not_counted(world):
    account = register(world)
    code = world.sms.last_code(E164)
    world.clock.advance(dt.timedelta(minutes=5))
    with pytest.raises(CodeExpired) as info:
        world.system.activate(PHONE, code)
    assert "code_expired" == info.value.code
    assert 0 == code_state(world, account.id).total_failures


def test_a_resend_kills_the_previous_code(world):
    register(world)
    first = world.sms.last_code(E164)
    world.clock.advance(seconds(60))
    world.system.send_activation_code(PHONE)
    second = world.sms.last_code(E164)
    if first == second:  # one chance in a million that HOTP repeats itself
        pytest.skip("consecutive HOTP codes coincide")
    with pytest.raises(CodeWrong):
        world.system.activate(PHONE, first)
    assert world.system.activate(PHONE, second).is_active


@pytest.mark.parametrize(
    "typo", ["12345", "1234567", "12345a", "\uff11\uff12\uff13\uff14\uff15\uff16", "", 123456, None]
)
def test_a_malformed_code_is_a_validation_error_not_a_counted_guess(world, typo):
    account = register(world)
    before = code_state(world, account.id)
    with pytest.raises(ValidationError) as info:
        world.system.activate(PHONE, typo)
    assert ["code"] == list(info.value.errors)
    assert before == code_state(world, account.id)


def test_a_code_with_surrounding_spaces_is_accepted(world):
    register(world)
    assert world.system.activate(PHONE, f" {world.sms.last_code(E164)}\n").is_active


def test_activating_an_unknown_number_is_not_found(world):
    with pytest.raises(NotFound):
        world.system.activate("0903123456", "123456")


def test_concurrent_wrong_guesses_never_get_more_tries_than_the_policy(world):
    account = register(world)
    bad = wrong(world.sms.last_code(E164))

    def guess(_):
        try:
            world.system.activate(PHONE, bad)
        except ActivationError as error:
            return type(error).__name__
        return "activated"

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = Counter(pool.map(guess, range(16)))
    assert {"CodeWrong": 4, "CodeDead": 12} == outcomes
    assert 5 == code_state(world, account.id).total_failures


# --- locking -----------------------------------------------------------------------------


def burn_codes(world, failures):
    """Guess wrong ``failures`` times (a multiple of 5), texting a new code each day."""
    for _ in range(failures // 5):
        code = world.sms.last_code(E164)
        for _ in range(5):
            with pytest.raises((CodeWrong, CodeDead)):
                world.system.activate(PHONE, wrong(code))
        world.clock.advance(dt.timedelta(days=1))
        world.system.send_activation_code(PHONE)


def test_100_failed_tries_in_total_lock_the_account(world):
    account = register(world)
    burn_codes(world, 95)
    code = world.sms.last_code(E164)
    for _ in range(4):
        with pytest.raises(CodeWrong):
            world.system.activate(PHONE, wrong(code))
    with pytest.raises(AccountLocked) as info:
        world.system.activate(PHONE, wrong(code))
    assert "account_locked" == info.value.code
    assert AccountStatus.LOCKED == world.storage.tables.accounts[account.id].status
    assert 100 == code_state(world, account.id).total_failures
    assert 1 == len(events_of(world, AccountLockedOut, account.id))


def test_a_locked_account_refuses_the_right_code_and_new_sends(world):
    account = register(world)
    burn_codes(world, 95)
    code = world.sms.last_code(E164)
    for _ in range(5):
        with pytest.raises((CodeWrong, AccountLocked)):
            world.system.activate(PHONE, wrong(code))
    with pytest.raises(AccountLocked):
        world.system.activate(PHONE, code)
    world.clock.advance(dt.timedelta(days=1))
    with pytest.raises(AccountLocked) as info:
        world.system.send_activation_code(PHONE)
    assert "phone" == info.value.field
    assert 1 == len(events_of(world, AccountLockedOut, account.id))
    assert 100 == code_state(world, account.id).total_failures


def test_the_lock_threshold_is_a_policy():
    settings = Settings(secret_key=SECRET_KEY, activation=ActivationPolicy(lock_after=3))
    world = World.build(MemoryStorage(), RecordingSmsSender(), settings)
    account = register(world)
    code = world.sms.last_code(E164)
    outcomes = []
    for _ in range(3):
        with pytest.raises(ActivationError) as info:
            world.system.activate(PHONE, wrong(code))
        outcomes.append(type(info.value))
    assert [CodeWrong, CodeWrong, AccountLocked] == outcomes
    assert AccountStatus.LOCKED == world.storage.tables.accounts[account.id].status


# --- secrets -----------------------------------------------------------------------------


def test_the_derived_secret_differs_per_account_and_per_server_key():
    first, second = uuid.uuid4(), uuid.uuid4()
    key, other_key = b"k" * 16, b"j" * 16
    assert otp.derive_secret(key, first) == otp.derive_secret(key, first)
    secrets = {
        otp.derive_secret(key, first),
        otp.derive_secret(key, second),
        otp.derive_secret(other_key, first),
    }
    assert 3 == len(secrets)


def test_the_derived_secret_is_never_stored(world):
    account = register(world)
    with pytest.raises(CodeWrong):
        world.system.activate(PHONE, wrong(world.sms.last_code(E164)))
    secret = otp.derive_secret(SECRET_KEY, account.id)
    dump = repr(world.storage.snapshot())
    assert account.id.hex in dump.replace("-", "")  # the dump does hold the account
    assert secret not in dump
    assert base64.b32decode(secret).hex() not in dump


@given(st.binary(min_size=16, max_size=64), st.uuids(), st.integers(0, 2**40))
def test_codes_are_plain_rfc_4226_hotp_of_the_derived_secret(key, account_id, counter):
    # The library keeps decoded keys and derived secrets; the codes must not change.
    secret = otp.derive_secret(key, account_id)
    plain = pyotp.HOTP(secret, digits=6).at(counter)
    assert plain == otp.code_at(secret, counter)
    assert plain == otp.code_at(otp.derive_secret(key, account_id), counter)


def test_another_server_key_gives_other_codes(world):
    account = register(world)
    other = otp.derive_secret(b"another server key!!", account.id)
    assert otp.code_at(other, 1) != world.sms.last_code(E164)


# --- policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ttl", [dt.timedelta(minutes=10, microseconds=1), dt.timedelta(minutes=11), dt.timedelta(0)]
)
def test_a_code_validity_over_10_minutes_or_zero_is_rejected(ttl):
    with pytest.raises(ValueError, match="10 minutes"):
        ActivationPolicy(ttl=ttl)


def test_a_code_validity_of_10_minutes_is_allowed_and_texted():
    policy = ActivationPolicy(ttl=dt.timedelta(minutes=10))
    world = World.build(
        MemoryStorage(), RecordingSmsSender(), Settings(secret_key=SECRET_KEY, activation=policy)
    )
    register(world)
    assert "10 phut" in sent_to(world, E164)[0].text
    world.clock.advance(dt.timedelta(minutes=9, seconds=59))
    assert world.system.activate(PHONE, world.sms.last_code(E164)).is_active


def test_default_policy_numbers():
    policy = ActivationPolicy()
    expected = (dt.timedelta(minutes=5), 5, dt.timedelta(seconds=60), 5, dt.timedelta(hours=24))
    actual = (policy.ttl, policy.max_wrong_tries, policy.cooldown, policy.max_sends)
    assert expected == (*actual, policy.send_window)
    assert 100 == policy.lock_after


def test_check_send_counts_only_sends_inside_the_window():
    policy = ActivationPolicy()
    state = otp.CodeState(uuid.uuid4())
    old = [T0 - dt.timedelta(hours=24)] * 5  # exactly 24 h ago: outside the window
    otp.check_send(state, old, T0, policy)
    with pytest.raises(SendLimit):
        otp.check_send(state, [T0 - dt.timedelta(hours=23)] * 5, T0, policy)


def test_issue_moves_the_counter_and_revives_a_dead_code():
    dead = attrs.evolve(
        otp.CodeState(uuid.uuid4(), counter=3), wrong_tries=5, spent=True, total_failures=7
    )
    fresh = otp.issue(dead, T0)
    assert (4, T0, 0, False, 7) == (
        fresh.counter,
        fresh.issued_at,
        fresh.wrong_tries,
        fresh.spent,
        fresh.total_failures,
    )
