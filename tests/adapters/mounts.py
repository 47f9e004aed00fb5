"""A small tmpfs of a test's own, to fill up or to make read-only (root only).

Mounting needs root (or CAP_SYS_ADMIN); where it is refused, the test skips and says so.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


class Tmpfs:
    """A mounted tmpfs folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def read_only(self) -> None:
        """Remount it read-only: no one, root included, can write there any more."""
        result = _run("mount", "-o", "remount,ro", str(self.folder))
        if result.returncode:
            pytest.skip(f"cannot remount a tmpfs read-only here: {result.stderr.strip()}")


def mounted(folder: Path, size: str = "512k") -> Iterator[Tmpfs]:
    """Mount a tmpfs of ``size`` on ``folder`` for the test, and unmount it afterwards."""
    folder.mkdir()
    result = _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    if result.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    try:
        yield Tmpfs(folder)
    finally:
        _run("umount", "-l", str(folder))
