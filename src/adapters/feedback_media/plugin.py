"""Registers the ``fs:`` and ``memory:`` media stores and the ``pillow:`` image cleaner.

``pillow:`` needs the extra ``[media]`` (Pillow), imported only when it is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core import hookimpl
from feedback_core.plugin.registry import driver_of_extra
from feedback_media.files import FileMediaStore
from feedback_media.memory import MemoryMediaStore

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.reports.media import ImageCleaner


def pillow_cleaner(url: str) -> ImageCleaner:
    """``pillow:``: photos re-encoded by Pillow."""
    with driver_of_extra("media", ("PIL",), scheme="pillow", port="cleaner"):
        from feedback_media.cleaning import PillowCleaner  # noqa: PLC0415 - needs Pillow
    return PillowCleaner.from_url(url)


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``media="fs:///var/lib/feedback/media"`` or ``media="memory:"``; ``cleaner="pillow:"``."""
    registry.add_media("fs", FileMediaStore.from_url)
    registry.add_media("memory", MemoryMediaStore.from_url)
    registry.add_cleaner("pillow", pillow_cleaner)
