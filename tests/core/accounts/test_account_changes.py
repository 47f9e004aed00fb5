"""Changes a citizen makes to their own account: password, phone number and profile."""

import datetime as dt

import pytest

from feedback_core import (
    CodeWrong,
    Conflict,
    InvalidCredentials,
    SessionEnded,
    ValidationError,
)
from feedback_core.testing.world import PASSWORD

NEW_PASSWORD = "mat khau moi 2026"
NEW_PHONE = "+84987654321"


def error_codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


# password -------------------------------------------------------------------------------


def test_a_password_change_ends_every_other_session(world):
    here = world.system.open_session("0912345678", PASSWORD, "this browser")
    there = world.system.open_session("0912345678", PASSWORD, "Android app")
    world.system.change_password(world.citizen.id, PASSWORD, NEW_PASSWORD, here.session.id)
    assert world.citizen.id == world.system.session_account(here.token).id
    with pytest.raises(SessionEnded):
        world.system.session_account(there.token)
    assert world.citizen.id == world.system.login("0912345678", NEW_PASSWORD).id


def test_without_a_session_to_keep_every_session_ends(world):
    opened = world.system.open_session("0912345678", PASSWORD)
    world.system.change_password(world.citizen.id, PASSWORD, NEW_PASSWORD)
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)


def test_the_current_password_is_required_and_wrong_ones_count_as_failed_logins(world):
    for _ in range(world.system.settings.login.max_failures):
        with pytest.raises(InvalidCredentials) as info:
            world.system.change_password(world.citizen.id, "not it", NEW_PASSWORD)
        assert "current_password" == info.value.field
    with pytest.raises(InvalidCredentials):  # blocked now, even with the right password
        world.system.login("0912345678", PASSWORD)
    with pytest.raises(InvalidCredentials):
        world.system.change_password(world.citizen.id, PASSWORD, NEW_PASSWORD)


def test_a_weak_new_password_is_refused_before_anything_is_checked(world):
    with pytest.raises(ValidationError) as info:
        world.system.change_password(world.citizen.id, PASSWORD, "short")
    assert "new_password" == info.value.field
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id


def test_officials_change_their_own_password_too(world):
    world.system.change_password(world.operator.id, PASSWORD, NEW_PASSWORD)
    assert world.operator.id == world.system.login("tiepnhan", NEW_PASSWORD).id


# phone number ---------------------------------------------------------------------------


def request_change(world, phone="0987654321"):
    world.system.request_phone_change(world.citizen.id, phone, PASSWORD)
    return world.sms.last_code(NEW_PHONE)


def test_the_login_id_changes_only_once_the_new_number_confirms(world):
    code = request_change(world)
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id
    account = world.system.confirm_phone_change(world.citizen.id, code)
    assert (NEW_PHONE, NEW_PHONE, "+84912345678") == (
        account.login_id,
        account.phone,
        account.previous_phone,
    )
    assert world.citizen.id == world.system.login("987654321", PASSWORD).id
    with pytest.raises(InvalidCredentials):
        world.system.login("0912345678", PASSWORD)


def test_the_old_number_is_told_of_the_change(world):
    world.system.confirm_phone_change(world.citizen.id, request_change(world))
    world.system.dispatch()
    told = [sms for sms in world.sms.sent if sms.phone == "+84912345678"][-1]
    assert "1022" in told.text
    assert NEW_PHONE not in told.text
    assert "987654321" not in told.text


def test_a_wrong_code_changes_nothing_and_is_counted(world):
    code = request_change(world)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(CodeWrong) as info:
        world.system.confirm_phone_change(world.citizen.id, wrong)
    assert 4 == info.value.tries_left
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id


def test_a_number_another_account_has_is_refused(world):
    world.new_citizen("0987654321")
    with pytest.raises(Conflict) as info:
        world.system.request_phone_change(world.citizen.id, "0987654321", PASSWORD)
    assert "new_phone" == info.value.field


def test_a_number_taken_while_waiting_for_the_code_is_refused_at_confirmation(world):
    code = request_change(world)
    world.clock.advance(dt.timedelta(minutes=2))
    world.new_citizen("0987654321")
    with pytest.raises(Conflict):
        world.system.confirm_phone_change(world.citizen.id, code)


def test_the_same_number_or_a_wrong_password_is_refused(world):
    with pytest.raises(ValidationError) as info:
        world.system.request_phone_change(world.citizen.id, "912345678", PASSWORD)
    assert "new_phone" == info.value.field
    with pytest.raises(InvalidCredentials):
        world.system.request_phone_change(world.citizen.id, "0987654321", "not it")


def test_an_activation_code_does_not_confirm_a_phone_change(world):
    activation = world.sms.last_code("+84912345678")
    request_change(world)
    with pytest.raises(CodeWrong):
        world.system.confirm_phone_change(world.citizen.id, activation)


def test_officials_have_no_phone_login_to_change(world):
    with pytest.raises(ValidationError) as info:
        world.system.request_phone_change(world.operator.id, "0987654321", PASSWORD)
    assert "actor" == info.value.field


# profile --------------------------------------------------------------------------------


def test_a_profile_is_corrected_with_registrations_checks(world):
    account = world.system.update_profile(
        world.citizen.id, {"full_name": "Nguyễn Văn B", "email": "b@example.vn"}
    )
    assert ("Nguyễn Văn B", "b@example.vn") == (account.profile.full_name, account.profile.email)
    with pytest.raises(ValidationError) as info:
        world.system.update_profile(
            world.citizen.id, {"full_name": None, "email": "nope", "national_id": "12", "x": 1}
        )
    assert {"x": ["unknown_field"]} == error_codes(info.value)
    with pytest.raises(ValidationError) as info:
        world.system.update_profile(
            world.citizen.id, {"full_name": " ", "email": "nope", "national_id": "12"}
        )
    assert {
        "full_name": ["required"],
        "email": ["invalid_email"],
        "national_id": ["invalid_national_id"],
    } == error_codes(info.value)
    assert account == world.system.login("0912345678", PASSWORD)


def test_an_optional_field_is_cleared_with_none(world):
    world.system.update_profile(world.citizen.id, {"address": "Ấp 3, Tây Ninh"})
    account = world.system.update_profile(world.citizen.id, {"address": None})
    assert account.profile.address is None
