"""Periodic work for cron or a timer: ``tick`` announces alerts, ``dispatch`` delivers events."""

from __future__ import annotations

import itertools
import re
import shlex
import sys
import threading
import time
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Final, TextIO

import pendulum

from feedback_core.cli.config import FAILURE, open_system, parse_time
from feedback_core.cli.output import say, text, warn, when

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    from feedback_core.cli.config import Options
    from feedback_core.outbox.cases import TransportRun

_FRAMES: Final = "|/-\\"
_INTERVAL: Final = 0.1
# The password of a URL's user, also inside another URL (webhook:https://user:pw@host/).
_PASSWORD: Final = re.compile(r"(//[^/@:\s]*:)[^/@\s]*@")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the commands to the parser."""
    tick_cmd = commands.add_parser(
        "tick", parents=[common], help="announce alerts that took effect or expired"
    )
    tick_cmd.add_argument("--now", metavar="ISO8601", help="a time with its offset (default now)")
    tick_cmd.set_defaults(handler=tick)

    dispatch_cmd = commands.add_parser(
        "dispatch", parents=[common], help="deliver pending events to the transports"
    )
    dispatch_cmd.set_defaults(handler=dispatch)


def tick(args: argparse.Namespace, options: Options) -> int:
    """Emit the alert activations and expiries due, each once; print the counts."""
    now = parse_time("now", args.now)
    system, _ = open_system(options)
    with closing(system), progress(text(options.lang, "working")):
        names = [event.name for event in system.tick(now)]
    say(
        options.lang,
        "ticked",
        at=when(now or pendulum.now(pendulum.UTC)),
        activated=names.count("AlertActivated"),
        expired=names.count("AlertExpired"),
    )
    return 0


def dispatch(args: argparse.Namespace, options: Options) -> int:  # noqa: ARG001 - takes no arguments of its own
    """Deliver due events to every transport and notifier; exit 1 when some failed.

    Failed deliveries are retried by a later run. Without a transport it still texts the
    notices to reporters (the SMS notifier, ``notices:sms``).
    Prints the totals, then a line per destination: delivered, failed with the last error,
    still waiting until when; and warns (stderr) of deliveries that wait for a transport
    not configured now, which no run delivers until it is configured again.
    """
    system, _ = open_system(options)
    with closing(system), progress(text(options.lang, "working")):
        result = system.dispatch()
    lang = options.lang
    say(lang, "dispatched", delivered=result.delivered, failed=result.failed)
    for run in result.transports:
        print(_transport_line(lang, run))
    for left in result.unconfigured:
        shown = _shown(left.destination)
        option = shlex.quote(shown)
        warn(text(lang, "not_configured", waiting=left.waiting, transport=shown, option=option))
    return FAILURE if result.failed else 0


def _transport_line(lang: str, run: TransportRun) -> str:
    """One transport's run: delivered, failed (last error), still waiting (next try)."""
    error = text(lang, "last_error", error=_one_line(run.last_error)) if run.last_error else ""
    until, waiting = "", 0
    if (left := run.backlog) is not None:
        waiting = left.waiting
        # Why they wait, when this run did not say: the error an earlier run recorded.
        earlier = left.last_error if left.last_error and not run.last_error else None
        reason = text(lang, "next_try_error", error=_one_line(earlier)) if earlier else ""
        until = text(lang, "next_try", at=when(left.next_due), error=reason)
    return text(
        lang,
        "dispatch_line",
        transport=_shown(run.destination),
        delivered=run.delivered,
        failed=run.failed,
        error=error,
        waiting=waiting,
        until=until,
    )


def _shown(url: str) -> str:
    """A transport's URL as printed: a password in it (``//user:password@``) is hidden."""
    return _PASSWORD.sub(r"\1***@", url)


def _one_line(error: str) -> str:
    """An error as recorded, on one line (a transport's text may hold line breaks)."""
    return " ".join(error.split())


@contextmanager
def progress(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """A spinner with the seconds elapsed, on standard error and only on a terminal."""
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        yield
        return
    done = threading.Event()
    started = time.monotonic()

    def spin() -> None:
        for frame in itertools.cycle(_FRAMES):
            out.write(f"\r{frame} {label} {time.monotonic() - started:.0f}s")
            out.flush()
            if done.wait(_INTERVAL):
                return

    spinner = threading.Thread(target=spin, daemon=True)
    spinner.start()
    try:
        yield
    finally:
        done.set()
        spinner.join()
        out.write("\r\033[K")  # erase the spinner's line
        out.flush()
