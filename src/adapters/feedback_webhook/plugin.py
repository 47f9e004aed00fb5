"""Registers the ``webhook:`` transport (extra ``[webhook]``: httpx)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import hookimpl
from feedback_core.plugin.registry import driver_of_extra

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.ports import Transport


def open_webhook(url: str) -> Transport:
    """``webhook:https://receiver.example/hooks``; the secret from the environment."""
    with driver_of_extra("webhook", ("httpx",), scheme="webhook", port="transports"):
        from feedback_webhook.transport import WebhookTransport  # noqa: PLC0415 - needs httpx
    return WebhookTransport.from_url(url)


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its scheme
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``transports=["webhook:https://receiver.example/hooks"]``."""
    registry.add_transport("webhook", open_webhook)
