"""No record's repr (what a log line shows) carries a password, its hash, a key or a code."""

import importlib
import inspect
import pkgutil
import re

import attrs

from feedback_core import Settings
from feedback_core.accounts.input import RegistrationPolicy, check_registration
from feedback_core.testing.world import PASSWORD, SECRET_KEY

PACKAGES = (
    "feedback_core",
    "feedback_memory",
    "feedback_sqlite",
    "feedback_postgres",
    "feedback_sms",
)
# Fields that hold a secret, by name; a new one must be hidden from repr too.
SECRET_NAMES = re.compile(r"password|secret|_hash$|conninfo")
SECRET_FIELDS = {("SentSms", "text"), ("SecretKey", "value")}  # named plainly, secret all the same


def record_types():
    """Every attrs class the packages define (the testing kit aside)."""
    found = {}
    for name in PACKAGES:
        package = importlib.import_module(name)
        modules = [package] + [
            importlib.import_module(info.name)
            for info in pkgutil.walk_packages(package.__path__, f"{name}.")
            if ".testing" not in info.name
        ]
        for module in modules:
            for kind in vars(module).values():
                if inspect.isclass(kind) and attrs.has(kind) and kind.__module__ == module.__name__:
                    found[f"{kind.__module__}.{kind.__qualname__}"] = kind
    return found


def secret_fields():
    return [
        (name, field.name, field.repr)
        for name, kind in record_types().items()
        for field in attrs.fields(kind)
        if SECRET_NAMES.search(field.name) or (kind.__name__, field.name) in SECRET_FIELDS
    ]


def test_the_walk_finds_the_records():
    assert {"feedback_core.accounts.model.Account", "feedback_core.settings.Settings"} <= set(
        record_types()
    )


def test_every_secret_field_is_hidden_from_repr():
    assert len(secret_fields()) >= 5  # the walk reached the secrets
    assert [] == [(kind, field) for kind, field, shown in secret_fields() if shown]


def test_an_account_read_back_from_the_store_does_not_show_its_hash(world):
    account = world.system.login(world.citizen.login_id, PASSWORD)
    assert account.password_hash.startswith("$argon2id$")
    assert account.password_hash not in repr(account)
    assert account.password_hash not in str(account)
    assert "password_hash" not in repr(account)


def test_a_texted_code_is_not_in_the_sent_message_repr(world):
    world.system.register({"phone": "0987654321", "password": PASSWORD, "full_name": "Lan"})
    code = world.sms.last_code("+84987654321")
    assert [] == [sms for sms in world.sms.sent if code in repr(sms)]


def test_a_checked_registration_does_not_show_the_password():
    form = {"phone": "0987654321", "password": PASSWORD, "full_name": "Lan"}
    assert PASSWORD not in repr(check_registration(form, RegistrationPolicy()))


def test_the_settings_do_not_show_the_key():
    assert repr(SECRET_KEY) not in repr(Settings(secret_key=SECRET_KEY))
    assert SECRET_KEY.hex() not in repr(Settings(secret_key=SECRET_KEY))
