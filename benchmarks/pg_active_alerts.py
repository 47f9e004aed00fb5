"""Alerts in force at t on PostgreSQL: `FeedbackSystem.active_alerts(t)` vs the raw SQL it runs.

100 approved alerts are in force at t (made through the library: create, submit, approve;
`seed_in_force` of active_alerts.py), among 100,000 and then 1,000,000 past ones (expired
before t). The past ones are written with COPY (psycopg ``cursor.copy`` / ``write_row``, rows
generated on the fly), each row a copy of a real library row (the first in-force alert)
with its id and times varied in the columns and in the JSON (`PastAlerts` of
active_alerts.py); then ANALYZE.

The raw baseline is the library's own query, traced from one `active_alerts` call
(`PgTracer`), run with the same parameters on a connection set up like the store's pooled
ones (autocommit, ``search_path``, READ COMMITTED), fetching the same columns as tuples;
also inside ``conn.transaction()``, as the library runs it (BEGIN and COMMIT are two more
round trips). The library is timed as it runs (the store keeps decoded alerts by (id,
version), so repeated queries are "warm") and with that cache replaced by an empty one
before each call ("cold", = the first query after any change). Then cProfile of both.

Usage: python benchmarks/pg_active_alerts.py [--quick] [--rounds N] [--url URL]
(--dir is accepted like in the other scripts and unused: the data goes into a scratch schema)
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Final

from _common import (
    PgTracer,
    add_postgres_url,
    cumulative,
    header,
    maxrss_mb,
    parse_args,
    pg_connect,
    postgres_environment,
    profile,
    race,
    scratch_schema,
    seeded,
    shares,
    store_url,
    table,
)
from active_alerts import IN_FORCE, RAW, PastAlerts, print_per_query, seed_in_force

from feedback_core.adapter_kit.cache import VersionCache
from feedback_core.adapter_kit.codec import forget_decoded, loads, micros
from feedback_core.alerts.model import Alert, is_active
from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_postgres import PostgresStorage

if TYPE_CHECKING:
    from collections.abc import Callable

    import pendulum
    import psycopg

RATIO_TARGET: Final = 3.0  # library time / raw time
GROWTH_TARGET: Final = 1.5  # library time at the big size / at the small size
RAW_TX: Final = "raw inside a transaction (conn.transaction())"
DECODE: Final = "  + codec.loads per row, filter, sort (= decode all)"
LIBRARY: Final = "library: FeedbackSystem.active_alerts(t)"
LIBRARY_COLD: Final = "library, decoded-alert cache emptied first"
COPY: Final = (
    "COPY alerts (id, unit_id, status, created_at, start_at, end_at, approved_at, version, data)"
    " FROM STDIN"
)


# --- seeding -----------------------------------------------------------------------------


def template_row(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """The first in-force alert's row, by column name (what `PastAlerts` copies)."""
    cursor = conn.execute(
        "SELECT unit_id, status, version, data FROM alerts"
        " WHERE approved_at IS NOT NULL ORDER BY start_at LIMIT 1"
    )
    row = cursor.fetchone()
    assert row is not None  # seed_in_force approved IN_FORCE alerts
    return {d.name: value for d, value in zip(cursor.description or (), row, strict=True)}


def add_past(conn: psycopg.Connection[Any], past: PastAlerts, count: int) -> float:
    """COPY ``count`` past alerts in (rows generated as they go), then ANALYZE; seconds."""
    start = time.perf_counter()
    with conn.cursor() as cursor, cursor.copy(COPY) as copy:
        for row in past.rows(count):
            copy.write_row(row)
    conn.execute("ANALYZE alerts")  # the planner must know how few rows end after t
    return time.perf_counter() - start


def plan_line(conn: psycopg.Connection[Any], query: str, params: Any) -> str:  # noqa: ANN401
    """EXPLAIN of the query with its parameters, on one line."""
    rows = conn.execute(f"EXPLAIN (COSTS OFF) {query}", params).fetchall()
    return " | ".join(str(r[0]).strip() for r in rows)


# --- the cases ---------------------------------------------------------------------------


class Cases:
    """The raw query, its decoding, and the library, each one call of `active_alerts`."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        world: World,
        t: pendulum.DateTime,
        query: str,
        params: Any,  # noqa: ANN401 - psycopg parameters, as traced
    ) -> None:
        self.conn, self.world, self.t, self.query, self.params = conn, world, t, query, params
        names = [d.name for d in conn.execute(query, params).description or ()]
        self.data = names.index("data")

    def select(self) -> list[Any]:
        """The library's query, rows as tuples."""
        return self.conn.execute(self.query, self.params).fetchall()

    def select_in_tx(self) -> list[Any]:
        """The same in a transaction block, as the library runs every use case."""
        with self.conn.transaction():
            return self.select()

    def decode_all(self) -> list[Alert]:
        """What a cold call adds: `codec.loads` per row, then the filter and sort of the core."""
        with self.conn.transaction():
            rows = self.select()
        t, i = self.t, self.data
        forget_decoded()  # every text decoded, as on a first read
        alerts = [loads(r[i], Alert) for r in rows]
        return sorted((a for a in alerts if is_active(a, t)), key=lambda a: (a.content.start, a.id))

    def library(self) -> list[Alert]:
        """`active_alerts` as it runs (warm once the cache has the alerts)."""
        return self.world.system.active_alerts(self.t)

    def library_cold(self) -> list[Alert]:
        """`active_alerts` with the store's decoded alerts and the codec's texts forgotten first."""
        self.world.storage._alert_cache = VersionCache()  # type: ignore[attr-defined]  # noqa: SLF001
        forget_decoded()
        return self.world.system.active_alerts(self.t)

    def all(self) -> dict[str, Callable[[], object]]:
        """The cases by name, in table order."""
        return {
            RAW: self.select,
            RAW_TX: self.select_in_tx,
            DECODE: self.decode_all,
            LIBRARY: self.library,
            LIBRARY_COLD: self.library_cold,
        }

    def check(self) -> None:
        """The library returns the in-force alerts, and what decoding the raw rows gives."""
        expected = self.library()
        if len(expected) != IN_FORCE or self.decode_all() != expected:
            raise SystemExit(f"the library returned {len(expected)} alerts, not the raw rows'")


PARTS: Final[dict[str, Callable[[str, str], bool]]] = {
    "the SELECT (Connection.execute + fetchall)": lambda f, n: (
        (n == "execute" and f.endswith("psycopg/connection.py"))
        or (n == "fetchall" and f.endswith("psycopg/cursor.py"))
    ),
    "BEGIN (conn.transaction() enter)": lambda f, n: (
        n == "__enter__" and f.endswith("psycopg/transaction.py")
    ),
    "COMMIT (conn.transaction() exit)": lambda f, n: (
        n == "__exit__" and f.endswith("psycopg/transaction.py")
    ),
    "pool.connection(): getconn + putconn": lambda f, n: (
        n in {"getconn", "putconn"} and f.endswith("psycopg_pool/pool.py")
    ),
    "decoded-alert cache get_many/publish": lambda f, n: (
        n in {"get_many", "publish"} and f.endswith("adapter_kit/cache.py")
    ),
    "decode: codec.loads (json + cattrs)": lambda f, n: (
        n == "loads" and f.endswith("adapter_kit/codec.py")
    ),
    "micros(t) and fields.instant": lambda f, n: (
        (n == "micros" and f.endswith("codec.py")) or (n == "instant" and f.endswith("fields.py"))
    ),
    "is_active filter + sort": lambda _, n: n == "<built-in method builtins.sorted>",
}


def profiled(label: str, fn: Callable[[], object], calls: int) -> None:
    """Profile ``calls`` calls of ``fn``; print the top 15 and the parts."""
    print()
    print(f"cProfile of {calls} calls, {label} (top 15, cumulative):")
    stats = profile(lambda: [fn() for _ in range(calls)])
    print()
    whole = lambda f, n: n == "active_alerts" and f.endswith("system.py")  # noqa: E731
    print(shares(stats, whole, PARTS, calls, "query"))
    total, _ = cumulative(stats, whole)
    sql, _ = cumulative(stats, lambda f, _: "/psycopg/" in f or "/psycopg_pool/" in f)
    print(f"# psycopg and its pool, all: {sql / total:.0%} of the profiled time")


# --- main -------------------------------------------------------------------------------


def measure(args: Any, schema: str) -> None:  # noqa: ANN401 - argparse namespace
    """Seed, measure at both sizes, profile, print."""
    sizes = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    calls = 20 if args.quick else 100
    storage = PostgresStorage.from_url(store_url(args.url, schema, pool_max=2))
    conn, seeder = pg_connect(args.url, schema), pg_connect(args.url, schema)
    try:
        world = World.build(storage, RecordingSmsSender())
        t = seed_in_force(world)
        with PgTracer() as seen:
            world.system.active_alerts(t)
        select = next(c for c in seen if c.kind == "execute" and "FROM alerts" in c.text)
        template = template_row(conn)
        print(f"# the library's query (traced): {select.text}")
        print(f"# JSON per alert: {len(template['data'])} chars")
        past = PastAlerts(template, micros(t), seeded())  # type: ignore[arg-type]  # a dict row
        results: dict[int, dict[str, float]] = {}
        have = 0
        for size in sizes:
            took = add_past(seeder, past, size - have)
            have = size
            print(
                f"# seeded {size:,} past alerts with COPY + ANALYZE (this step took {took:.1f} s)"
            )
            print(f"# plan @{size:,}: {plan_line(conn, select.text, select.params)}")
            cases = Cases(conn, world, t, select.query, select.params)
            cases.check()
            results[size] = race(cases.all(), args.rounds, sample=0.02)
        print(f"# peak RSS {maxrss_mb():.0f} MB")
        report(results, sizes, args.rounds)
        profiled(f"library at {sizes[1]:,} (warm)", cases.library, calls)
        profiled(f"library at {sizes[1]:,}, cache emptied first (cold)", cases.library_cold, calls)
    finally:
        conn.close()
        seeder.close()
        storage.close()


def report(results: dict[int, dict[str, float]], sizes: tuple[int, int], rounds: int) -> None:
    """The time per query table and the ratios against the targets."""
    print_per_query(results, sizes, rounds)
    small, big = sizes
    summary: list[list[object]] = []
    for name, short in ((LIBRARY, "library (warm)"), (LIBRARY_COLD, "library, cold cache")):
        for size in sizes:
            value = results[size][name] / results[size][RAW]
            met = "yes" if value <= RATIO_TARGET else "NO"
            summary.append([f"{short} / raw @{size:,}", value, f"<= {RATIO_TARGET}", met])
        value = results[big][name] / results[big][RAW_TX]
        summary.append([f"{short} / raw in a transaction @{big:,}", value, "", ""])
        growth = results[big][name] / results[small][name]
        met = "yes" if growth < GROWTH_TARGET else "NO"
        summary.append([f"{short} {big:,} / {small:,}", growth, f"< {GROWTH_TARGET}", met])
    print(table(["ratio", "value", "target", "met"], summary))


def main() -> None:
    """Print the query, the plan, the tables and the profiles."""
    args = parse_args(__doc__.splitlines()[0], rounds=31, extra=add_postgres_url)
    sizes = "10,000 / 100,000" if args.quick else "100,000 / 1,000,000"
    header(f"pg_active_alerts: {IN_FORCE} in force among {sizes} past", args)
    print(f"# {postgres_environment(args.url)}")
    with scratch_schema(args.url) as schema:
        print(f"# scratch schema {schema} (dropped at the end)")
        measure(args, schema)


if __name__ == "__main__":
    main()
