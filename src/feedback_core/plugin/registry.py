"""The typed registry of adapter factories, keyed by URL scheme.

Plugins fill it through the ``feedback_register_adapters`` hook; `FeedbackSystem.from_urls`
reads it. A URL's scheme picks the factory, which receives the whole URL. A storage
factory may also take a keyword-only ``create`` (see `StorageFactory`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar
from urllib.parse import urlsplit

import attrs

from feedback_core.errors import AdapterError
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

    from feedback_core.ports import SmsSender, Storage, Transport
    from feedback_core.reports.media import ImageCleaner, MediaStore

T = TypeVar("T")


class StorageFactory(Protocol):
    """Opens the store a URL names; ``create`` says whether a missing one may be made.

    With ``create=False`` a store that does not exist raises `StorageFault` (message
    ``storage_missing``, field "storage") and nothing is created: no file, no schema. A
    store that cannot be opened without being made (``memory:``) always raises it then.
    """

    def __call__(self, url: str, /, *, create: bool = True) -> Storage:
        """The store at ``url``."""
        ...


@attrs.frozen
class Claim(Generic[T]):
    """Who serves a scheme, and whether only as a fallback (a built-in adapter)."""

    plugin: str
    factory: Callable[[str], T]
    fallback: bool


class Factories(Generic[T]):
    """Factories of one port, by scheme."""

    def __init__(self, port: str) -> None:
        self.port = port
        self._claims: dict[str, Claim[T]] = {}

    def add(self, scheme: str, factory: Callable[[str], T], plugin: str, *, fallback: bool) -> None:
        """Serve ``scheme`` with ``factory``.

        A plugin's claim replaces a fallback's (the built-ins register as fallbacks), so an
        installed plugin may serve any scheme; two claims of the same rank are an error.
        """
        new = Claim(plugin, factory, fallback)
        old = self._claims.get(scheme)
        if old is None or old.plugin == plugin or (old.fallback and not fallback):
            self._claims[scheme] = new
        elif fallback == old.fallback:
            clash = message("adapter_clash", scheme=scheme, first=old.plugin, second=plugin)
            raise AdapterError(clash, field=self.port)

    def owner(self, scheme: str) -> str | None:
        """The plugin serving ``scheme``, if any."""
        claim = self._claims.get(scheme)
        return None if claim is None else claim.plugin

    def create(self, url: object) -> T:
        """The adapter for ``url``."""
        return self.resolve(url)()

    def resolve(self, url: object) -> Callable[[], T]:
        """Check ``url`` and return what creates its adapter, without creating it yet."""
        if not isinstance(url, str) or ":" not in url:
            raise AdapterError(message("adapter_url", url=str(url)), field=self.port)
        scheme = urlsplit(url).scheme
        if scheme not in self._claims:
            known = ", ".join(sorted(self._claims)) or "-"
            raise AdapterError(
                message("adapter_unknown", scheme=scheme, known=known), field=self.port
            )
        factory = self._claims[scheme].factory
        return lambda: factory(url)

    @property
    def schemes(self) -> list[str]:
        """The schemes served."""
        return sorted(self._claims)


class StorageFactories(Factories["Storage"]):
    """Storage factories, which are also told whether a missing store may be created."""

    def open(self, url: object, *, create: bool = True) -> Callable[[], Storage]:
        """Check ``url`` and return what opens its store, creating it only if ``create``.

        A factory that does not take ``create`` is called as before, with the URL alone:
        it may create a missing store whatever ``create`` says.
        """
        make = self.resolve(url)
        factory = self._claims[urlsplit(str(url)).scheme].factory
        if not takes_create(factory):
            return make
        return lambda: factory(str(url), create=create)  # type: ignore[call-arg]


def takes_create(factory: Callable[..., object]) -> bool:
    """Whether ``factory`` accepts the keyword ``create``."""
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):  # a builtin or C callable without a signature
        return False
    return any(
        p.kind is inspect.Parameter.VAR_KEYWORD
        or (p.name == "create" and p.kind is not inspect.Parameter.POSITIONAL_ONLY)
        for p in parameters
    )


class AdapterRegistry:
    """Storage, SMS, transport and media factories; each plugin registers under its own name."""

    def __init__(self) -> None:
        self.storage = StorageFactories("storage")
        self.sms: Factories[SmsSender] = Factories("sms")
        self.transports: Factories[Transport] = Factories("transports")
        self.media: Factories[MediaStore] = Factories("media")
        self.cleaners: Factories[ImageCleaner] = Factories("cleaner")
        # Set by the plugin manager before each plugin registers.
        self.current_plugin = "?"
        self.current_is_fallback = False

    def add_storage(self, scheme: str, factory: StorageFactory | Callable[[str], Storage]) -> None:
        """Serve storage URLs of ``scheme``; ``factory(url, create=...)`` if it takes ``create``."""
        self.storage.add(scheme, factory, self.current_plugin, fallback=self.current_is_fallback)

    def add_sms(self, scheme: str, factory: Callable[[str], SmsSender]) -> None:
        """Serve SMS-sender URLs of ``scheme``."""
        self.sms.add(scheme, factory, self.current_plugin, fallback=self.current_is_fallback)

    def add_transport(self, scheme: str, factory: Callable[[str], Transport]) -> None:
        """Serve transport URLs of ``scheme``."""
        self.transports.add(scheme, factory, self.current_plugin, fallback=self.current_is_fallback)

    def add_media(self, scheme: str, factory: Callable[[str], MediaStore]) -> None:
        """Serve media-store URLs of ``scheme`` (reports' photos and videos)."""
        self.media.add(scheme, factory, self.current_plugin, fallback=self.current_is_fallback)

    def add_cleaner(self, scheme: str, factory: Callable[[str], ImageCleaner]) -> None:
        """Serve image-cleaner URLs of ``scheme`` (photos re-encoded without metadata)."""
        self.cleaners.add(scheme, factory, self.current_plugin, fallback=self.current_is_fallback)


@contextmanager
def driver_of_extra(
    extra: str, drivers: Collection[str], *, scheme: str, port: str
) -> Iterator[None]:
    """Import an adapter's module inside this block; a missing driver names the extra.

    A plugin imports its driver only when its scheme is used, so feedback-core without the
    extra still loads every plugin. If the import fails because a top-level module in
    ``drivers`` is missing, that is an AdapterError naming ``pip install
    'feedback-core[extra]'``; any other import error (a bug) is raised as it is.
    """
    try:
        yield
    except ModuleNotFoundError as error:
        if error.name is None or error.name.split(".")[0] not in drivers:
            raise
        raise AdapterError(
            message("adapter_extra", scheme=scheme, extra=extra), field=port
        ) from error
