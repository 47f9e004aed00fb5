"""Adapters are chosen by URL through pluggy; problems name the scheme or the plugin."""

import ast
import logging
import re
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from feedback_core import DeliveryFailed, FeedbackSystem, Settings, hookimpl
from feedback_core.accounts.events import UnitCreated
from feedback_core.errors import AdapterError
from feedback_core.plugin import specs as hookspecs
from feedback_core.plugin.manager import make_plugins
from feedback_core.plugin.registry import AdapterRegistry
from feedback_core.testing.world import SECRET_KEY, cheap_hasher

DOCS = Path(__file__).parents[3] / "docs" / "plugins.md"


class MemoryPlugin:
    """A plugin object serving memory-backed test adapters under its own schemes."""

    def __init__(self, storage, sms):
        self.storage, self.sms = storage, sms

    @hookimpl
    def feedback_register_adapters(self, registry: AdapterRegistry) -> None:
        registry.add_storage("testmem", lambda url: self.storage)
        registry.add_sms("testsms", lambda url: self.sms)


def hook_names() -> list[str]:
    return [name for name in dir(hookspecs) if name.startswith("feedback_")]


def test_every_hook_is_documented_with_a_heading_of_its_own():
    headings = set(re.findall(r"^### (\w+)$", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert set(hook_names()) == headings


def test_every_hook_documents_each_parameter():
    tree = ast.parse(Path(hookspecs.__file__).read_text(encoding="utf-8"))
    undocumented = [
        f"{node.name}({arg.arg})"
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("feedback_")
        for arg in node.args.args
        if f":param {arg.arg}:" not in (ast.get_docstring(node) or "")
    ]
    assert [] == undocumented


def test_the_sqlite_store_is_a_built_in_plugin(tmp_path):
    registry = make_plugins().adapters()
    assert "sqlite" in registry.storage.schemes
    storage = registry.storage.create(f"sqlite:///{tmp_path / 'feedback.db'}")
    storage.close()
    assert (tmp_path / "feedback.db").exists()


def test_from_urls_builds_a_working_system(feedback_storage, feedback_sms):
    plugins = make_plugins(MemoryPlugin(feedback_storage, feedback_sms))
    system = FeedbackSystem.from_urls(
        Settings(secret_key=SECRET_KEY),
        storage="testmem:",
        sms="testsms:",
        plugins=plugins,
        hasher=cheap_hasher(),
    )
    account = system.register({"phone": "0912345678", "password": "mat-khau-1", "full_name": "A"})
    assert account == feedback_storage.tables.accounts[account.id]


@pytest.mark.parametrize(
    ("port", "url", "named"),
    [
        ("storage", "nosuch:///x.db", "'nosuch:'"),
        ("sms", "carrierpigeon:", "'carrierpigeon:'"),
        ("storage", "feedback.db", "'feedback.db'"),
    ],
)
def test_an_unknown_or_malformed_url_names_itself(port, url, named):
    with pytest.raises(AdapterError) as raised:
        FeedbackSystem.from_urls(Settings(secret_key=SECRET_KEY), **{port: url})
    assert port == raised.value.field
    assert named in str(raised.value)


def test_a_plugin_that_raises_while_registering_is_named():
    class Broken:
        @hookimpl
        def feedback_register_adapters(self, registry):
            raise RuntimeError("driver missing")

    plugins = make_plugins(Broken())
    with pytest.raises(AdapterError, match=r"could not be loaded: RuntimeError: driver missing"):
        plugins.adapters()


def test_two_plugins_claiming_one_scheme_are_both_named():
    class Twin:
        @hookimpl
        def feedback_register_adapters(self, registry):
            registry.add_storage("sqlite", lambda url: None)

    first, second = Twin(), Twin()
    plugins = make_plugins(first, second)
    with pytest.raises(AdapterError) as raised:
        plugins.adapters()
    assert plugins.manager.get_name(first) in str(raised.value)
    assert plugins.manager.get_name(second) in str(raised.value)
    assert "'sqlite:'" in str(raised.value)


def test_an_entry_point_that_fails_to_import_is_named(monkeypatch):
    point = EntryPoint("gateway", "feedback_no_such_gateway.plugin", "feedback_core")
    monkeypatch.setattr("feedback_core.plugin.manager.entry_points", lambda group: [point])
    with pytest.raises(AdapterError, match="plugin gateway could not be loaded"):
        make_plugins()


def test_a_missing_builtin_adapter_is_skipped_but_a_broken_one_is_named(tmp_path, monkeypatch):
    (tmp_path / "feedback_buggy").mkdir()
    (tmp_path / "feedback_buggy" / "__init__.py").write_text("")
    (tmp_path / "feedback_buggy" / "plugin.py").write_text("import feedback_missing_driver\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert None is make_plugins(builtins=("feedback_absent.plugin",)).manager.get_plugin(
        "feedback_absent.plugin"
    )
    with pytest.raises(AdapterError, match=r"feedback_buggy\.plugin could not be loaded"):
        make_plugins(builtins=("feedback_buggy.plugin",))
    monkeypatch.delitem(sys.modules, "feedback_buggy", raising=False)


def listening_world(world, listener):
    return world.system_with(plugins=make_plugins(listener))


def test_listeners_hear_events_after_the_commit_and_never_a_rolled_back_one(world):
    heard = []

    class Listener:
        @hookimpl
        def feedback_event_committed(self, event):
            heard.append(event)

    system = listening_world(world, Listener())
    unit = system.create_unit(world.admin.id, "soyte", "Sở Y tế")
    world.sms.down = True  # registration emits, then the SMS fails: all rolled back
    with pytest.raises(DeliveryFailed):
        system.register({"phone": "0987654321", "password": "mat-khau-1", "full_name": "B"})
    assert [UnitCreated] == [type(e) for e in heard]
    assert unit.id == heard[0].unit_id


def test_a_failing_listener_is_logged_and_changes_nothing(world, caplog):
    class Noisy:
        @hookimpl
        def feedback_event_committed(self, event):
            raise RuntimeError("listener bug")

    system = listening_world(world, Noisy())
    with caplog.at_level(logging.ERROR):
        unit = system.create_unit(world.admin.id, "soyte", "Sở Y tế")
    assert [unit] == [u for u in system.units() if u.code == "soyte"]
    assert "listener failed" in caplog.text
