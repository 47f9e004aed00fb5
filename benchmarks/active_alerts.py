"""Alerts in force at t: `FeedbackSystem.active_alerts(t)` vs the raw SQL it runs.

100 approved alerts are in force at t (made through the library: create, submit, approve),
among 100,000 and then 1,000,000 past ones (expired before t). The past ones are inserted
with raw sqlite3 `executemany`, each row a copy of a real library row (the first in-force
alert) with its id and times varied, in the columns and in the JSON.

The raw baseline is the library's own query, traced from one `active_alerts` call (the
SELECT in `adapter_kit.sql.alerts.SqlAlerts.active_at`), fetching the same columns as tuples
on a connection set up like the library's. A ladder of steps shows what decoding every row
costs; the library is timed as it runs (its store keeps decoded alerts by (id, version), so
repeated queries are "warm") and with that cache emptied before each call ("cold", = the
first query after any change). Then cProfile of both, a table of ways to build a UTC
`pendulum.DateTime` from stored text or integers (plus DateTime arithmetic and encoding),
and "what if" decoders that apply the cheapest ones.

Usage: python benchmarks/active_alerts.py [--quick] [--rounds N] [--dir PATH]
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from typing import TYPE_CHECKING, Any, Final

import pendulum
from _common import (
    cumulative,
    header,
    library_connection,
    maxrss_mb,
    parameterized,
    parse_args,
    per_call,
    profile,
    race,
    raw_connect,
    scratch_dir,
    seeded,
    shares,
    sqlite_world,
    table,
    traced,
    uuid4_from,
)

from feedback_core.adapter_kit.codec import forget_decoded, instant, micros
from feedback_core.alerts.model import Alert, is_active
from feedback_core.serialization import _parse_instant, converter

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from feedback_core.testing.world import World

IN_FORCE: Final = 100
RATIO_TARGET: Final = 3.0  # library time / raw time
GROWTH_TARGET: Final = 1.5  # library time at the big size / at the small size
LIBRARY_HOOK: Final = "library hook: serialization._parse_instant"
CTOR_WAY: Final = "datetime.fromisoformat + DateTime(y, m, d, H, M, S, us, UTC)"
RAW: Final = "raw: execute + fetchall (tuples), autocommit"
LIBRARY: Final = "library: FeedbackSystem.active_alerts(t)"
LIBRARY_COLD: Final = "library, decoded-alert cache emptied first"
SECOND: Final = 1_000_000
HOUR: Final = 3600 * SECOND
DAY: Final = 24 * HOUR
UTC: Final = pendulum.UTC
ZERO: Final = dt.timedelta(0)

ALERT_FORM: Final = {
    "headline": "Cảnh báo triều cường vượt báo động 3",
    "description": (
        "Triều cường vượt báo động 3 trên sông Vàm Cỏ Đông, kèm mưa lớn kéo dài; "
        "nguy cơ ngập sâu tại các khu dân cư thấp trũng ven sông trong 24 giờ tới."
    ),
    "instruction": "Người dân chằng chống nhà cửa, di chuyển tài sản lên cao, theo dõi tin.",
    "category": "Met",
    "severity": "Severe",
    "urgency": "Expected",
    "certainty": "Likely",
    "area": "Các xã ven sông Vàm Cỏ Đông, huyện Bến Cầu và Gò Dầu",
}


def print_per_query(
    results: dict[int, dict[str, float]], sizes: tuple[int, int], rounds: int
) -> None:
    """Each step's time per query at both sizes, and as a multiple of the raw query's."""
    small, big = sizes
    print()
    print(f"time per query, {IN_FORCE} alerts returned (best of {rounds})")
    print(
        table(
            ["step", f"us @{small:,}", f"us @{big:,}", f"x raw @{small:,}", f"x raw @{big:,}"],
            [
                [
                    name,
                    results[small][name] * 1e6,
                    results[big][name] * 1e6,
                    results[small][name] / results[small][RAW],
                    results[big][name] / results[big][RAW],
                ]
                for name in results[small]
            ],
        )
    )
    print()


# --- seeding -----------------------------------------------------------------------------


def seed_in_force(world: World) -> pendulum.DateTime:
    """100 alerts approved through the library, all in force one hour from now; returns t."""
    now = world.clock.now()
    for i in range(IN_FORCE):
        unit = i % 2
        draft = world.system.create_alert(
            world.staff[unit].id,
            **ALERT_FORM,
            start=now.add(seconds=i),
            end=now.add(days=1, minutes=i),
        )
        world.system.submit_alert(world.staff[unit].id, draft.id)
        world.system.approve_alert(world.approvers[unit].id, draft.id)
    return now.add(hours=1)


class PastAlerts:
    """Rows shaped like the library's `alerts` rows, for alerts that ended before t."""

    def __init__(self, template: sqlite3.Row, t: int, rng: random.Random) -> None:
        record = json.loads(template["data"])
        record["id"] = "@id@"
        record["created_at"] = record["submitted_at"] = "@created@"
        record["approved_at"] = "@approved@"
        record["content"]["start"] = "@start@"
        record["content"]["end"] = "@end@"
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).replace("%", "%%")
        for name in ("id", "created", "approved", "start", "end"):
            text = text.replace(f'"@{name}@"', f'"%({name})s"')
        self._json = text
        self._unit, self._status, self._version = (
            template["unit_id"],
            template["status"],
            template["version"],
        )
        self._t, self._rng = t, rng

    def rows(self, count: int) -> Iterator[tuple[object, ...]]:
        """``count`` past alerts: ended within the 5 years before t, 1 hour to 30 days long."""
        rng, t = self._rng, self._t
        for _ in range(count):
            end = t - rng.randrange(60, 5 * 365 * 24 * 3600) * SECOND
            start = end - rng.randrange(3600, 30 * 24 * 3600) * SECOND
            created = start - rng.randrange(600, 7200) * SECOND
            approved = created + 300 * SECOND
            alert_id = str(uuid4_from(rng))
            data = self._json % {
                "id": alert_id,
                "created": _iso(created),
                "approved": _iso(approved),
                "start": _iso(start),
                "end": _iso(end),
            }
            yield (
                alert_id,
                self._unit,
                self._status,
                created,
                start,
                end,
                approved,
                self._version,
                data,
            )


def _iso(value: int) -> str:
    # pendulum's isoformat of a whole-second UTC time, which is what the library stores
    return dt.datetime.fromtimestamp(value // SECOND, dt.UTC).isoformat()


def add_past(path: Path, past: PastAlerts, count: int) -> float:
    """Insert ``count`` past alerts with executemany; seconds taken."""
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # seeding only: the measured connections use FULL
    conn.execute("PRAGMA cache_size = -262144")
    rows = past.rows(count)
    chunk = 50_000
    for done in range(0, count, chunk):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO alerts (id, unit_id, status, created_at, start_at, end_at,"
            " approved_at, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (next(rows) for _ in range(min(chunk, count - done))),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # readers see a plain file, not a big WAL
    conn.close()
    return time.perf_counter() - start


# --- ways to build a UTC pendulum.DateTime -------------------------------------------------

_EPOCH_STD: Final = dt.datetime(1970, 1, 1, tzinfo=UTC)
_replace: Final = dt.datetime.replace


def from_text_ctor(text: str) -> pendulum.DateTime:
    """datetime.fromisoformat, then the pendulum.DateTime constructor with pendulum.UTC."""
    d = dt.datetime.fromisoformat(text)
    if d.tzinfo is None:
        raise ValueError(text)
    if d.utcoffset() != ZERO:
        d = d.astimezone(dt.UTC)
    return pendulum.DateTime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, UTC)


def from_text_subclass(text: str) -> pendulum.DateTime:
    """pendulum.DateTime.fromisoformat (the stdlib's, on the subclass), tzinfo swapped."""
    d = pendulum.DateTime.fromisoformat(text)
    if d.tzinfo is None:
        raise ValueError(text)
    return _replace(d, tzinfo=UTC) if d.utcoffset() == ZERO else d.astimezone(UTC)


def from_micros_std(value: int) -> pendulum.DateTime:
    """Stdlib epoch + timedelta (C arithmetic), then the pendulum.DateTime constructor."""
    d = _EPOCH_STD + dt.timedelta(microseconds=value)
    return pendulum.DateTime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, UTC)


def from_micros_gmtime(value: int) -> pendulum.DateTime:
    """time.gmtime of the seconds, then the pendulum.DateTime constructor."""
    seconds, us = divmod(value, SECOND)
    tm = time.gmtime(seconds)
    return pendulum.DateTime(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5], us, UTC)


def from_micros_fromtimestamp_exact(value: int) -> pendulum.DateTime:
    """DateTime.fromtimestamp of whole seconds, microseconds put back with replace."""
    seconds, us = divmod(value, SECOND)
    return pendulum.DateTime.fromtimestamp(seconds, UTC).replace(microsecond=us)


TEXT_WAYS: Final[dict[str, Callable[[str], Any]]] = {
    LIBRARY_HOOK: lambda s: _parse_instant(s, pendulum.DateTime),
    "pendulum.parse(text)": pendulum.parse,
    "pendulum.parse(text).in_timezone(UTC)": lambda s: pendulum.parse(s).in_timezone(UTC),
    "pendulum.instance(datetime.fromisoformat(text))": (
        lambda s: pendulum.instance(dt.datetime.fromisoformat(s))
    ),
    "DateTime.fromisoformat(text).astimezone(UTC)": (
        lambda s: pendulum.DateTime.fromisoformat(s).astimezone(UTC)
    ),
    "DateTime.fromisoformat + datetime.replace(tzinfo=UTC)": from_text_subclass,
    CTOR_WAY: from_text_ctor,
    "(floor) datetime.fromisoformat only, stdlib object": dt.datetime.fromisoformat,
}
MICROS_WAYS: Final[dict[str, Callable[[int], Any]]] = {
    "library: feedback_core.adapter_kit.codec.instant": instant,
    "pendulum.from_timestamp(us / 1e6)": lambda v: pendulum.from_timestamp(v / SECOND),
    "DateTime.fromtimestamp(us / 1e6, UTC)": (
        lambda v: pendulum.DateTime.fromtimestamp(v / SECOND, UTC)
    ),
    "DateTime.fromtimestamp(s, UTC).replace(microsecond)": from_micros_fromtimestamp_exact,
    "stdlib epoch + timedelta, then DateTime(...) ctor": from_micros_std,
    "time.gmtime(s), then DateTime(...) ctor": from_micros_gmtime,
    "(floor) DateTime(2026, 3, 2, 2, 0, 0, 0, UTC), fields known": (
        lambda _: pendulum.DateTime(2026, 3, 2, 2, 0, 0, 0, UTC)
    ),
}


_DELTA: Final = dt.timedelta(minutes=5)
_ONE_US: Final = dt.timedelta(microseconds=1)
_EPOCH_STDLIB_UTC: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Arithmetic and encoding on a stored instant (use cases add TTLs and windows, the SQLite
# store encodes every time as micros): value in, (result, expected micros) out.
OPS_WAYS: Final[dict[str, Callable[[pendulum.DateTime], Any]]] = {
    "t + timedelta (pendulum DateTime.__add__)": lambda t: t + _DELTA,
    "datetime.__add__(t, timedelta) (stdlib C code)": lambda t: dt.datetime.__add__(t, _DELTA),
    "t - timedelta (pendulum DateTime.__sub__)": lambda t: t - _DELTA,
    "datetime.__sub__(t, timedelta) (stdlib C code)": lambda t: dt.datetime.__sub__(t, _DELTA),
}
ENCODE_WAYS: Final[dict[str, Callable[[pendulum.DateTime], int]]] = {
    "library: feedback_core.adapter_kit.codec.micros": micros,
    "datetime.__sub__(t, stdlib epoch) // 1 us": lambda t: (
        dt.datetime.__sub__(t, _EPOCH_STDLIB_UTC) // _ONE_US
    ),
}


def samples(rng: random.Random, count: int) -> list[int]:
    """Microsecond instants between 1970 and 2100, with random microseconds."""
    return [rng.randrange(0, 4_102_444_800 * SECOND) for _ in range(count)]


def _is_utc(value: object) -> bool:
    return isinstance(value, pendulum.DateTime) and value.tzinfo is UTC


def check_text_way(fn: Callable[[str], Any], values: list[int]) -> tuple[str, str]:
    """(exact for +00:00 texts, exact and UTC for texts with other offsets)."""
    plus7 = dt.timezone(dt.timedelta(hours=7))
    utc_ok = all(_same(fn(instant(v).isoformat()), v) for v in values)
    other_ok = all(_same(fn(instant(v).astimezone(plus7).isoformat()), v) for v in values[:200])
    return ("yes" if utc_ok else "NO"), ("yes" if other_ok else "no")


def _same(result: object, value: int) -> bool:
    return _is_utc(result) and micros(result) == value  # type: ignore[arg-type]


def datetime_table(rng: random.Random, rounds: int, number: int) -> tuple[str, dict[str, float]]:
    """Per-call cost of each way; also returns the costs by name."""
    values = samples(rng, 2000)
    text = "2026-03-02T02:00:00+00:00"  # what the library stores: UTC, whole seconds
    value = 1_772_416_800_000_000
    rows, costs = [], {}
    for name, text_fn in TEXT_WAYS.items():
        cost = per_call(lambda f=text_fn: f(text), number=number, rounds=rounds)
        exact, other = ("-", "-") if name.startswith("(floor)") else check_text_way(text_fn, values)
        rows.append(["ISO text", name, cost * 1e6, exact, other])
        costs[name] = cost
    for name, micros_fn in MICROS_WAYS.items():
        cost = per_call(lambda f=micros_fn: f(value), number=number, rounds=rounds)
        exact = (
            "-"
            if name.startswith("(floor)")
            else ("yes" if all(_same(micros_fn(v), v) for v in values) else "NO (float)")
        )
        rows.append(["int us", name, cost * 1e6, exact, "n/a"])
        costs[name] = cost
    t = instant(value)
    for name, op in OPS_WAYS.items():
        cost = per_call(lambda f=op: f(t), number=number, rounds=rounds)
        sign = -1 if "sub" in name else 1
        ok = all(_same(op(instant(v)), v + sign * int(_DELTA / _ONE_US)) for v in values)
        rows.append(["DateTime op", name, cost * 1e6, "yes" if ok else "NO", "n/a"])
    for name, encode in ENCODE_WAYS.items():
        cost = per_call(lambda f=encode: f(t), number=number, rounds=rounds)
        ok = all(encode(instant(v)) == v for v in values)
        rows.append(["DateTime -> int us", name, cost * 1e6, "yes" if ok else "NO", "n/a"])
    headers = ["from", "way", "us/call", "exact (UTC DateTime)", "other offsets -> UTC"]
    return table(headers, rows), costs


# --- decoders: the library's, and what-ifs ------------------------------------------------


def fast_time_hook(value: object, kind: type) -> pendulum.DateTime:
    """The library's time hook with the constructor way for text (what it stores)."""
    return from_text_ctor(value) if isinstance(value, str) else _parse_instant(value, kind)


def fast_converter() -> Any:  # noqa: ANN401 - a cattrs converter
    """The library's converter without detailed validation and with the cheap time hook."""
    fast = converter.copy(detailed_validation=False)
    fast.register_structure_hook(pendulum.DateTime, fast_time_hook)
    return fast


def cache_emptier(storage: object) -> Callable[[], None] | None:
    """Empties the store's decoded-alert cache and the codec's decoded texts (None if none)."""
    cache = getattr(storage, "_alert_cache", None)
    if cache is None:
        return None

    def empty() -> None:
        storage._alert_cache = type(cache)()  # type: ignore[attr-defined]  # noqa: SLF001
        forget_decoded()

    return empty


class Ladder:
    """Decoders of the rows the library's query returns, each one step more than the last."""

    def __init__(
        self, conn: sqlite3.Connection, t: pendulum.DateTime, query: str, args: list[object]
    ) -> None:
        self.conn, self.t, self.query, self.args = conn, t, query, args
        names = [d[0] for d in conn.execute(query, args).description]
        self.data = names.index("data")
        self.hook_only = converter.copy()
        self.hook_only.register_structure_hook(pendulum.DateTime, fast_time_hook)
        self.fast = fast_converter()

    def select(self) -> list[Any]:
        """The library's query, rows as tuples."""
        return self.conn.execute(self.query, self.args).fetchall()

    def in_tx(self, fn: Callable[[], object]) -> Callable[[], object]:
        """``fn`` inside BEGIN IMMEDIATE .. COMMIT, as the library runs every use case."""

        def run() -> object:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                return fn()
            finally:
                self.conn.commit()

        return run

    def finish(self, alerts: list[Alert]) -> list[Alert]:
        """What `alert_cases.active` adds after the query: the is_active filter and the sort."""
        t = self.t
        return sorted((a for a in alerts if is_active(a, t)), key=lambda a: (a.content.start, a.id))

    def decode(self, conv: Any) -> list[Alert]:  # noqa: ANN401 - a cattrs converter
        """The query, then json.loads and ``conv.structure`` per row, then the filter and sort."""
        i = self.data
        return self.finish([conv.structure(json.loads(r[i]), Alert) for r in self.select()])

    def steps(self, system: Any, storage: object) -> dict[str, Callable[[], object]]:  # noqa: ANN401
        """The cases, by name, one query each."""
        i = self.data
        cases: dict[str, Callable[[], object]] = {
            RAW: self.select,
            "raw: same, in BEGIN IMMEDIATE .. COMMIT": self.in_tx(self.select),
            "  + json.loads per row": self.in_tx(lambda: [json.loads(r[i]) for r in self.select()]),
            "  + converter.structure(..., Alert) per row": self.in_tx(
                lambda: [converter.structure(json.loads(r[i]), Alert) for r in self.select()]
            ),
            "  + is_active filter and sort (= decode all)": self.in_tx(
                lambda: self.decode(converter)
            ),
            LIBRARY: lambda: system.active_alerts(self.t),
        }
        empty = cache_emptier(storage)
        if empty is not None:

            def cold() -> object:
                empty()
                return system.active_alerts(self.t)

            cases[LIBRARY_COLD] = cold
        cases["what-if decode all: time hook -> DateTime ctor"] = self.in_tx(
            lambda: self.decode(self.hook_only)
        )
        cases["what-if decode all: + detailed_validation=False"] = self.in_tx(
            lambda: self.decode(self.fast)
        )
        return cases


def check_same(ladder: Ladder, system: Any) -> None:  # noqa: ANN401
    """The decoders return what the library returns."""
    expected = system.active_alerts(ladder.t)
    for conv in (converter, ladder.fast):
        decoded = ladder.decode(conv)
        if len(expected) != IN_FORCE or decoded != expected:
            raise SystemExit(f"decoders disagree: {len(expected)} vs {len(decoded)} alerts")


PARTS: Final[dict[str, Callable[[str, str], bool]]] = {
    "sqlite3 execute/fetch/commit (incl. BEGIN)": lambda f, n: (
        f == "~" and ("execute" in n or "fetch" in n or "commit" in n)
    ),
    "decoded-alert cache get/publish": lambda f, n: (
        n in {"get", "publish"} and f.endswith("adapter_kit/cache.py")
    ),
    "json.loads": lambda f, n: n == "loads" and f.endswith("json/__init__.py"),
    "cattrs converter.structure (all of it)": lambda f, n: (
        n == "structure" and f.endswith("cattrs/converters.py")
    ),
    "  of which: time hook _parse_instant": lambda f, n: (
        n == "_parse_instant" and f.endswith("serialization.py")
    ),
    "    of which: clock.to_utc": lambda f, n: n == "to_utc" and f.endswith("clock.py"),
    "  of which: uuid.UUID(text)": lambda f, n: n == "__init__" and f.endswith("uuid.py"),
    "is_active filter + sort": lambda _, n: n == "<built-in method builtins.sorted>",
}


def profiled(label: str, fn: Callable[[], object], calls: int) -> float:
    """Profile ``calls`` calls of ``fn``; print the top 15 and the parts; the hook's share."""
    print()
    print(f"cProfile of {calls} calls, {label} (top 15, cumulative):")
    stats = profile(lambda: [fn() for _ in range(calls)])
    print()
    whole = lambda f, n: n == "active_alerts" and f.endswith("system.py")  # noqa: E731
    print(shares(stats, whole, PARTS, calls, "query"))
    total, _ = cumulative(stats, whole)
    hook, _ = cumulative(stats, PARTS["  of which: time hook _parse_instant"])
    return hook / total


# --- main -------------------------------------------------------------------------------


def main() -> None:  # noqa: PLR0915 - one linear script
    """Seed, measure at both sizes, profile, print."""
    args = parse_args(__doc__.splitlines()[0], rounds=31)
    sizes = (2_000, 20_000) if args.quick else (100_000, 1_000_000)
    calls = 20 if args.quick else 100
    header(f"active_alerts: {IN_FORCE} in force among {sizes[0]:,} / {sizes[1]:,} past", args)
    rng = seeded()
    with scratch_dir(args.dir) as directory:
        path = directory / "alerts.db"
        world = sqlite_world(path)
        t = seed_in_force(world)
        with traced(library_connection(world.storage)) as seen:
            world.system.active_alerts(t)
        query, query_args = parameterized(
            next(s for s in seen if s.startswith("SELECT") and "FROM alerts" in s)
        )
        peek = sqlite3.connect(path)
        peek.row_factory = sqlite3.Row
        template = peek.execute(
            "SELECT * FROM alerts WHERE approved_at IS NOT NULL ORDER BY start_at LIMIT 1"
        ).fetchone()
        plan = peek.execute(f"EXPLAIN QUERY PLAN {query}", query_args).fetchall()
        peek.close()
        print(f"# the library's query (traced): {query}")
        print(f"# query plan: {plan[0][-1]}; JSON per alert: {len(template['data'])} chars")
        past = PastAlerts(template, micros(t), rng)
        conn = raw_connect(path)
        results: dict[int, dict[str, float]] = {}
        have = 0
        for size in sizes:
            took = add_past(path, past, size - have)
            have = size
            print(f"# seeded {size:,} past alerts (this step took {took:.1f} s)")
            ladder = Ladder(conn, t, query, query_args)
            check_same(ladder, world.system)
            results[size] = race(
                ladder.steps(world.system, world.storage), args.rounds, sample=0.005
            )
        print(f"# peak RSS {maxrss_mb():.0f} MB")

        small, big = sizes
        print_per_query(results, sizes, args.rounds)
        summary: list[list[object]] = []
        for name in (LIBRARY, LIBRARY_COLD):
            if name not in results[small]:
                continue
            short = "library" if name == LIBRARY else "library, cold cache"
            for size in sizes:
                value = results[size][name] / results[size][RAW]
                met = "yes" if value <= RATIO_TARGET else "NO"
                summary.append([f"{short} / raw @{size:,}", value, f"<= {RATIO_TARGET}", met])
            growth = results[big][name] / results[small][name]
            met = "yes" if growth < GROWTH_TARGET else "NO"
            summary.append([f"{short} {big:,} / {small:,}", growth, f"< {GROWTH_TARGET}", met])
        print(table(["ratio", "value", "target", "met"], summary))

        profiled(f"library at {big:,}", lambda: world.system.active_alerts(t), calls)
        cold = cache_emptier(world.storage)
        hook_share = 0.0
        if cold is not None:

            def cold_call() -> object:
                cold()
                return world.system.active_alerts(t)

            hook_share = profiled(f"library at {big:,}, cache emptied first", cold_call, calls)

        print()
        print("building a UTC pendulum.DateTime (best of rounds, per call):")
        text_table, costs = datetime_table(rng, args.rounds, 500 if args.quick else 2_000)
        print(text_table)
        current, cheap = costs[LIBRARY_HOOK], costs[CTOR_WAY]
        decode_all = results[big]["  + is_active filter and sort (= decode all)"] * 1e6
        print()
        print(
            f"# decoding 100 alerts costs {decode_all:,.0f} us; the time hook is {hook_share:.0%}"
            f" of the cold library time (profiled); the constructor way costs"
            f" {cheap / current:.0%} of the library hook per call, so about"
            f" {decode_all * (1 - hook_share * (1 - cheap / current)):,.0f} us"
        )


if __name__ == "__main__":
    main()
