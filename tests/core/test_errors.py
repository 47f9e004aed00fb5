"""Errors: rendered in English and Vietnamese with their field, each also a builtin error."""

import pytest

from feedback_core import (
    AccountLocked,
    CodeWrong,
    Conflict,
    FeedbackError,
    InvalidCredentials,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SendCooldown,
    ValidationError,
)
from feedback_core.messages import message


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def test_str_of_an_error_is_its_english_rendering_with_the_field():
    error = NotFound(message("not_found", entity="report"), field="report_id")
    assert error.render("en") == str(error)
    assert str(error).startswith("report_id: ")
    assert ("not_found", "report_id") == (error.code, error.field)


def test_errors_render_in_vietnamese_and_english():
    error = InvalidCredentials(message("invalid_credentials"), field="login_id")
    english, vietnamese = error.render("en"), error.render("vi")
    assert "login_id: Wrong phone number, username or password." == english
    assert vietnamese != english
    assert vietnamese.startswith("login_id: ")


def test_an_error_without_a_field_renders_its_message_only():
    error = Conflict(message("already_active"))
    assert "The account is already activated." == str(error)
    assert error.field is None


def test_a_validation_error_needs_at_least_one_field():
    with pytest.raises(ValueError, match="at least one field"):
        ValidationError({})


def test_a_validation_error_renders_every_field():
    error = ValidationError(
        {
            "phone": (message("invalid_phone"),),
            "password": (message("too_short", limit=8), message("control_chars")),
        }
    )
    assert ("phone", "invalid_phone") == (error.field, error.code)
    expected = (
        "phone: Not a valid Vietnamese mobile number.; "
        "password: At least 8 characters. Control characters are not allowed."
    )
    assert expected == str(error)
    assert 2 == str(error.render("vi")).count(": ")


def test_validation_error_single_names_one_field():
    error = ValidationError.single("limit", "out_of_range", low=1, high=500)
    assert {"limit": ["out_of_range"]} == codes(error)
    assert "limit: Must be between 1 and 500." == str(error)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (ValidationError.single("x", "required"), ValueError),
        (NotFound(message("not_found", entity="unit")), LookupError),
        (PermissionDenied(message("permission_denied", action="manage_units")), PermissionError),
        (
            InvalidTransition(message("invalid_transition", action="accept", status="closed")),
            ValueError,
        ),
        (Conflict(message("conflict", entity="report")), RuntimeError),
        (InvalidCredentials(message("invalid_credentials")), PermissionError),
        (CodeWrong(3), ValueError),
        (AccountLocked(message("account_locked")), ValueError),
    ],
)
def test_every_error_is_a_feedback_error_and_its_builtin(error, builtin):
    assert isinstance(error, FeedbackError)
    assert isinstance(error, builtin)


def test_activation_errors_carry_their_numbers():
    wrong = CodeWrong(3)
    assert (3, "code", "code_wrong") == (wrong.tries_left, wrong.field, wrong.code)
    cooldown = SendCooldown(message("send_cooldown", seconds=12), 12)
    assert (12, "phone") == (cooldown.retry_after, cooldown.field)
