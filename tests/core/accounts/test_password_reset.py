"""A forgotten password: a reset code texted to the number, then a new password with it.

The answer is the same whether or not the number has an account; the limits are the
activation code's; a code is good for its own purpose only; a reset ends every session.
"""

import datetime as dt
import uuid

import pytest

from feedback_core import (
    CodeDead,
    CodeWrong,
    InvalidCredentials,
    SendCooldown,
    SendLimit,
    SessionEnded,
    ValidationError,
)
from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import CodePurpose
from feedback_core.testing.world import PASSWORD

PHONE = "+84912345678"
NEW_PASSWORD = "mat khau moi 2026"


def reset_code(world):
    world.clock.advance(dt.timedelta(minutes=2))  # past the activation code's cooldown
    world.system.request_password_reset("0912345678")
    return world.sms.last_code(PHONE)


def test_the_texted_code_sets_a_new_password(world):
    code = reset_code(world)
    world.system.reset_password("912345678", code, NEW_PASSWORD)  # typed without its 0
    assert world.citizen.id == world.system.login("0912345678", NEW_PASSWORD).id
    with pytest.raises(InvalidCredentials):
        world.system.login("0912345678", PASSWORD)


def test_a_number_without_an_account_gets_the_same_answer_and_no_text(world):
    sent = len(world.sms.sent)
    assert world.system.request_password_reset("0987654321") is None
    assert sent == len(world.sms.sent)


def test_the_cooldown_holds_for_every_number_registered_or_not(world):
    reset_code(world)
    with pytest.raises(SendCooldown):
        world.system.request_password_reset("0912345678")
    world.system.request_password_reset("0987654321")
    with pytest.raises(SendCooldown):
        world.system.request_password_reset("0987654321")


def test_the_daily_cap_counts_activation_and_reset_texts_together(world):
    policy = world.system.settings.activation
    for _ in range(policy.max_sends - 1):  # registration already sent one
        reset_code(world)
    world.clock.advance(dt.timedelta(minutes=2))
    with pytest.raises(SendLimit):
        world.system.request_password_reset("0912345678")


def test_a_pending_or_disabled_account_gets_no_reset_code(world):
    world.system.register({"phone": "0987654321", "password": PASSWORD, "full_name": "A"})
    sent = len(world.sms.sent)
    world.clock.advance(dt.timedelta(minutes=2))
    world.system.request_password_reset("0987654321")
    world.system.disable_account(world.admin.id, world.citizen.id)
    world.system.request_password_reset("0912345678")
    assert sent == len(world.sms.sent)


def test_the_activation_code_does_not_reset_the_password(world):
    activation = world.sms.last_code(PHONE)  # the code that activated the citizen
    reset_code(world)
    with pytest.raises(CodeWrong):
        world.system.reset_password("0912345678", activation, NEW_PASSWORD)


def test_codes_of_different_purposes_differ_for_the_same_account_and_counter():
    key, account = b"k" * 32, uuid.UUID(int=7)
    codes = {
        otp.code_at(otp.derive_secret(key, account, purpose), counter)
        for purpose in CodePurpose
        for counter in (1,)
    }
    assert len(CodePurpose) == len(codes)


def test_a_reset_ends_every_session(world):
    tokens = [world.system.open_session("0912345678", PASSWORD).token for _ in range(2)]
    world.system.reset_password("0912345678", reset_code(world), NEW_PASSWORD)
    for token in tokens:
        with pytest.raises(SessionEnded):
            world.system.session_account(token)


def test_wrong_guesses_are_counted_and_kill_the_code(world):
    code = reset_code(world)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for tries_left in range(4, 0, -1):
        with pytest.raises(CodeWrong) as info:
            world.system.reset_password("0912345678", wrong, NEW_PASSWORD)
        assert tries_left == info.value.tries_left
    with pytest.raises(CodeDead):
        world.system.reset_password("0912345678", wrong, NEW_PASSWORD)
    with pytest.raises(CodeDead):
        world.system.reset_password("0912345678", code, NEW_PASSWORD)
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id


def test_a_weak_new_password_costs_no_guess(world):
    code = reset_code(world)
    with pytest.raises(ValidationError) as info:
        world.system.reset_password("0912345678", code, "short")
    assert "new_password" == info.value.field
    world.system.reset_password("0912345678", code, NEW_PASSWORD)


def test_a_used_code_resets_once(world):
    code = reset_code(world)
    world.system.reset_password("0912345678", code, NEW_PASSWORD)
    with pytest.raises(CodeDead):
        world.system.reset_password("0912345678", code, "another new password")


def test_a_number_without_an_account_answers_as_one_without_a_code(world):
    with pytest.raises(CodeDead):
        world.system.reset_password("0987654321", "123456", NEW_PASSWORD)


def test_a_reset_lifts_a_login_block(world):
    for _ in range(world.system.settings.login.max_failures):
        with pytest.raises(InvalidCredentials):
            world.system.login("0912345678", "wrong password")
    world.system.reset_password("0912345678", reset_code(world), NEW_PASSWORD)
    assert world.citizen.id == world.system.login("0912345678", NEW_PASSWORD).id
