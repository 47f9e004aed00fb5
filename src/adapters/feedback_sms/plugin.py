"""Registers ``console:`` and ``file:`` SMS senders, ``console:`` and ``jsonl:`` transports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import hookimpl
from feedback_sms.console import ConsoleSmsSender, ConsoleTransport
from feedback_sms.jsonl import FileSmsSender, JsonLinesTransport

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``sms="console:"``, ``sms="file:sms.jsonl"``; ``transports=["jsonl:events.jsonl"]``."""
    registry.add_sms("console", ConsoleSmsSender.from_url)
    registry.add_sms("file", FileSmsSender.from_url)
    registry.add_transport("console", ConsoleTransport.from_url)
    registry.add_transport("jsonl", JsonLinesTransport.from_url)
