"""The plugin manager: built-in adapters and third-party plugins, behind a typed facade.

Built from a factory, never at import time. Built-in adapters are named in one tuple and
imported by name, so the core never imports an adapter module directly; third-party
plugins come from the entry-point group ``feedback_core``.
"""

from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Final

import pluggy

from feedback_core.errors import AdapterError
from feedback_core.messages import message
from feedback_core.plugin import specs as hookspecs
from feedback_core.plugin.registry import AdapterRegistry

if TYPE_CHECKING:
    from collections.abc import Iterable

    from feedback_core.events import Event

log = logging.getLogger(__name__)

# Our own adapters, registered like anyone's plugin. Modules whose driver extra is not
# installed are skipped: their schemes are then simply unknown.
BUILTIN_PLUGINS: Final = (
    "feedback_memory.plugin",
    "feedback_sqlite.plugin",
    "feedback_postgres.plugin",
    "feedback_sms.plugin",
    "feedback_webhook.plugin",
    "feedback_mqtt.plugin",
    "feedback_media.plugin",
)
ENTRY_POINT_GROUP: Final = hookspecs.PROJECT


class Plugins:
    """Typed access to the hooks; every hook is called with keyword arguments."""

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self.manager = manager

    def adapters(self) -> AdapterRegistry:
        """A registry filled by every plugin, each call attributed to its plugin."""
        registry = AdapterRegistry()
        # pluggy's call order: tryfirst, plain, then trylast (the built-ins, as fallbacks).
        for impl in reversed(self.manager.hook.feedback_register_adapters.get_hookimpls()):
            registry.current_plugin = impl.plugin_name
            registry.current_is_fallback = impl.trylast
            try:
                impl.function(registry=registry)
            except AdapterError:
                raise
            except Exception as error:
                raise _broken(impl.plugin_name, error) from error
        return registry

    def event_committed(self, events: Iterable[Event]) -> None:
        """Tell in-process listeners; a failing listener is logged, never raised."""
        for event in events:
            try:
                self.manager.hook.feedback_event_committed(event=event)
            except Exception:
                log.exception("a feedback_event_committed listener failed on %s", event.id)


def make_plugins(*extra: object, builtins: Iterable[str] = BUILTIN_PLUGINS) -> Plugins:
    """A plugin manager with the specs, the built-ins, entry points and ``extra`` plugins."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for name in builtins:
        module = _import_builtin(name)
        if module is not None:
            manager.register(module, name=name)
    _load_entry_points(manager)
    for plugin in extra:
        manager.register(plugin)
    manager.check_pending()
    return Plugins(manager)


def _import_builtin(name: str) -> object | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        # Only a missing optional adapter package is skipped; a bug inside one is raised.
        if error.name is not None and name.startswith(error.name):
            return None
        raise _broken(name, error) from error


def _load_entry_points(manager: pluggy.PluginManager) -> None:
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if manager.get_plugin(point.name) is not None:
            continue
        try:
            plugin = point.load()
        except Exception as error:
            raise _broken(point.name, error) from error
        manager.register(plugin, name=point.name)


def _broken(plugin: str, error: BaseException) -> AdapterError:
    return AdapterError(
        message("plugin_broken", plugin=plugin, error=f"{type(error).__name__}: {error}"),
        field="plugins",
    )
