"""Login: any written form of the phone, enumeration-safe failures, throttling, rehash."""

import datetime as dt

import argon2
import attrs
import pytest

from feedback_core import (
    AccountNotActive,
    AccountStatus,
    FeedbackSystem,
    InvalidCredentials,
    LoginPolicy,
    Settings,
    ValidationError,
)
from feedback_core.accounts.passwords import Argon2Hasher
from feedback_core.accounts.throttling import after_failed_login, after_good_login, is_blocked
from feedback_core.testing import World, cheap_hasher
from feedback_core.testing.world import PASSWORD, SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender

WRONG = "not the password"


def stored(world, account):
    return world.storage.tables.accounts[account.id]


def failure(world, login_id, password):
    with pytest.raises(InvalidCredentials) as info:
        world.system.login(login_id, password)
    return info.value


def answer(error):
    return (type(error), error.code, error.field, str(error), error.render("vi"))


@pytest.mark.parametrize(
    "login_id", ["912345678", "0912345678", "+84912345678", "84912345678", "091 234 5678"]
)
def test_a_citizen_logs_in_with_any_written_form_of_the_phone(world, login_id):
    assert world.citizen.id == world.system.login(login_id, PASSWORD).id


@pytest.mark.parametrize(
    ("login_id", "account"),
    [("quantri", "admin"), ("tiepnhan", "operator"), ("sotnmt_pheduyet", "approver")],
)
def test_officials_log_in_with_their_username(world, login_id, account):
    expected = {"admin": world.admin, "operator": world.operator, "approver": world.approvers[0]}
    assert expected[account].id == world.system.login(login_id, PASSWORD).id


def test_unit_staff_log_in_with_their_username(world):
    assert world.staff[1].id == world.system.login("sogtvt_canbo", PASSWORD).id


def test_unknown_id_and_wrong_password_get_the_same_answer(world):
    unknown_phone = failure(world, "0903123456", PASSWORD)
    unknown_name = failure(world, "khongco", PASSWORD)
    wrong_password = failure(world, "0912345678", WRONG)
    assert answer(unknown_phone) == answer(wrong_password)
    assert answer(unknown_name) == answer(wrong_password)
    assert ("invalid_credentials", "login_id") == (wrong_password.code, wrong_password.field)


def test_an_unknown_id_costs_a_password_check_too(world, monkeypatch):
    checks = []
    hasher = world.system._ctx.hasher
    real_verify = hasher.verify
    monkeypatch.setattr(hasher, "verify", lambda h, p: checks.append(h) or real_verify(h, p))
    failure(world, "0903123456", PASSWORD)
    assert [world.system._ctx.dummy_hash] == checks


def test_five_wrong_passwords_block_even_the_right_one_for_15_minutes(world):
    for _ in range(5):
        failure(world, "0912345678", WRONG)
    blocked = failure(world, "0912345678", PASSWORD)
    assert "invalid_credentials" == blocked.code
    world.clock.advance(dt.timedelta(minutes=14, seconds=59))
    failure(world, "0912345678", PASSWORD)
    world.clock.advance(dt.timedelta(seconds=1))
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id
    assert (0, None) == (
        stored(world, world.citizen).failed_logins,
        stored(world, world.citizen).login_blocked_until,
    )


def test_a_blocked_account_gives_the_same_answer_as_a_wrong_password(world):
    wrong_password = failure(world, "0912345678", WRONG)
    for _ in range(4):
        failure(world, "0912345678", WRONG)
    assert answer(wrong_password) == answer(failure(world, "0912345678", PASSWORD))


def test_the_block_starts_at_the_fifth_failure_and_ends_15_minutes_later(world):
    for _ in range(4):
        failure(world, "0912345678", WRONG)
    assert 4 == stored(world, world.citizen).failed_logins
    world.clock.advance(dt.timedelta(minutes=3))
    failure(world, "0912345678", WRONG)
    expected_until = world.clock.now() + dt.timedelta(minutes=15)
    assert expected_until == stored(world, world.citizen).login_blocked_until


def test_tries_during_a_block_do_not_extend_it(world):
    for _ in range(5):
        failure(world, "0912345678", WRONG)
    until = stored(world, world.citizen).login_blocked_until
    world.clock.advance(dt.timedelta(minutes=10))
    failure(world, "0912345678", WRONG)
    assert until == stored(world, world.citizen).login_blocked_until


def test_a_right_password_clears_the_failure_count(world):
    for _ in range(4):
        failure(world, "0912345678", WRONG)
    world.system.login("0912345678", PASSWORD)
    for _ in range(4):
        failure(world, "0912345678", WRONG)
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id


def test_throttling_is_per_account(world):
    for _ in range(5):
        failure(world, "0912345678", WRONG)
    assert world.operator.id == world.system.login("tiepnhan", PASSWORD).id


def test_officials_are_throttled_too(world):
    for _ in range(5):
        failure(world, "tiepnhan", WRONG)
    failure(world, "tiepnhan", PASSWORD)


def test_a_not_activated_account_is_told_so_only_after_the_right_password(world):
    world.system.register({"phone": "0903123456", "password": PASSWORD, "full_name": "Lê Văn C"})
    wrong_password = failure(world, "0903123456", WRONG)
    assert answer(failure(world, "0912345678", WRONG)) == answer(wrong_password)
    with pytest.raises(AccountNotActive) as info:
        world.system.login("0903123456", PASSWORD)
    assert ("account_not_active", "login_id") == (info.value.code, info.value.field)


def test_a_locked_account_does_not_log_in_even_with_the_right_password(world):
    with world.storage.transaction() as tx:
        tx.accounts.update(attrs.evolve(world.citizen, status=AccountStatus.LOCKED))
    with pytest.raises(AccountNotActive):
        world.system.login("0912345678", PASSWORD)


def test_login_rehashes_when_the_argon2_parameters_change(world):
    old_hash = stored(world, world.citizen).password_hash
    stronger = Argon2Hasher(argon2.PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert stronger.needs_rehash(old_hash)
    system = FeedbackSystem(
        world.storage, world.sms, world.system.settings, clock=world.clock, hasher=stronger
    )
    assert world.citizen.id == system.login("0912345678", PASSWORD).id
    new_hash = stored(world, world.citizen).password_hash
    assert old_hash != new_hash
    assert stronger.verify(new_hash, PASSWORD)
    assert not stronger.needs_rehash(new_hash)
    assert "t=2" in new_hash


def test_login_keeps_the_hash_when_the_parameters_are_current(world):
    before = world.storage.snapshot()["accounts"][world.citizen.id]
    world.system.login("0912345678", PASSWORD)
    assert before == world.storage.snapshot()["accounts"][world.citizen.id]


def test_a_wrong_password_is_not_rehashed(world):
    old_hash = stored(world, world.citizen).password_hash
    stronger = Argon2Hasher(argon2.PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    system = FeedbackSystem(
        world.storage, world.sms, world.system.settings, clock=world.clock, hasher=stronger
    )
    with pytest.raises(InvalidCredentials):
        system.login("0912345678", WRONG)
    assert old_hash == stored(world, world.citizen).password_hash


@pytest.mark.parametrize(
    ("login_id", "password", "field"),
    [
        (912345678, PASSWORD, "login_id"),
        (None, PASSWORD, "login_id"),
        ("0912345678", None, "password"),
        ("0912345678", b"bytes", "password"),
        ("   ", PASSWORD, "login_id"),
        ("012345678", PASSWORD, "login_id"),  # shaped like a phone, not a mobile number
    ],
)
def test_malformed_login_input_is_a_validation_error(world, login_id, password, field):
    with pytest.raises(ValidationError) as info:
        world.system.login(login_id, password)
    assert [field] == list(info.value.errors)


@pytest.mark.parametrize("login_id", ["0912345678", "0903123456"])
def test_a_password_with_a_lone_surrogate_is_a_wrong_password_not_a_crash(world, login_id):
    wrong_password = failure(world, "0912345678", WRONG)
    assert answer(wrong_password) == answer(failure(world, login_id, "mat-khau-\ud800"))


def test_a_custom_throttle_policy_applies():
    policy = LoginPolicy(max_failures=2, block_for=dt.timedelta(minutes=1))
    world = World.build(
        MemoryStorage(), RecordingSmsSender(), Settings(secret_key=SECRET_KEY, login=policy)
    )
    for _ in range(2):
        failure(world, "tiepnhan", WRONG)
    failure(world, "tiepnhan", PASSWORD)
    world.clock.advance(dt.timedelta(minutes=1))
    assert world.operator.id == world.system.login("tiepnhan", PASSWORD).id


# --- the pure rules ----------------------------------------------------------------------


def test_is_blocked_until_the_instant_the_block_ends(world):
    now = world.clock.now()
    account = attrs.evolve(world.citizen, login_blocked_until=now + dt.timedelta(minutes=15))
    assert is_blocked(account, now + dt.timedelta(minutes=14, seconds=59))
    assert not is_blocked(account, now + dt.timedelta(minutes=15))
    assert not is_blocked(world.citizen, now)


def test_after_failed_login_counts_then_blocks_and_resets_the_count(world):
    now, policy = world.clock.now(), LoginPolicy()
    account = world.citizen
    for expected in range(1, 5):
        account = after_failed_login(account, now, policy)
        assert (expected, None) == (account.failed_logins, account.login_blocked_until)
    account = after_failed_login(account, now, policy)
    assert (0, now + dt.timedelta(minutes=15)) == (
        account.failed_logins,
        account.login_blocked_until,
    )
    cleared = after_good_login(attrs.evolve(account, failed_logins=3))
    assert (0, None) == (cleared.failed_logins, cleared.login_blocked_until)


# --- the hasher --------------------------------------------------------------------------


def test_argon2_hasher_verifies_only_the_right_password():
    hasher = cheap_hasher()
    digest = hasher.hash(PASSWORD)
    assert digest.startswith("$argon2id$")
    assert hasher.verify(digest, PASSWORD)
    assert not hasher.verify(digest, WRONG)


@pytest.mark.parametrize("digest", ["", "not a hash", "$argon2id$v=19$m=8,t=1,p=1$broken"])
def test_a_malformed_stored_hash_is_a_mismatch_not_a_crash(digest):
    assert not cheap_hasher().verify(digest, PASSWORD)


def test_the_default_hasher_uses_argon2_cffi_defaults():
    digest = Argon2Hasher().hash(PASSWORD)
    assert not Argon2Hasher().needs_rehash(digest)
    assert Argon2Hasher().needs_rehash(cheap_hasher().hash(PASSWORD))
    params = argon2.extract_parameters(digest)
    assert argon2.profiles.RFC_9106_LOW_MEMORY.memory_cost == params.memory_cost
