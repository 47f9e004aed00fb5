"""Phone numbers and activation codes as properties over generated inputs.

Phone numbers normalise to one E.164 form, however they are written; an activation code
is guessed at most five times and dies on success, resend and expiry (docs/rules.md).
"""

import contextlib
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from feedback_core import (
    AccountStatus,
    CodeDead,
    CodeExpired,
    CodeWrong,
    ValidationError,
    normalize_phone,
)
from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import CodePurpose
from feedback_core.testing import World
from feedback_core.testing.strategies import (
    invalid_phones,
    phone_forms,
    registration_forms,
    written_forms,
)
from feedback_core.testing.world import PASSWORD, SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender

SEEDED_PHONE = "+84912345678"  # the World's citizen


def fresh_world():
    return World.build(MemoryStorage(), RecordingSmsSender())


# phone numbers ---------------------------------------------------------------------------


@given(phone_forms())
def test_every_written_form_of_a_mobile_number_gives_its_one_e164_form(form):
    written, e164 = form
    assert e164 == normalize_phone(written)


@given(invalid_phones())
def test_anything_but_a_vietnamese_mobile_number_is_a_validation_error_on_phone(value):
    with pytest.raises(ValidationError) as info:
        normalize_phone(value)
    assert "phone" == info.value.field


@given(invalid_phones())
def test_registering_with_an_invalid_phone_names_the_phone_field_and_stores_nothing(value):
    world = fresh_world()
    before = world.storage.snapshot()
    form = {"phone": value, "password": PASSWORD, "full_name": "Lê Văn Lộc"}
    with pytest.raises(ValidationError) as info:
        world.system.register(form)
    assert "phone" in info.value.errors
    assert before == world.storage.snapshot()


@given(data=st.data(), form=phone_forms())
def test_a_citizen_logs_in_with_the_phone_written_any_other_way(data, form):
    written, e164 = form
    assume(e164 != SEEDED_PHONE)
    world = fresh_world()
    world.new_citizen(written)
    again = data.draw(written_forms(e164))
    assert e164 == world.system.login(again, PASSWORD).login_id


# activation codes ------------------------------------------------------------------------


def registered(world, data):
    """A new citizen registered with a generated form; (account, E.164 phone)."""
    written, e164 = data.draw(phone_forms(), label="phone")
    assume(e164 != SEEDED_PHONE)
    policy = world.system.settings.registration
    form = data.draw(registration_forms(policy, phones=st.just(written)), label="form")
    return world.system.register(form), e164


def stored_code(world, account_id):
    with world.storage.transaction() as tx:
        return tx.codes.lock(account_id, CodePurpose.ACTIVATION)


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


@given(data=st.data(), guesses=st.integers(1, 12))
def test_a_code_never_counts_more_than_five_wrong_tries(data, guesses):
    world = fresh_world()
    account, phone = registered(world, data)
    code, outcomes = world.sms.last_code(phone), []
    for _ in range(guesses):
        try:
            world.system.activate(phone, wrong(code))
        except CodeWrong as error:
            outcomes.append(error.tries_left)
        except CodeDead:
            outcomes.append("dead")
        assert stored_code(world, account.id).wrong_tries <= 5
    assert ([4, 3, 2, 1] + ["dead"] * 8)[:guesses] == outcomes
    assert min(guesses, 5) == stored_code(world, account.id).wrong_tries


@given(data=st.data(), guesses=st.integers(5, 8))
def test_five_wrong_tries_kill_the_code_itself(data, guesses):
    world = fresh_world()
    _, phone = registered(world, data)
    code = world.sms.last_code(phone)
    for _ in range(guesses):
        with contextlib.suppress(CodeWrong, CodeDead):
            world.system.activate(phone, wrong(code))
    with pytest.raises(CodeDead):
        world.system.activate(phone, code)


@given(data=st.data(), after=st.integers(0, 299))
def test_a_code_is_dead_after_it_succeeded(data, after):
    world = fresh_world()
    account, phone = registered(world, data)
    code = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(seconds=after))
    assert AccountStatus.ACTIVE == world.system.activate(phone, code).status
    state, secret = stored_code(world, account.id), otp.derive_secret(SECRET_KEY, account.id)
    verdict = otp.verify(state, secret, code, world.clock.now(), world.system.settings.activation)
    assert isinstance(verdict.error, CodeDead)


@given(data=st.data(), wait=st.integers(60, 3600))
def test_a_code_is_dead_after_a_new_one_was_sent(data, wait):
    world = fresh_world()
    _, phone = registered(world, data)
    old = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(seconds=wait))
    world.system.send_activation_code(phone)
    new = world.sms.last_code(phone)
    assume(new != old)  # two counters may share a code once in a million
    with pytest.raises(CodeWrong):
        world.system.activate(phone, old)
    assert AccountStatus.ACTIVE == world.system.activate(phone, new).status


@given(data=st.data(), late=st.integers(0, 10**7))
def test_a_code_is_dead_from_five_minutes_after_it_was_sent(data, late):
    world = fresh_world()
    account, phone = registered(world, data)
    code = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(minutes=5, microseconds=late))
    before = stored_code(world, account.id)
    with pytest.raises(CodeExpired):
        world.system.activate(phone, code)
    assert before == stored_code(world, account.id)  # an expired code counts no try


@given(data=st.data(), early=st.integers(1, 5 * 60 * 10**6))
def test_a_code_works_until_five_minutes_after_it_was_sent(data, early):
    world = fresh_world()
    _, phone = registered(world, data)
    code = world.sms.last_code(phone)
    world.clock.advance(dt.timedelta(minutes=5) - dt.timedelta(microseconds=early))
    assert AccountStatus.ACTIVE == world.system.activate(phone, code).status
