"""Registers ``sqlite:`` storage URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import hookimpl
from feedback_sqlite.store import SqliteStorage

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``sqlite:///feedback.db`` (relative) or ``sqlite:////var/lib/feedback.db``."""
    registry.add_storage("sqlite", SqliteStorage.from_url)
