"""Settings: the server key."""

import pytest

from feedback_core import Settings, ValidationError
from feedback_core.testing.world import SECRET_KEY


def test_the_server_key_has_at_least_16_bytes():
    with pytest.raises(ValueError, match="16"):
        Settings(secret_key=b"short")
    assert b"k" * 16 == Settings(secret_key=b"k" * 16).secret_key


def test_the_server_key_is_not_in_the_settings_repr():
    assert repr(SECRET_KEY) not in repr(Settings(secret_key=SECRET_KEY))


@pytest.mark.parametrize("key", ["some text of more than sixteen chars", None, 1234, bytearray(32)])
def test_a_server_key_that_is_not_bytes_is_refused_naming_it(key):
    with pytest.raises(ValidationError) as info:
        Settings(secret_key=key)
    assert ("secret_key", "wrong_type") == (info.value.field, info.value.code)


def test_a_short_server_key_says_how_many_bytes_it_needs():
    with pytest.raises(ValidationError) as info:
        Settings(secret_key=b"short")
    assert ("secret_key", "key_too_short") == (info.value.field, info.value.code)
    assert "16" in info.value.render("en")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("activation", {"ttl": 300}),
        ("login", None),
        ("alerts", "AlertPolicy()"),
        ("deadlines", 8),
        ("calendar", []),
        ("registration", {"required": ["full_name"]}),
        ("dispatch", object()),
    ],
)
def test_a_policy_of_the_wrong_kind_is_refused_naming_the_setting(setting, value):
    with pytest.raises(ValidationError) as info:
        Settings(secret_key=SECRET_KEY, **{setting: value})
    assert (setting, "wrong_type") == (info.value.field, info.value.code)


@pytest.mark.parametrize(
    "categories", [{}, [], "giao_thong", {"giao_thong": ""}, {1: "Giao thông"}]
)
def test_categories_must_name_at_least_one_category(categories):
    with pytest.raises(ValidationError) as info:
        Settings(secret_key=SECRET_KEY, categories=categories)
    assert "categories" == info.value.field


@pytest.mark.parametrize(
    "template",
    ["Ma kich hoat cua ban", "Ma {otp}", "Ma {code} {", "Ma {0}", None, b"Ma {code}"],
)
def test_an_sms_template_needs_the_code_and_no_unknown_field(template):
    with pytest.raises(ValidationError) as info:
        Settings(secret_key=SECRET_KEY, sms_template=template)
    assert ("sms_template", "invalid_template") == (info.value.field, info.value.code)


def test_an_sms_template_may_leave_out_the_minutes():
    assert "Ma {code}" == Settings(secret_key=SECRET_KEY, sms_template="Ma {code}").sms_template
