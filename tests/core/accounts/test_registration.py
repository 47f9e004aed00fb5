"""Registration: required fields by policy, every error at once, field checks, no duplicates."""

import unicodedata

import pytest

from feedback_core import (
    AccountStatus,
    Conflict,
    FeedbackSystem,
    NotFound,
    PermissionDenied,
    Profile,
    RegistrationPolicy,
    Role,
    Settings,
    ValidationError,
    normalize_phone,
)
from feedback_core.accounts.events import AccountRegistered, OfficialAccountCreated, UnitCreated
from feedback_core.accounts.input import check_registration
from feedback_core.accounts.passwords import check_password_rules
from feedback_core.testing import cheap_hasher
from feedback_core.testing.world import PASSWORD, SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender

NAME = "Nguyễn Văn Ánh"


def form(**changes):
    base = {"phone": "0903123456", "password": PASSWORD, "full_name": NAME}
    return {k: v for k, v in (base | changes).items() if v is not None}


def error_codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def system_with(policy):
    settings = Settings(secret_key=SECRET_KEY, registration=policy)
    return FeedbackSystem(MemoryStorage(), RecordingSmsSender(), settings, hasher=cheap_hasher())


# --- the use case ------------------------------------------------------------------------


def test_registration_creates_a_pending_citizen_with_an_e164_login_id(world):
    account = world.system.register(form(email="anh@example.vn", address="12 Lê Lợi"))
    assert (Role.CITIZEN, AccountStatus.PENDING) == (account.role, account.status)
    assert ("+84903123456", "+84903123456") == (account.login_id, account.phone)
    assert Profile(NAME, "anh@example.vn", None, "12 Lê Lợi") == account.profile
    assert account == world.storage.tables.accounts[account.id]
    assert PASSWORD not in account.password_hash
    registered = [
        e
        for e in [e for _, e in world.system.events(limit=500)]
        if isinstance(e, AccountRegistered)
    ]
    assert [account.id] == [e.account_id for e in registered if e.account_id == account.id]


def test_the_default_policy_requires_the_full_name_only(world):
    assert frozenset({"full_name"}) == RegistrationPolicy().required
    with pytest.raises(ValidationError) as info:
        world.system.register(form(full_name=None))
    assert {"full_name": ["required"]} == error_codes(info.value)


def test_a_blank_required_field_is_missing(world):
    with pytest.raises(ValidationError) as info:
        world.system.register(form(full_name="   "))
    assert {"full_name": ["required"]} == error_codes(info.value)


def test_a_policy_can_require_more_fields():
    system = system_with(RegistrationPolicy(required=["full_name", "email", "national_id"]))
    with pytest.raises(ValidationError) as info:
        system.register(form())
    assert {"email": ["required"], "national_id": ["required"]} == error_codes(info.value)
    account = system.register(form(email="a@b.vn", national_id="079123456789"))
    assert ("a@b.vn", "079123456789") == (account.profile.email, account.profile.national_id)


def test_a_policy_can_require_nothing_but_phone_and_password():
    system = system_with(RegistrationPolicy(required=()))
    account = system.register({"phone": "0903123456", "password": PASSWORD})
    assert Profile() == account.profile


def test_a_policy_naming_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="nickname"):
        RegistrationPolicy(required={"nickname"})


def test_every_field_error_is_reported_at_once(world):
    bad = {"phone": "123", "password": "short", "email": "not-an-email", "national_id": "12"}
    with pytest.raises(ValidationError) as info:
        world.system.register(bad)
    expected = {
        "phone": ["invalid_phone"],
        "password": ["too_short"],
        "full_name": ["required"],
        "email": ["invalid_email"],
        "national_id": ["invalid_national_id"],
    }
    assert expected == error_codes(info.value)
    assert set(expected) == {part.split(":")[0] for part in str(info.value).split("; ")}


def test_a_rejected_registration_writes_and_texts_nothing(world):
    before, sent = world.storage.snapshot(), len(world.sms.sent)
    with pytest.raises(ValidationError):
        world.system.register(form(password="short"))
    assert (before, sent) == (world.storage.snapshot(), len(world.sms.sent))


@pytest.mark.parametrize("phone", ["0912345678", "912345678", "+84912345678", "091.234.5678"])
def test_a_phone_already_registered_in_any_form_is_a_conflict_and_nothing_is_written(world, phone):
    before, sent = world.storage.snapshot(), len(world.sms.sent)
    with pytest.raises(Conflict) as info:
        world.system.register(form(phone=phone))
    assert ("already_exists", "phone") == (info.value.code, info.value.field)
    assert (before, sent) == (world.storage.snapshot(), len(world.sms.sent))


def test_a_name_typed_in_nfd_is_stored_in_nfc(world):
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    account = world.system.register(form(full_name=f"  {decomposed} "))
    assert NAME == account.profile.full_name
    assert NAME == world.storage.tables.accounts[account.id].profile.full_name


def test_the_form_must_be_a_mapping(world):
    with pytest.raises(ValidationError) as info:
        world.system.register([("phone", "0903123456")])
    assert ["form"] == list(info.value.errors)


# --- single fields -----------------------------------------------------------------------


@pytest.mark.parametrize("email", ["anh@example.vn", "a.b+c@so-tnmt.tayninh.gov.vn", "x@y.z"])
def test_valid_emails_are_kept(email):
    assert email == check_registration(form(email=email), RegistrationPolicy()).profile.email


@pytest.mark.parametrize("email", ["anh", "anh@example", "a b@example.vn", "a@@b.vn", "@b.vn"])
def test_invalid_emails_are_refused(email):
    with pytest.raises(ValidationError) as info:
        check_registration(form(email=email), RegistrationPolicy())
    assert {"email": ["invalid_email"]} == error_codes(info.value)


def test_a_national_id_has_12_digits():
    checked = check_registration(form(national_id=" 079123456789 "), RegistrationPolicy())
    assert "079123456789" == checked.profile.national_id


@pytest.mark.parametrize(
    "national_id",
    ["07912345678", "0791234567890", "07912345678a", "079 123 456 789", "٠٧٩١٢٣٤٥٦٧٨٩"],
)
def test_a_national_id_that_is_not_12_ascii_digits_is_refused(national_id):
    with pytest.raises(ValidationError) as info:
        check_registration(form(national_id=national_id), RegistrationPolicy())
    assert {"national_id": ["invalid_national_id"]} == error_codes(info.value)


def test_a_profile_field_over_200_characters_is_too_long():
    with pytest.raises(ValidationError) as info:
        check_registration(form(address="x" * 201), RegistrationPolicy())
    assert {"address": ["too_long"]} == error_codes(info.value)


@pytest.mark.parametrize("length", [8, 9, 127, 128])
def test_passwords_of_8_to_128_characters_are_accepted(length):
    password = "p" * length
    assert password == check_password_rules(password)


@pytest.mark.parametrize(
    ("length", "code"), [(0, "too_short"), (7, "too_short"), (129, "too_long")]
)
def test_passwords_outside_8_to_128_characters_are_refused(length, code):
    with pytest.raises(ValidationError) as info:
        check_password_rules("p" * length)
    assert {"password": [code]} == error_codes(info.value)


def test_a_password_needs_no_composition_and_keeps_its_spaces():
    assert "  mật khẩu dài  " == check_password_rules("  mật khẩu dài  ")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (12345678, "wrong_type"),
        ("abcd\x00efgh", "control_chars"),
        ("abcd\ud800efgh", "control_chars"),
    ],
)
def test_a_password_must_be_text_without_nul(value, code):
    with pytest.raises(ValidationError) as info:
        check_password_rules(value)
    assert {"password": [code]} == error_codes(info.value)


@pytest.mark.parametrize(
    "written",
    ["0912345678", "912345678", "+84912345678", "84912345678", "091 234 5678", "(091) 234-5678"],
)
def test_every_written_form_of_a_mobile_number_is_one_e164_number(written):
    assert "+84912345678" == normalize_phone(written)


@pytest.mark.parametrize(
    "phone",
    ["02838123456", "123", "+14155552671", "0912345678901", "09123abcde", "", "+000000000"],
)
def test_landlines_foreign_and_malformed_numbers_are_refused(phone):
    with pytest.raises(ValidationError) as info:
        normalize_phone(phone)
    assert {"phone": ["invalid_phone"]} == error_codes(info.value)


def test_a_phone_must_be_text():
    with pytest.raises(ValidationError) as info:
        normalize_phone(912345678, field="login_id")
    assert {"login_id": ["wrong_type"]} == error_codes(info.value)


# --- officials and units -----------------------------------------------------------------


def test_an_approver_gets_the_unit_pheduyet_username(world):
    assert ("sotnmt_pheduyet", Role.UNIT_APPROVER, world.units[0].id) == (
        world.approvers[0].login_id,
        world.approvers[0].role,
        world.approvers[0].unit_id,
    )
    assert world.approvers[0].is_active
    created = [
        e
        for e in [e for _, e in world.system.events(limit=500)]
        if isinstance(e, OfficialAccountCreated)
    ]
    assert 6 == len(created)  # admin, two staff, two approvers, the operator


def test_an_official_starts_active_with_a_full_name(world):
    official = world.system.create_official(
        world.admin.id,
        role="unit_staff",
        unit_code="sogtvt",
        username="sogtvt_thanh",
        password=PASSWORD,
        full_name="Phạm Thanh",
    )
    assert (AccountStatus.ACTIVE, "Phạm Thanh") == (official.status, official.profile.full_name)
    assert official.id == world.system.login("sogtvt_thanh", PASSWORD).id


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"role": "citizen"}, "role", "invalid_choice"),
        ({"role": "chief"}, "role", "invalid_choice"),
        ({"role": "operator", "unit_code": "sotnmt"}, "unit_code", "no_unit_for_role"),
        (
            {"role": "unit_staff", "unit_code": "sotnmt", "username": "canbo"},
            "username",
            "invalid_username",
        ),
        ({"role": "unit_staff", "unit_code": "sotnmt"}, "username", "required"),
        ({"role": "operator", "username": "0903123456"}, "username", "invalid_username"),
        ({"role": "operator", "username": "Tiep Nhan"}, "username", "invalid_username"),
        ({"role": "operator", "username": "tn", "password": "short"}, "password", "too_short"),
    ],
)
def test_official_accounts_are_checked(world, fields, field, code):
    with pytest.raises(ValidationError) as info:
        world.system.create_official(world.admin.id, **({"password": PASSWORD} | fields))
    assert {field: [code]} == error_codes(info.value)


def test_an_official_of_an_unknown_unit_is_not_found(world):
    with pytest.raises(NotFound) as info:
        world.system.create_official(
            world.admin.id, role="unit_approver", unit_code="khongco", password=PASSWORD
        )
    assert "unit_code" == info.value.field


def test_a_second_approver_with_the_default_username_is_a_conflict(world):
    with pytest.raises(Conflict):
        world.system.create_official(
            world.admin.id, role="unit_approver", unit_code="sotnmt", password=PASSWORD
        )


def test_only_an_admin_creates_officials_and_units(world):
    with pytest.raises(PermissionDenied):
        world.system.create_official(
            world.operator.id, role="operator", username="tiepnhan2", password=PASSWORD
        )
    with pytest.raises(PermissionDenied):
        world.system.create_unit(world.approvers[0].id, "soyte", "Sở Y tế")


def test_units_are_listed_by_code_with_an_event_each(world):
    unit = world.system.create_unit(world.admin.id, "soyte", "Sở Y tế")
    assert ["sogtvt", "sotnmt", "soyte"] == [u.code for u in world.system.units()]
    created = [
        e for e in [e for _, e in world.system.events(limit=500)] if isinstance(e, UnitCreated)
    ]
    assert (unit.id, "soyte") == (created[-1].unit_id, created[-1].code)


@pytest.mark.parametrize("code", ["SoYTe", "1so", "s", "so-yte", "so_yte"])
def test_a_unit_code_is_lowercase_letters_and_digits(world, code):
    with pytest.raises(ValidationError) as info:
        world.system.create_unit(world.admin.id, code, "Sở Y tế")
    assert ["code"] == list(info.value.errors)


def test_a_unit_code_is_unique(world):
    with pytest.raises(Conflict):
        world.system.create_unit(world.admin.id, "sotnmt", "Sở khác")


def test_the_first_admin_is_bootstrapped_once(world):
    with pytest.raises(Conflict):
        world.system.bootstrap_admin("quantri2", PASSWORD)


def test_a_pending_citizen_cannot_act(world):
    pending = world.system.register(form())
    with pytest.raises(PermissionDenied) as info:
        world.system.submit_report(pending.id, title="t", content="c", category="khac", address="a")
    assert ("account_not_active", "actor") == (info.value.code, info.value.field)
