"""The demo's SQLite store, made under temporary names and put in place only once whole."""

from __future__ import annotations

import errno
import os
import secrets
from typing import TYPE_CHECKING, Final
from urllib.parse import quote

import attrs

from feedback_core.cli.config import KEY_ENV

if TYPE_CHECKING:
    from pathlib import Path

    from feedback_core.cli.config import Options

_SQLITE_FILES: Final = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database


class Build:
    """A new SQLite store (and key file) under temporary names beside their places.

    ``finish`` links the key file into place, then the store; until then nothing is at
    either place, and on the way out every temporary name is removed. So a run that fails
    or is interrupted leaves what was there before, and a kill (which runs no clean-up)
    leaves only hidden ``.NAME.demo-*`` files beside them, never half a store at the place:
    moving a finished file is the one step that cannot be cut in half. Removing what a run
    made on failure instead could not survive a kill.

    The key is made first because the store records its fingerprint; a key already there
    (or FEEDBACK_SECRET_KEY) is used as it is. A key file in place without its store is
    harmless: the next run uses it.
    """

    def __init__(self, options: Options, target: Path) -> None:
        tag = f"demo-{secrets.token_hex(4)}"
        self.target = target
        self.replace = target.exists()  # an empty store init made: the demo's takes its place
        self.temporary = target.with_name(f".{target.name}.{tag}")
        key = options.key_path
        self.new_key = KEY_ENV not in os.environ and not key.exists()
        self.key = key
        self.temporary_key = key.with_name(f".{key.name}.{tag}")
        url = "sqlite:///" + quote(str(self.temporary))
        self.options = attrs.evolve(
            options, storage=url, key_file=self.temporary_key if self.new_key else key
        )

    def __enter__(self) -> Build:
        """Check the folder first, so an error names the store's place, not a temporary name."""
        if not self.target.parent.is_dir():
            raise FileNotFoundError(
                errno.ENOENT, os.strerror(errno.ENOENT), str(self.target.parent)
            )
        return self

    def __exit__(self, *_: object) -> None:
        """Remove every temporary name (a finished build's files are linked in place)."""
        names = [self.temporary, self.temporary_key]
        names += [self.temporary.with_name(self.temporary.name + end) for end in _SQLITE_FILES]
        for name in names:
            name.unlink(missing_ok=True)

    def finish(self) -> None:
        """Put the key file, then the store, in place; call it once the store is closed."""
        wal = self.temporary.with_name(self.temporary.name + "-wal")
        if wal.exists():  # SQLite merges it on its last close: data would be left behind
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(wal))
        if self.new_key:
            os.link(self.temporary_key, self.key)
            _sync_folder(self.key)
        if self.replace:
            self.temporary.replace(self.target)
        else:
            os.link(self.temporary, self.target)  # never over a store made meanwhile
        _sync_folder(self.target)


def _sync_folder(path: Path) -> None:
    """Make a new name in ``path``'s folder survive a power cut (the file's data already has)."""
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
