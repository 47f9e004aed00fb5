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
import secrets
import sqlite3
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage
from feedback_sqlite.store import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    import psycopg

SEED = 1022
# One alert's words, area and CAP codes, as a unit would send them: the alert benchmarks
# render or dispatch it (with their own start and end).
ALERT_FORM: Final[dict[str, object]] = {
    "headline": "Cảnh báo mưa lớn, ngập úng cục bộ",
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng tại các tuyến đường trũng thấp. " * 4,
    "instruction": "Hạn chế di chuyển qua khu vực ngập; theo dõi thông báo của phường.",
    "area": "Phường 1 và Phường 3, TP Tây Ninh",
    "category": "Met",
    "severity": "Severe",
    "urgency": "Expected",
    "certainty": "Likely",
    "polygon": [(11.30, 106.10), (11.32, 106.10), (11.32, 106.14), (11.29, 106.13), (11.3, 106.1)],
}


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


# --- feedback-core on PostgreSQL ------------------------------------------------------------
# psycopg is imported inside these helpers: it comes with the ``postgres`` extra, and the
# SQLite scripts above must run without it.

POSTGRES_URL_VARIABLE: Final = "FEEDBACK_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL: Final = "postgresql://postgres@127.0.0.1:5432/test"


def add_postgres_url(parser: argparse.ArgumentParser) -> None:
    """``--url``: the server (default ``$FEEDBACK_BENCH_POSTGRES_URL``, else a local one)."""
    parser.add_argument(
        "--url",
        default=os.environ.get(POSTGRES_URL_VARIABLE) or DEFAULT_POSTGRES_URL,
        help=f"libpq URL of the server (default: ${POSTGRES_URL_VARIABLE} or"
        f" {DEFAULT_POSTGRES_URL}); the data goes into a scratch schema dropped at the end",
    )


@contextmanager
def scratch_schema(url: str) -> Iterator[str]:
    """A fresh schema name ``bench_<pid>_<hex>``; the schema is dropped afterwards, if made.

    The drop runs however the block ends (error, Ctrl-C), so a broken run leaves nothing.
    """
    import psycopg  # noqa: PLC0415 - optional, see above
    from psycopg import sql  # noqa: PLC0415

    name = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        yield name
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '60s'")  # not forever behind a stuck session
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def store_url(url: str, schema: str, **params: object) -> str:
    """``url`` with the store's ``schema`` (and pool) parameters, for `PostgresStorage`."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("schema", schema), *((k, str(v)) for k, v in params.items())]
    return urlunsplit(parts._replace(query=urlencode(query)))


def pg_connect(url: str, schema: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A plain connection set up as `PostgresStorage` sets up its pooled ones.

    Autocommit (transactions come from ``conn.transaction()``), ``search_path`` to the
    schema as a startup option, READ COMMITTED whatever the server's default.
    """
    import psycopg  # noqa: PLC0415 - optional, see above
    from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415

    given = str(conninfo_to_dict(url).get("options") or "")
    conn = psycopg.connect(url, autocommit=True, options=f"{given} -c search_path={schema}".strip())
    conn.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
    return conn


def postgres_environment(url: str) -> str:
    """One line saying which server and driver ran."""
    import psycopg  # noqa: PLC0415 - optional, see above

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        version = "?" if row is None else str(row[0]).split()[0]
        settings: dict[str, str] = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [["synchronous_commit", "fsync"]],
            ).fetchall()
        )
    libpq = psycopg.pq.version()
    return (
        f"PostgreSQL {version} (fsync={settings.get('fsync')},"
        f" synchronous_commit={settings.get('synchronous_commit')}), psycopg"
        f" {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {libpq // 10000}.{libpq % 100})"
    )


@dataclass
class PgCall:
    """One traced psycopg call: a statement, or the BEGIN / COMMIT of ``conn.transaction()``."""

    kind: str  # "begin", "commit", "rollback", "execute", "executemany"
    via: str  # "connection" (conn.execute), "cursor" (cursor.execute*), "transaction"
    query: Any  # as given to psycopg (str, or a psycopg.sql object)
    text: str  # the query as text, whitespace-normalised
    params: Any = None  # as given; executemany's sequence as a list
    kwargs: dict[str, Any] = field(default_factory=dict)
    pipeline: int | None = None  # the number of the pipeline block it ran in, if any
    fetch: str | None = None  # the first fetch method called on its cursor, if any

    def shape(self) -> tuple[object, ...]:
        """What two runs of the same code share: everything but the parameters."""
        return (self.kind, self.via, self.text, self.pipeline, self.fetch, sorted(self.kwargs))

    def describe(self, width: int = 100) -> str:
        """One line: the statement (shortened to ``width``) and how it ran."""
        how = [] if self.kind in {"execute", "begin", "commit", "rollback"} else [self.kind]
        if self.via == "transaction":
            how.append("conn.transaction()")
        if self.pipeline is not None:
            how.append(f"pipeline {self.pipeline}")
        if self.fetch:
            how.append(self.fetch)
        line = textwrap.shorten(self.text, width, placeholder=" ...")
        return f"{line}  [{', '.join(how)}]" if how else line


class PgTracer:
    """Records, in order, what psycopg runs for the calling thread: ``with PgTracer() as calls``.

    Wraps ``Connection.execute`` (which goes through ``Cursor.execute``: recorded once, as
    "connection"), ``Cursor.execute`` / ``executemany`` called directly (as "cursor"), the
    fetch methods (to learn which one the caller used), ``Connection.pipeline`` blocks, and
    the enter / exit of ``conn.transaction()`` (the BEGIN / COMMIT psycopg sends there).
    Other threads (the pool's workers) are ignored. The classes are restored on exit.
    """

    def __init__(self) -> None:
        import psycopg  # noqa: PLC0415 - optional, see above

        self.calls: list[PgCall] = []
        self._owner = threading.get_ident()
        self._depth = self._block = self._inside = 0
        self._by_cursor: dict[int, PgCall] = {}
        self._outer: dict[int, bool] = {}  # by id(transaction): whether it sent BEGIN
        conn, cursor, tx = psycopg.Connection, psycopg.Cursor, psycopg.Transaction
        self._handlers: dict[tuple[type, str], Callable[..., Any]] = {
            (conn, "execute"): self._conn_execute,
            (conn, "pipeline"): self._pipeline,
            (cursor, "execute"): self._cursor_execute,
            (cursor, "executemany"): self._cursor_executemany,
            (cursor, "fetchone"): self._fetcher("fetchone"),
            (cursor, "fetchmany"): self._fetcher("fetchmany"),
            (cursor, "fetchall"): self._fetcher("fetchall"),
            (tx, "__enter__"): self._tx_enter,
            (tx, "__exit__"): self._tx_exit,
        }
        # The original functions, by "class.method", for the wrappers to call through.
        self._saved = {key: key[0].__dict__[key[1]] for key in self._handlers}
        self._run = {f"{cls.__name__}.{name}": fn for (cls, name), fn in self._saved.items()}

    def __enter__(self) -> list[PgCall]:
        for (cls, name), handler in self._handlers.items():
            setattr(cls, name, _delegate(handler))
        return self.calls

    def __exit__(self, *exc: object) -> None:
        for (cls, name), original in self._saved.items():
            setattr(cls, name, original)

    def _ours(self) -> bool:
        return threading.get_ident() == self._owner and not self._inside

    def _record(self, kind: str, via: str, query: Any, conn: Any, **extra: Any) -> PgCall:  # noqa: ANN401
        text = query if isinstance(query, str) else query.as_string(conn)
        block = self._block if self._depth else None
        call = PgCall(kind, via, query, " ".join(str(text).split()), pipeline=block, **extra)
        self.calls.append(call)
        return call

    def _conn_execute(self, conn: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:  # noqa: ANN401
        run = self._run["Connection.execute"]
        if not self._ours():
            return run(conn, query, params, **kwargs)
        call = self._record("execute", "connection", query, conn, params=params, kwargs=kwargs)
        self._inside += 1  # the Cursor.execute it makes is this same statement
        try:
            cursor = run(conn, query, params, **kwargs)
        finally:
            self._inside -= 1
        self._by_cursor[id(cursor)] = call
        return cursor

    def _cursor_execute(self, cur: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:  # noqa: ANN401
        if self._ours():
            call = self._record(
                "execute", "cursor", query, cur.connection, params=params, kwargs=kwargs
            )
            self._by_cursor[id(cur)] = call
        return self._run["Cursor.execute"](cur, query, params, **kwargs)

    def _cursor_executemany(self, cur: Any, query: Any, params_seq: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        if self._ours():
            params_seq = list(params_seq)  # kept for a replay, so not a spent generator
            call = self._record(
                "executemany", "cursor", query, cur.connection, params=params_seq, kwargs=kwargs
            )
            self._by_cursor[id(cur)] = call
        return self._run["Cursor.executemany"](cur, query, params_seq, **kwargs)

    def _fetcher(self, name: str) -> Callable[..., Any]:
        def fetch(cur: Any, *args: Any) -> Any:  # noqa: ANN401
            call = self._by_cursor.get(id(cur))
            if call is not None and call.fetch is None and self._ours():
                call.fetch = name
            return self._run[f"Cursor.{name}"](cur, *args)

        return fetch

    @contextmanager
    def _pipeline(self, conn: Any) -> Iterator[Any]:  # noqa: ANN401
        with self._run["Connection.pipeline"](conn) as pipe:
            ours = self._ours()
            if ours:
                self._block += self._depth == 0  # nested blocks are one pipeline
                self._depth += 1
            try:
                yield pipe
            finally:
                if ours:
                    self._depth -= 1

    def _tx_enter(self, tx: Any) -> Any:  # noqa: ANN401
        # Outer block: psycopg sends BEGIN (with the connection's isolation level); nested,
        # or given a name, it sends a SAVEPOINT too.
        outer = not tx.connection.pgconn.transaction_status  # IDLE
        result = self._run["Transaction.__enter__"](tx)
        if self._ours():
            level = tx.connection.isolation_level
            begin = "BEGIN" if level is None else f"BEGIN ISOLATION LEVEL {level.name}"
            sent = [begin.replace("_", " ")] if outer else []
            sent += [f"SAVEPOINT {tx.savepoint_name}"] if tx.savepoint_name else []
            self._record("begin", "transaction", "; ".join(sent), tx.connection)
            self._outer[id(tx)] = outer
        return result

    def _tx_exit(self, tx: Any, *exc: Any) -> Any:  # noqa: ANN401
        if self._ours():
            kind = "commit" if exc[0] is None else "rollback"
            nested = {"commit": "RELEASE SAVEPOINT", "rollback": "ROLLBACK TO SAVEPOINT"}
            end = kind.upper() if self._outer.pop(id(tx), True) else nested[kind]
            self._record(kind, "transaction", end, tx.connection)
        return self._run["Transaction.__exit__"](tx, *exc)


def _delegate(handler: Callable[..., Any]) -> Callable[..., Any]:
    # A plain function, so that as a class attribute it binds the psycopg object.
    def method(obj: object, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return handler(obj, *args, **kwargs)

    return method
