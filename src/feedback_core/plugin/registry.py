"""The typed registry of adapter factories, keyed by URL scheme.

Plugins fill it through the ``feedback_register_adapters`` hook; `FeedbackSystem.from_urls`
reads it. A URL's scheme picks the factory, which receives the whole URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar
from urllib.parse import urlsplit

from feedback_core.errors import AdapterError
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedback_core.ports import SmsSender, Storage, Transport

T = TypeVar("T")


class Factories(Generic[T]):
    """Factories of one port, by scheme."""

    def __init__(self, port: str) -> None:
        self.port = port
        self._factories: dict[str, tuple[str, Callable[[str], T]]] = {}

    def add(self, scheme: str, factory: Callable[[str], T], plugin: str) -> None:
        """Serve ``scheme`` with ``factory``; two plugins claiming one scheme is an error."""
        if scheme in self._factories and self._factories[scheme][0] != plugin:
            owner = self._factories[scheme][0]
            raise AdapterError(
                message("adapter_clash", scheme=scheme, first=owner, second=plugin), field=self.port
            )
        self._factories[scheme] = (plugin, factory)

    def create(self, url: object) -> T:
        """The adapter for ``url``."""
        return self.resolve(url)()

    def resolve(self, url: object) -> Callable[[], T]:
        """Check ``url`` and return what creates its adapter, without creating it yet."""
        if not isinstance(url, str) or ":" not in url:
            raise AdapterError(message("adapter_url", url=str(url)), field=self.port)
        scheme = urlsplit(url).scheme
        if scheme not in self._factories:
            known = ", ".join(sorted(self._factories)) or "-"
            raise AdapterError(
                message("adapter_unknown", scheme=scheme, known=known), field=self.port
            )
        factory = self._factories[scheme][1]
        return lambda: factory(url)

    @property
    def schemes(self) -> list[str]:
        """The schemes served."""
        return sorted(self._factories)


class AdapterRegistry:
    """Storage, SMS and transport factories; each plugin registers under its own name."""

    def __init__(self) -> None:
        self.storage: Factories[Storage] = Factories("storage")
        self.sms: Factories[SmsSender] = Factories("sms")
        self.transports: Factories[Transport] = Factories("transports")
        self.current_plugin = "?"

    def add_storage(self, scheme: str, factory: Callable[[str], Storage]) -> None:
        """Serve storage URLs of ``scheme``."""
        self.storage.add(scheme, factory, self.current_plugin)

    def add_sms(self, scheme: str, factory: Callable[[str], SmsSender]) -> None:
        """Serve SMS-sender URLs of ``scheme``."""
        self.sms.add(scheme, factory, self.current_plugin)

    def add_transport(self, scheme: str, factory: Callable[[str], Transport]) -> None:
        """Serve transport URLs of ``scheme``."""
        self.transports.add(scheme, factory, self.current_plugin)
