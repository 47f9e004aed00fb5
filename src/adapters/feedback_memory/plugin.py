"""Registers ``memory:`` storage and the ``recording:`` SMS sender and transport."""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import hookimpl
from feedback_core.errors import StorageFault
from feedback_core.messages import message
from feedback_memory.sms import RecordingSmsSender
from feedback_memory.store import MemoryStorage
from feedback_memory.transport import RecordingTransport

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry


def memory_storage(url: str, *, create: bool = True) -> MemoryStorage:
    """A new, empty store for each URL: nothing is shared or kept.

    A memory store never exists before it is opened, so ``create=False`` always finds it
    missing: StorageFault (``storage_missing``).
    """
    if not create:
        raise StorageFault(message("storage_missing", path=url), field="storage")
    return MemoryStorage()


def recording_sms(url: str) -> RecordingSmsSender:  # noqa: ARG001 - "recording:" says it all
    """A sender that records instead of texting."""
    return RecordingSmsSender()


def recording_transport(url: str) -> RecordingTransport:  # noqa: ARG001 - as above
    """A transport that keeps events in a list."""
    return RecordingTransport()


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``storage="memory:"``, ``sms="recording:"``, ``transports=["recording:"]``."""
    registry.add_storage("memory", memory_storage)
    registry.add_sms("recording", recording_sms)
    registry.add_transport("recording", recording_transport)
