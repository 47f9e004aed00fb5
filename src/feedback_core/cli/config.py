"""Where the command line finds its store, adapters, secret key and passwords."""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import os
import secrets
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote, urlsplit

import attrs

from feedback_core import fields
from feedback_core.accounts.keys import recorded_fingerprint, short
from feedback_core.cli.output import text
from feedback_core.errors import StorageFault, ValidationError
from feedback_core.plugin.manager import make_plugins
from feedback_core.settings import MIN_KEY_BYTES, Settings
from feedback_core.system import DEFAULT_STORAGE, FeedbackSystem

if TYPE_CHECKING:
    import argparse

    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.ports import Clock

USAGE: Final = 2  # exit code: the command line itself is wrong
FAILURE: Final = 1  # exit code: the request was refused or failed
KEY_ENV: Final = "FEEDBACK_SECRET_KEY"
# Names of the variables that hold passwords (init --admin, --as, create-account).
ADMIN_PASSWORD_ENV: Final = "FEEDBACK_ADMIN_PASSWORD"  # noqa: S105 - a variable's name
PASSWORD_ENV: Final = "FEEDBACK_PASSWORD"  # noqa: S105 - a variable's name
NEW_PASSWORD_ENV: Final = "FEEDBACK_NEW_PASSWORD"  # noqa: S105 - a variable's name
KEY_FILE: Final = "feedback.key"
_KEY_MODE: Final = 0o600


class CliError(Exception):
    """A failure of the command line itself: a text of `output.TEXTS` and an exit code."""

    def __init__(self, key: str, *, code: int = FAILURE, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.code = code
        self.params = params

    def render(self, lang: str) -> str:
        """The error as one line in ``lang``."""
        return text(lang, self.key, **self.params)


@attrs.frozen
class Options:
    """The global options, after the environment filled in what the command line left out."""

    storage: str = DEFAULT_STORAGE
    sms: str = "console:"
    transports: tuple[str, ...] = ()
    lang: str = "vi"
    key_file: Path | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Options:
        """Options from parsed arguments, then FEEDBACK_* variables, then defaults."""
        env = os.environ
        listed = env.get("FEEDBACK_TRANSPORTS", "").split(",")
        transports = args.transport or [url.strip() for url in listed if url.strip()]
        return cls(
            storage=_url(args.storage, "--storage", "FEEDBACK_STORAGE", DEFAULT_STORAGE),
            sms=_url(args.sms, "--sms", "FEEDBACK_SMS", "console:"),
            transports=tuple(transports),
            lang=args.lang or "vi",
            key_file=Path(args.key_file) if args.key_file else None,
        )

    @property
    def sqlite_file(self) -> Path | None:
        """The database file of a ``sqlite:`` storage URL (None for other stores)."""
        parts = urlsplit(self.storage)
        path = unquote(parts.path.removeprefix("/"))
        if parts.scheme != "sqlite" or not path or path == ":memory:":
            return None
        return Path(path)

    @property
    def key_path(self) -> Path:
        """``--key-file``, else feedback.key next to the SQLite file, else in the cwd."""
        if self.key_file is not None:
            return self.key_file
        database = self.sqlite_file
        return database.parent / KEY_FILE if database else Path(KEY_FILE)


def _url(given: str | None, option: str, env: str, default: str) -> str:
    """The option's URL, else the variable's, else the default; empty is a usage error.

    An empty value is a mistake (a variable that expanded to nothing, a quoting slip), never
    a request for the default: that would open another store than the one meant.
    """
    for value, name in ((given, option), (os.environ.get(env), env)):
        if value is not None:
            if not value.strip():
                raise CliError("empty_url", code=USAGE, option=name, example=default)
            return value
    return default


@attrs.frozen
class SecretKey:
    """The server key and where it came from."""

    value: bytes = attrs.field(repr=False)
    source: str
    created: bool = False


def secret_key(options: Options, *, create: bool = False) -> SecretKey:
    """The key from FEEDBACK_SECRET_KEY or the key file; ``create`` makes a missing file.

    A ``memory:`` store keeps nothing, so without a configured key it gets a fresh one.
    """
    if KEY_ENV in os.environ:
        return SecretKey(_decode(os.environ[KEY_ENV], KEY_ENV, USAGE), KEY_ENV)
    path = options.key_path
    if options.key_file is None and urlsplit(options.storage).scheme == "memory":
        return SecretKey(secrets.token_bytes(32), "memory:")
    if path.exists():
        hex_text = path.read_text(encoding="ascii", errors="replace")
        return SecretKey(_decode(hex_text, str(path)), str(path))
    if not create:
        raise CliError("no_key", path=path)
    return _create_key(path, options)


def _create_key(path: Path, options: Options) -> SecretKey:
    """Write a new key whole, then link it in place: no reader ever sees half a key."""
    value = secrets.token_bytes(32)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _KEY_MODE)
    except OSError as error:  # say it about the key file, not about its draft's name
        raise OSError(error.errno, error.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(value.hex() + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(draft, path)
    except FileExistsError:  # another process made it first: use theirs
        return secret_key(options)
    finally:
        draft.unlink()
    return SecretKey(value, str(path), created=True)


def _decode(hex_text: str, source: str, code: int = FAILURE) -> bytes:
    try:
        value = bytes.fromhex(hex_text.strip())
    except ValueError:
        value = b""
    if len(value) < MIN_KEY_BYTES:
        raise CliError("bad_key", code=code, source=source)
    return value


def open_system(
    options: Options,
    *,
    create_key: bool = False,
    create: bool | None = None,
    clock: Clock | None = None,
    sms: str | None = None,
) -> tuple[FeedbackSystem, SecretKey]:
    """The system on the configured adapters (close it when done) and its key.

    Only ``init`` and ``demo`` make things: ``create_key`` makes a missing key file for a
    new store, ``create`` (default: ``create_key``) a missing store. Without them a missing
    store is a one-line error naming its URL and ``feedback-core init``, and nothing is
    created. Every URL is checked first, so a mistyped one creates nothing and opens nothing.
    An existing store never gets a new key: without its key it is refused, naming the
    fingerprint of the key it was set up with.
    """
    create = create_key if create is None else create
    plugins = make_plugins()
    registry = plugins.adapters()
    registry.storage.open(options.storage, create=create)
    registry.sms.resolve(sms or options.sms)
    for url in options.transports:
        registry.transports.resolve(url)
    key = _key(options, registry, create=create_key)
    try:
        system = FeedbackSystem.from_urls(
            Settings(secret_key=key.value),
            storage=options.storage,
            sms=sms or options.sms,
            transports=options.transports,
            plugins=plugins,
            clock=clock,
            create=create,
        )
    except StorageFault as error:
        if error.code == "storage_missing":
            raise CliError("no_store", url=options.storage) from error
        raise
    return system, key


def _key(options: Options, registry: AdapterRegistry, *, create: bool) -> SecretKey:
    """The configured key; a new one only with ``create`` and only for a new store.

    The new store is made before its key file, so an error about its place names the
    store, not the key; `FeedbackSystem` then records the new key's fingerprint in it.
    """
    try:
        return secret_key(options)
    except CliError as error:
        if error.key != "no_key":
            raise
    url = options.storage
    try:
        store = registry.storage.open(url, create=False)()
    except StorageFault as missing:
        if missing.code != "storage_missing":
            raise
        if not create:
            raise CliError("no_store", url=url) from None
        _check_key_folder(options)
        registry.storage.open(url, create=True)().close()
        return _create_key(options.key_path, options)
    with closing(store):
        stored = recorded_fingerprint(store)
    if stored is None:
        raise CliError("key_lost_unknown", url=url, path=options.key_path)
    raise CliError("key_lost", url=url, path=options.key_path, fingerprint=short(stored))


def _check_key_folder(options: Options) -> None:
    """Refuse a key file that could not be made, before its store is made without it.

    A key next to a SQLite file is left to the store's own errors, which come first.
    """
    folder = options.key_path.parent
    database = options.sqlite_file
    if database is not None and folder.absolute() == database.parent.absolute():
        return
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
    if not os.access(folder, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(options.key_path))


def password(env: str, prompt: str, *, again: str | None = None) -> str:
    """A password from ``env``, else typed at the terminal (twice when ``again`` is given)."""
    if env in os.environ:
        return os.environ[env]
    if not sys.stdin.isatty():
        raise CliError("no_password", code=USAGE, env=env)
    typed = getpass.getpass(prompt)
    if again is not None and getpass.getpass(again) != typed:
        raise CliError("password_mismatch", code=USAGE)
    return typed


def parse_time(field: str, value: str | None) -> dt.datetime | None:
    """An ISO 8601 time with its offset, checked before anything is opened."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError.single(field, "wrong_type", expected="datetime") from None
    return fields.instant(field, parsed)
