"""The example portal as a person meets it: a real server on 127.0.0.1, a real Chromium.

`start_portal` runs ``examples/portal/serve.py`` in a process of its own, as its README
says to, and waits until it answers. The browser is Debian's Chromium, driven by
Playwright for Python; no browser is downloaded. Accessibility is checked with axe-core
(from npm) injected into the page.

Environment:
* ``FEEDBACK_TEST_CHROMIUM``: the Chromium binary; set, the browser tests must run (CI).
  Unset, they use /usr/bin/chromium if it is there, and skip if it is not.
* ``FEEDBACK_TEST_AXE``: axe.min.js; set, every page checked must pass it. Unset, the
  checks use node_modules/axe-core if found, and skip otherwise.
* ``FEEDBACK_PORTAL_SCREENSHOTS``: a folder; set, the tests save the main pages there
  (examples/portal/screenshots is where the README looks).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SERVE = ROOT / "examples" / "portal" / "serve.py"
PASSWORD = "matkhau-1022"  # the seeded officials' password (examples/portal/portal/seed.py)
CODE = re.compile(r"\b(\d{6})\b")
SERIOUS = ("serious", "critical")


@dataclass
class Portal:
    """One running example: its address, its folder, its process."""

    url: str
    data: Path
    process: subprocess.Popen[str]

    def texts_to(self, phone: str) -> list[str]:
        """What the portal texted to ``phone`` (E.164), oldest first."""
        path = self.data / "sms.jsonl"
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [m["text"] for m in map(json.loads, lines) if m["phone"] == phone]

    def stop(self) -> None:
        """End the server process."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_portal(
    data: Path, *, store: str | None = None, env: dict[str, str] | None = None
) -> Portal:
    """Start the example on a free port over ``data`` (and ``store``), ready to serve."""
    port = free_port()
    command = [sys.executable, str(SERVE), "--data", str(data), "--port", str(port)]
    if store:
        command += ["--store", store]
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            Portal(url, data, process).stop()
            pytest.fail(f"the portal exited at start:\n{output}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return Portal(url, data, process)
        except OSError:
            time.sleep(0.2)
    Portal(url, data, process).stop()
    pytest.fail("the portal did not answer within 30 seconds")


def chromium_path() -> str:
    """The Chromium to drive; skips (locally) or fails (CI) when there is none."""
    given = os.environ.get("FEEDBACK_TEST_CHROMIUM")
    path = given or "/usr/bin/chromium"
    if Path(path).exists():
        return path
    if given:
        pytest.fail(f"FEEDBACK_TEST_CHROMIUM={given} does not exist")
    pytest.skip("no Chromium: apt-get install chromium (or set FEEDBACK_TEST_CHROMIUM)")


def axe_source() -> str | None:
    """axe-core's script, or None when it is not installed here (CI always has it)."""
    given = os.environ.get("FEEDBACK_TEST_AXE")
    candidates = [Path(given)] if given else [ROOT / "node_modules/axe-core/axe.min.js"]
    for path in candidates:
        if path.exists():
            return path.read_text(encoding="utf-8")
    if given:
        pytest.fail(f"FEEDBACK_TEST_AXE={given} does not exist")
    return None


def serious_violations(page: object, source: str) -> list[str]:
    """axe-core's serious and critical findings on the page now, one line each."""
    page.add_script_tag(content=source)  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in SERIOUS
    ]
