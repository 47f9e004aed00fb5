"""Pages and their keyset cursors: tokens that round-trip and refuse junk."""

import uuid

import pendulum
import pytest

from feedback_core import Cursor, Page, ValidationError

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def test_a_cursor_token_round_trips():
    cursor = Cursor(T0.add(microseconds=123), uuid.uuid4())
    assert cursor == Cursor.parse(cursor.token)
    assert "~" in cursor.token


def test_a_cursor_token_keeps_the_instant_in_any_offset():
    uid = uuid.uuid4()
    assert Cursor(T0, uid) == Cursor.parse(f"2026-03-02T09:00:00+07:00~{uid}")


@pytest.mark.parametrize(
    "token",
    [
        None,
        42,
        "",
        "no separator",
        "a~b~c",
        f"not a time~{uuid.uuid4()}",
        "2026-03-02T02:00:00+00:00~not-a-uuid",
        f"P1D~{uuid.uuid4()}",
        f"~{uuid.uuid4()}",
    ],
)
def test_a_malformed_cursor_token_is_a_validation_error(token):
    with pytest.raises(ValidationError) as info:
        Cursor.parse(token)
    assert {"after": ["invalid_id"]} == codes(info.value)


def test_a_cursor_error_names_the_given_field():
    with pytest.raises(ValidationError) as info:
        Cursor.parse("x", field="cursor")
    assert ["cursor"] == list(info.value.errors)


def test_a_page_without_a_next_cursor_is_the_last():
    assert Page(()).next is None
    assert (1, 2) == Page((1, 2)).items
