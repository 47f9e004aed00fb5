"""The small modules: field checks, cursors, clocks, event ids, errors, categories, settings."""

import datetime as dt
import enum
import unicodedata
import uuid

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_core import (
    BUSINESS_TZ,
    AccountLocked,
    AccountStatus,
    CodeWrong,
    Conflict,
    Cursor,
    FeedbackError,
    FixedClock,
    InvalidCredentials,
    InvalidTransition,
    NotFound,
    Page,
    PermissionDenied,
    SendCooldown,
    Settings,
    SystemClock,
    ValidationError,
    fields,
)
from feedback_core.accounts.events import UnitCreated
from feedback_core.accounts.permissions import Action, may
from feedback_core.alerts.events import AlertActivated, AlertExpired, milestone
from feedback_core.clock import earlier, elapsed, in_business_time, later, to_utc
from feedback_core.forms import FormErrors
from feedback_core.messages import Message, message
from feedback_core.reports.categories import DEFAULT_CATEGORIES
from feedback_core.testing.world import SECRET_KEY

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
        ("2026-03-02T09:00+07:00", "wrong_type"),
        (dt.date(2026, 3, 2), "wrong_type"),
        (None, "required"),
    ],
)
def test_naive_and_non_datetime_instants_are_refused(value, code):
    with pytest.raises(ValidationError) as info:
        fields.instant("start", value)
    assert {"start": [code]} == codes(info.value)


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


def test_form_errors_collects_every_field_and_keeps_defaults():
    form = FormErrors()
    assert "x" == form.check(lambda: fields.text("a", "x", limit=5), "")
    assert "" == form.check(lambda: fields.text("b", None, limit=5), "")
    assert 0 == form.check(lambda: fields.integer("c", "9", low=0, high=9), 0)
    with pytest.raises(ValidationError) as info:
        form.raise_any()
    assert {"b": ["required"], "c": ["wrong_type"]} == codes(info.value)
    FormErrors().raise_any()  # nothing recorded: nothing raised


# --- paging ------------------------------------------------------------------------------


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


# --- clocks ------------------------------------------------------------------------------


def test_a_fixed_clock_holds_utc_and_moves_only_when_told():
    clock = FixedClock(pendulum.datetime(2026, 3, 2, 9, 0, tz=BUSINESS_TZ))
    assert (T0, "UTC") == (clock.now(), clock.now().timezone_name)
    assert clock.now() == clock.now()
    clock.advance(dt.timedelta(minutes=90))
    assert T0.add(minutes=90) == clock.now()
    clock.set(dt.datetime(2026, 3, 3, 0, 0, tzinfo=dt.UTC))
    assert pendulum.datetime(2026, 3, 3, tz="UTC") == clock.now()


def test_a_fixed_clock_refuses_naive_datetimes():
    naive = dt.datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        FixedClock(naive)
    clock = FixedClock(T0)
    with pytest.raises(ValueError, match="aware"):
        clock.set(naive)
    assert T0 == clock.now()


def test_the_system_clock_is_aware_utc_now():
    before = pendulum.now("UTC")
    now = SystemClock().now()
    after = pendulum.now("UTC")
    assert before <= now <= after
    assert "UTC" == now.timezone_name


def test_business_time_is_vietnam_wall_clock():
    local = in_business_time(T0)
    assert ((2026, 3, 2, 9, 0), dt.timedelta(hours=7)) == (
        (local.year, local.month, local.day, local.hour, local.minute),
        local.utcoffset(),
    )
    assert T0 == to_utc(local)


utc_instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
).map(to_utc)
shifts = st.timedeltas(min_value=dt.timedelta(days=-3650), max_value=dt.timedelta(days=3650))


@given(utc_instants, shifts)
def test_cheap_utc_arithmetic_agrees_with_pendulum(instant, delta):
    moved = later(instant, delta)
    assert (instant + delta, pendulum.DateTime, "UTC") == (
        moved,
        type(moved),
        moved.timezone_name,
    )
    assert instant - delta == earlier(instant, delta)
    assert delta == elapsed(instant, moved)
    assert dt.timedelta is type(elapsed(instant, moved))


# --- events ------------------------------------------------------------------------------


def test_milestone_ids_are_fixed_by_alert_and_kind():
    alert_id, unit_id = uuid.uuid4(), uuid.uuid4()
    first = milestone(AlertActivated, alert_id, unit_id, T0)
    again = milestone(AlertActivated, alert_id, unit_id, T0.add(hours=1))
    expired = milestone(AlertExpired, alert_id, unit_id, T0)
    other = milestone(AlertActivated, uuid.uuid4(), unit_id, T0)
    assert first.id == again.id
    assert 3 == len({first.id, expired.id, other.id})
    assert (AlertActivated, alert_id, unit_id, T0) == (
        type(first),
        first.alert_id,
        first.unit_id,
        first.at,
    )
    assert (
        uuid.uuid5(uuid.UUID("6f1c2a4e-5d7b-4c1e-9a0b-3e8f2d6c1b74"), f"{alert_id}:AlertActivated")
        == first.id
    )


def test_ordinary_events_get_fresh_ids_and_are_named_by_class():
    unit_id = uuid.uuid4()
    a = UnitCreated(at=T0, unit_id=unit_id, code="soyte")
    b = UnitCreated(at=T0, unit_id=unit_id, code="soyte")
    assert a.id != b.id
    assert "UnitCreated" == a.name


# --- errors and messages -----------------------------------------------------------------


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


def test_an_unknown_language_falls_back_to_english():
    msg = message("code_expired")
    assert msg.render("en") == msg.render("fr")


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


def test_a_message_code_must_exist():
    with pytest.raises(ValueError, match="code"):
        Message("no_such_code")


def test_message_parameters_are_kept_as_sorted_text():
    msg = message("out_of_range", low=1, high=5)
    assert (("high", "5"), ("low", "1")) == msg.params
    assert hash(msg) == hash(message("out_of_range", high=5, low=1))


# --- categories and settings -------------------------------------------------------------


def test_the_default_categories_are_the_usual_1022_fields():
    assert "Đất đai" == DEFAULT_CATEGORIES["dat_dai"]
    assert {"moi_truong", "giao_thong", "khac"} <= set(DEFAULT_CATEGORIES)
    assert all(name == unicodedata.normalize("NFC", name) for name in DEFAULT_CATEGORIES.values())


def test_a_province_may_use_its_own_categories(world):
    from feedback_core import FeedbackSystem  # noqa: PLC0415 - local: one test needs it

    settings = Settings(secret_key=SECRET_KEY, categories={"cay_xanh": "Cây xanh"})
    system = FeedbackSystem(world.storage, world.sms, settings, clock=world.clock)
    report = system.submit_report(
        world.citizen.id,
        title="Cây đổ",
        content="Cây đổ chắn đường.",
        category="cay_xanh",
        address="Đường Cách Mạng Tháng Tám",
    )
    assert "cay_xanh" == report.draft.category
    with pytest.raises(ValidationError) as info:
        system.submit_report(
            world.citizen.id, title="t", content="c", category="giao_thong", address="a"
        )
    assert {"category": ["invalid_choice"]} == codes(info.value)


def test_the_server_key_has_at_least_16_bytes():
    with pytest.raises(ValueError, match="16"):
        Settings(secret_key=b"short")
    assert b"k" * 16 == Settings(secret_key=b"k" * 16).secret_key


def test_the_server_key_is_not_in_the_settings_repr():
    assert repr(SECRET_KEY) not in repr(Settings(secret_key=SECRET_KEY))


def test_an_account_that_is_not_active_may_do_nothing(world):
    pending = attrs.evolve(world.operator, status=AccountStatus.PENDING)
    assert may(world.operator, Action.ACCEPT_REPORT)
    assert not may(pending, Action.ACCEPT_REPORT)


def test_an_unknown_actor_is_not_found_on_the_actor_field(world):
    with pytest.raises(NotFound) as info:
        world.system.list_reports(uuid.uuid4())
    assert "actor" == info.value.field
    with pytest.raises(ValidationError) as bad:
        world.system.list_reports("nobody")
    assert {"actor": ["invalid_id"]} == codes(bad.value)
