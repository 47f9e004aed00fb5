"""Registers ``console:``, ``file:``, ``smsgw:`` SMS senders; ``console:``, ``jsonl:`` transports.

``smsgw:`` needs the extra ``[sms]`` (httpx), imported only when the scheme is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import hookimpl
from feedback_core.plugin.registry import driver_of_extra
from feedback_sms.console import ConsoleSmsSender, ConsoleTransport
from feedback_sms.jsonl import FileSmsSender, JsonLinesTransport

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.ports import SmsSender


def open_sms_gateway(url: str) -> SmsSender:
    """``smsgw:https://api.example.vn/send``; the token from the environment."""
    with driver_of_extra("sms", ("httpx",), scheme="smsgw", port="sms"):
        from feedback_sms.gateway import HttpSmsSender  # noqa: PLC0415 - needs httpx
    return HttpSmsSender.from_url(url)


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``sms="file:sms.jsonl"``, ``sms="smsgw:https://..."``; ``transports=["jsonl:x"]``."""
    registry.add_sms("console", ConsoleSmsSender.from_url)
    registry.add_sms("file", FileSmsSender.from_url)
    registry.add_sms("smsgw", open_sms_gateway)
    registry.add_transport("console", ConsoleTransport.from_url)
    registry.add_transport("jsonl", JsonLinesTransport.from_url)
