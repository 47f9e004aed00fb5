"""Field checks: text, instants, identifiers, choices, integers, flags, known names."""

import datetime as dt
import enum
import unicodedata
import uuid

import pendulum
import pytest

from feedback_core import ValidationError, fields

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


# --- fields.text -------------------------------------------------------------------------


def test_text_is_nfc_and_trimmed():
    decomposed = unicodedata.normalize("NFD", "  Trật tự đô thị \n")
    assert "Trật tự đô thị" == fields.text("title", decomposed, limit=20)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "required"),
        ("", "required"),
        (" \t\n ", "required"),
        (42, "wrong_type"),
        (b"bytes", "wrong_type"),
        ("a\x00b", "control_chars"),
        ("a\u200bb", "control_chars"),  # zero-width space: category Cf
        ("line\nbreak", "control_chars"),
        ("x" * 11, "too_long"),
    ],
)
def test_text_refuses_missing_wrong_controlled_or_long_values(value, code):
    with pytest.raises(ValidationError) as info:
        fields.text("title", value, limit=10)
    assert {"title": [code]} == codes(info.value)


def test_multiline_text_allows_newlines_and_tabs_only():
    assert "a\n\tb" == fields.text("content", "a\n\tb", limit=10, multiline=True)
    with pytest.raises(ValidationError):
        fields.text("content", "a\x0bb", limit=10, multiline=True)


def test_the_limit_counts_nfc_characters():
    decomposed = unicodedata.normalize("NFD", "ệ" * 10)
    assert 20 < len(decomposed)
    assert "ệ" * 10 == fields.text("x", decomposed, limit=10)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_optional_text_treats_none_and_blank_as_not_given(value):
    assert fields.optional_text("address", value, limit=10) is None


def test_optional_text_still_checks_given_text():
    assert "Tây Ninh" == fields.optional_text("address", " Tây Ninh ", limit=10)
    with pytest.raises(ValidationError):
        fields.optional_text("address", 5, limit=10)


# --- fields: instants, ids, choices, numbers, flags --------------------------------------


def test_an_aware_instant_becomes_the_same_instant_in_utc():
    local = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    actual = fields.instant("start", local)
    assert (T0, "UTC") == (actual, actual.timezone_name)
    assert isinstance(actual, pendulum.DateTime)


class NoOffset(dt.tzinfo):
    def utcoffset(self, _):
        return None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (dt.datetime(2026, 3, 2, 9, 0), "not_aware"),  # noqa: DTZ001
        (dt.datetime(2026, 3, 2, 9, 0, tzinfo=NoOffset()), "not_aware"),
        ("2026-03-02T09:00", "not_aware"),
        ("9 giờ sáng thứ hai", "wrong_type"),
        (dt.date(2026, 3, 2), "wrong_type"),
        (None, "required"),
    ],
)
def test_naive_and_non_datetime_instants_are_refused(value, code):
    with pytest.raises(ValidationError) as info:
        fields.instant("start", value)
    assert {"start": [code]} == codes(info.value)


@pytest.mark.parametrize(
    "text", ["2026-03-02T09:00+07:00", " 2026-03-02T02:00:00Z ", "2026-03-02 09:00+07"]
)
def test_iso_8601_text_with_its_offset_is_an_instant(text):
    assert pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC") == fields.instant("at", text)


def test_a_record_stands_for_its_id(world):
    assert world.citizen.id == fields.identifier("actor", world.citizen)


@pytest.mark.parametrize("value", [{"id": "x"}, object(), uuid.uuid4().hex[:8]])
def test_something_without_a_uuid_id_is_not_an_id(value):
    with pytest.raises(ValidationError):
        fields.identifier("actor", value)


def test_an_instant_past_the_last_utc_datetime_is_out_of_range():
    far = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
    with pytest.raises(ValidationError) as info:
        fields.instant("end", far)
    assert {"end": ["out_of_range"]} == codes(info.value)


def test_an_identifier_is_a_uuid_or_its_text():
    uid = uuid.uuid4()
    assert uid == fields.identifier("id", uid)
    assert uid == fields.identifier("id", str(uid))
    assert uid == fields.identifier("id", str(uid).upper())


@pytest.mark.parametrize("value", ["not-a-uuid", "", 42, None, uuid.uuid4().bytes])
def test_anything_else_is_an_invalid_identifier(value):
    with pytest.raises(ValidationError) as info:
        fields.identifier("report_id", value)
    assert {"report_id": ["invalid_id"]} == codes(info.value)


def test_a_choice_is_a_member_or_its_value():
    assert Colour.RED == fields.choice("colour", Colour.RED, Colour)
    assert Colour.BLUE == fields.choice("colour", "blue", Colour)


@pytest.mark.parametrize("value", ["green", "RED", None, ["red"]])
def test_other_choices_are_refused_with_the_list_of_choices(value):
    with pytest.raises(ValidationError) as info:
        fields.choice("colour", value, Colour)
    assert {"colour": ["invalid_choice"]} == codes(info.value)
    assert ("choices", "red, blue") in info.value.errors["colour"][0].params


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "wrong_type"),
        (1.0, "wrong_type"),
        ("1", "wrong_type"),
        (0, "out_of_range"),
        (11, "out_of_range"),
    ],
)
def test_an_integer_is_a_real_int_inside_its_bounds(value, code):
    with pytest.raises(ValidationError) as info:
        fields.integer("n", value, low=1, high=10)
    assert {"n": [code]} == codes(info.value)
    assert (1, 10) == (
        fields.integer("n", 1, low=1, high=10),
        fields.integer("n", 10, low=1, high=10),
    )


@pytest.mark.parametrize("value", [1, 0, "yes", "true", None])
def test_a_flag_is_a_real_bool(value):
    with pytest.raises(ValidationError) as info:
        fields.flag("public", value)
    assert {"public": ["wrong_type"]} == codes(info.value)
    assert fields.flag("public", True) is True


def test_only_known_fields_pass():
    fields.only_known({"a": 1}, ("a", "b"))
    with pytest.raises(ValidationError) as info:
        fields.only_known({"a": 1, "c": 2}, ("a", "b"))
    assert {"c": ["unknown_field"]} == codes(info.value)
