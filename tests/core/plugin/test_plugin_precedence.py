"""Built-in adapters register as fallbacks: an installed plugin may serve any scheme instead."""

import pytest

from feedback_core import AdapterError, FeedbackSystem, Settings, hookimpl
from feedback_core.plugin.manager import make_plugins
from feedback_core.plugin.registry import AdapterRegistry
from feedback_core.testing.world import SECRET_KEY, cheap_hasher
from feedback_memory import MemoryStorage, RecordingSmsSender


class SchemePlugin:
    """Serves one storage scheme and one SMS scheme with given objects."""

    def __init__(self, scheme, storage=None, sms=None):
        self.scheme, self.storage, self.sms = scheme, storage, sms

    @hookimpl
    def feedback_register_adapters(self, registry: AdapterRegistry) -> None:
        if self.storage is not None:
            registry.add_storage(self.scheme, lambda url: self.storage)
        if self.sms is not None:
            registry.add_sms(self.scheme, lambda url: self.sms)


class FallbackPlugin(SchemePlugin):
    """Like a built-in: registers last and yields its schemes to any other plugin."""

    @hookimpl(trylast=True)
    def feedback_register_adapters(self, registry: AdapterRegistry) -> None:
        super().feedback_register_adapters(registry)


def test_a_plugin_serves_sqlite_urls_instead_of_the_built_in_store(tmp_path):
    mine = MemoryStorage()
    plugins = make_plugins(SchemePlugin("sqlite", storage=mine))
    assert mine is plugins.adapters().storage.create(f"sqlite:///{tmp_path / 'x.db'}")
    assert not (tmp_path / "x.db").exists()


def test_a_plugin_serves_console_sms_instead_of_the_built_in_sender():
    mine = RecordingSmsSender()
    plugins = make_plugins(SchemePlugin("console", sms=mine))
    assert mine is plugins.adapters().sms.create("console:")


def test_the_replacing_plugin_is_named_as_the_owner_of_the_scheme():
    plugin = SchemePlugin("sqlite", storage=MemoryStorage())
    plugins = make_plugins(plugin)
    name = plugins.manager.get_name(plugin)
    assert name == plugins.adapters().storage.owner("sqlite")


def test_the_built_in_serves_its_scheme_when_no_plugin_claims_it():
    assert "feedback_sqlite.plugin" == make_plugins().adapters().storage.owner("sqlite")


def test_from_urls_uses_the_replacing_plugin(tmp_path):
    mine, texts = MemoryStorage(), RecordingSmsSender()
    plugins = make_plugins(SchemePlugin("sqlite", storage=mine, sms=texts))
    system = FeedbackSystem.from_urls(
        Settings(secret_key=SECRET_KEY),
        storage=f"sqlite:///{tmp_path / 'never.db'}",
        sms="sqlite:",
        plugins=plugins,
        hasher=cheap_hasher(),
    )
    assert mine is system.storage
    system.register({"phone": "0912345678", "password": "mat khau dai", "full_name": "Lan"})
    assert ["+84912345678"] == [sms.phone for sms in texts.sent]
    assert not (tmp_path / "never.db").exists()


def test_two_plugins_of_the_same_rank_on_one_scheme_are_both_named():
    first, second = SchemePlugin("mine", sms=object()), SchemePlugin("mine", sms=object())
    with pytest.raises(AdapterError) as raised:
        make_plugins(first, second).adapters()
    assert "mine" in str(raised.value)
    assert "sms" == raised.value.field


def test_two_fallbacks_on_one_scheme_are_an_error_too():
    first, second = FallbackPlugin("mine", sms=object()), FallbackPlugin("mine", sms=object())
    with pytest.raises(AdapterError, match="mine"):
        make_plugins(first, second).adapters()


def test_a_fallback_never_replaces_a_plugin_whatever_the_order():
    mine, other = MemoryStorage(), MemoryStorage()
    plugins = make_plugins(
        FallbackPlugin("mine", storage=other), SchemePlugin("mine", storage=mine)
    )
    assert mine is plugins.adapters().storage.create("mine:")
