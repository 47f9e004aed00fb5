"""The hook specifications: everything a feedback-core plugin can implement.

Every hook is called by the `Plugins` facade with keyword arguments. A plugin module
implements hooks with ``@feedback_core.hookimpl``; the built-in adapters are plugins like
any other (see `feedback_core.plugin.manager`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from feedback_core.events import Event
    from feedback_core.plugin.registry import AdapterRegistry

PROJECT = "feedback_core"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """Register adapter factories by URL scheme.

    Called once when a plugin manager is set up. Call ``registry.add_storage``,
    ``registry.add_sms``, ``registry.add_transport``, ``registry.add_media`` (a store of
    reports' photos and videos, e.g. an S3-compatible one) or ``registry.add_cleaner`` (what
    re-encodes photos without their metadata) for each scheme the plugin serves.

    :param registry: the typed registry that `FeedbackSystem.from_urls` reads.
    """


@hookspec
def feedback_event_committed(event: Event) -> None:
    """Hear a domain event in-process, right after the transaction that made it committed.

    For quick, local reactions (metrics, cache invalidation). A listener that raises is
    reported but changes nothing: durable delivery goes through the outbox and transports.

    :param event: the committed event; its ``id`` is its idempotency key.
    """
