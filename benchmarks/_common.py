"""Shared helpers for the benchmark scripts: arguments, seeding, timing, tables, scratch files.

Timing is wall clock (`time.perf_counter`), best of N: the machine is shared, so the
minimum is the least disturbed run. Cases that are compared run in alternation inside one
process (A B A B ..., order flipped every round), so background load hits them alike and
the printed ratios come from the same run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import random
import re
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage
from feedback_sqlite.store import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

SEED = 1022


def parse_args(
    description: str,
    *,
    rounds: int = 7,
    extra: Callable[[argparse.ArgumentParser], object] | None = None,
) -> argparse.Namespace:
    """``--quick`` (smaller, for smoke tests), ``--rounds`` (best of N), ``--dir`` (scratch)."""
    parser = argparse.ArgumentParser(description=description)
    if extra is not None:
        extra(parser)
    parser.add_argument("--quick", action="store_true", help="a small run, for smoke tests")
    parser.add_argument("--rounds", type=int, default=rounds, help="best of this many runs")
    parser.add_argument(
        "--dir", default=None, help="where to put the database files (default: a temp dir)"
    )
    args = parser.parse_args()
    if args.quick:
        args.rounds = min(args.rounds, 5)
    return args


def seeded(seed: int = SEED) -> random.Random:
    """A seeded generator; the global `random` is seeded too, for any library use of it."""
    random.seed(seed)
    return random.Random(seed)


def uuid4_from(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from ``rng`` (reproducible, unlike `uuid.uuid4`)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` took (a collection first, so garbage does not carry over)."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(fn: Callable[[], object], rounds: int) -> float:
    """The fastest of ``rounds`` calls, in seconds."""
    return min(timed(fn) for _ in range(rounds))


def race(
    cases: Mapping[str, Callable[[], object]], rounds: int, *, sample: float | None = None
) -> dict[str, float]:
    """Best seconds per call of each case, run in alternation, the order flipped each round.

    With ``sample`` (seconds), each timed sample repeats a case enough times to last about
    that long: short samples are less often interrupted on a busy machine, and the minimum
    of many of them is the undisturbed cost.
    """
    repeats = dict.fromkeys(cases, 1)
    if sample is not None:
        for name, fn in cases.items():
            fn()  # warm up (caches, lazily built hooks)
            repeats[name] = max(1, round(sample / max(timed(fn), 1e-9)))
    runs = {name: _repeat(fn, repeats[name]) for name, fn in cases.items()}
    best = dict.fromkeys(cases, float("inf"))
    names = list(cases)
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            best[name] = min(best[name], timed(runs[name]) / repeats[name])
    return best


def _repeat(fn: Callable[[], object], times: int) -> Callable[[], object]:
    if times == 1:
        return fn

    def run() -> None:
        for _ in range(times):
            fn()

    return run


def per_call(fn: Callable[[], object], *, number: int, rounds: int) -> float:
    """Best seconds per call of ``fn`` over ``rounds`` loops of ``number`` calls (timeit-style)."""
    loop = range(number)

    def run() -> None:
        for _ in loop:
            fn()

    return best_of(run, rounds) / number


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain text table, numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    numeric = [all(_is_number(row[i]) for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value == 0 or abs(value) >= 100:  # noqa: PLR2004 - display precision
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


@contextmanager
def scratch_dir(where: str | None) -> Iterator[Path]:
    """A fresh directory for database files, removed afterwards (under ``where`` if given)."""
    with tempfile.TemporaryDirectory(prefix="feedback-bench-", dir=where) as path:
        yield Path(path)


def maxrss_mb() -> float:
    """This process's peak resident set so far, in MB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def environment() -> str:
    """One line saying what ran: Python, SQLite, CPUs, load."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, load average {load:.2f}"
    )


def header(title: str, args: argparse.Namespace, *, repeated: bool = True) -> None:
    """Print what this run is."""
    mode = "quick" if args.quick else "full"
    how = f"best of {args.rounds}" if repeated else "one timed pass"
    print(f"# {title} ({mode} run, {how})")
    print(f"# {environment()}")


# --- feedback-core on SQLite ------------------------------------------------------------

REPORT_FORM: Final[Mapping[str, object]] = {
    "title": "Đèn đường hỏng",
    "content": "Đèn đường trước số 12 không sáng đã ba ngày.",
    "category": "giao_thong",
    "latitude": 11.31,
    "longitude": 106.1,
    "address": "12 đường 30/4, Tây Ninh",
}


def sqlite_world(path: Path, synchronous: str = "FULL") -> World:
    """A seeded `World` (cheap argon2) on a SQLite file."""
    return World.build(SqliteStorage(path, synchronous=synchronous), RecordingSmsSender())


def raw_connect(path: Path | str, synchronous: str = "FULL") -> sqlite3.Connection:
    """A plain sqlite3 connection set up exactly as `SqliteStorage` sets up its own."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def library_connection(storage: object) -> sqlite3.Connection:
    """The calling thread's connection inside a `SqliteStorage` (to trace its statements)."""
    return storage._connection()  # type: ignore[attr-defined,no-any-return]  # noqa: SLF001


@contextmanager
def traced(conn: sqlite3.Connection) -> Iterator[list[str]]:
    """Collect the SQL statements ``conn`` runs inside the block, whitespace-normalised."""
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: seen.append(" ".join(sql.split())))
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


_LITERAL = re.compile(r"'(?:[^']|'')*'|(?<![\w.])-?\d+(?:\.\d+)?")


def shape(statements: Sequence[str]) -> list[str]:
    """Statements with their literals (the trace shows bound values) replaced by ``?``."""
    return [_LITERAL.sub("?", sql) for sql in statements]


def parameterized(sql: str) -> tuple[str, list[object]]:
    """A traced statement back as SQL with ``?`` and its values (text, int or float)."""
    values: list[object] = []

    def take(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            values.append(token[1:-1].replace("''", "'"))
        else:
            values.append(float(token) if "." in token else int(token))
        return "?"

    return _LITERAL.sub(take, sql), values


def profile(fn: Callable[[], object], top: int = 15) -> pstats.Stats:
    """Run ``fn`` under cProfile; print the ``top`` entries (if any) by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    if top:
        stats.sort_stats("cumulative").print_stats(top)
        text = out.getvalue()
        print(text[text.index("   ncalls") :].rstrip() if "   ncalls" in text else text)
    return stats


def cumulative(stats: pstats.Stats, match: Callable[[str, str], bool]) -> tuple[float, int]:
    """Seconds (cumulative) and calls of the functions ``match(file, name)`` picks.

    Only outermost calls are counted: a picked function called by another picked one adds
    nothing, so nested or recursive hooks are not counted twice.
    """
    seconds, calls = 0.0, 0
    picked = {key for key in stats.stats if match(key[0], key[2])}  # type: ignore[attr-defined]
    for key in picked:
        _, _, _, _, callers = stats.stats[key]  # type: ignore[attr-defined]
        for caller, (_, nc, _, ct) in callers.items():
            if caller not in picked:
                seconds += ct
                calls += nc
    return seconds, calls


def shares(
    stats: pstats.Stats,
    whole: Callable[[str, str], bool],
    parts: Mapping[str, Callable[[str, str], bool]],
    calls: int,
    unit: str = "call",
) -> str:
    """A table: each part's share of the ``whole`` profiled time, and its calls per ``unit``."""
    total, _ = cumulative(stats, whole)
    rows = []
    for label, match in parts.items():
        seconds, count = cumulative(stats, match)
        rows.append([label, seconds / total * 100, count / calls])
    title = f"where the profiled time goes ({total / calls * 1e6:,.0f} us/{unit} under cProfile)"
    return title + "\n" + table(["part", f"% of {unit}", f"calls per {unit}"], rows)
