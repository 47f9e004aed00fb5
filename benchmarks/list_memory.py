"""Peak memory while an operator lists 1,000,000 reports page by page (500 per page).

The reports are inserted with raw sqlite3 `executemany` in a separate process (so the
seeding's memory does not count), each row a copy of a report the library submitted, with
its id and time varied in the columns and in the JSON. Then, in this process:

1. `FeedbackSystem.list_reports(operator, limit=500, after=page.next)` until the last page,
   timed (pages/s, first and last tenth of the pages separately), with the growth of the
   peak RSS (ru_maxrss) over the whole listing;
2. the same listing again under tracemalloc, for the peak of Python allocations;
3. the library's keyset query on a raw connection, rows as tuples, for comparison.

Usage: python benchmarks/list_memory.py [--quick] [--dir PATH]   (--quick: 20,000 reports)
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sqlite3
import time
import tracemalloc
from typing import TYPE_CHECKING, Any, Final

from _common import (
    REPORT_FORM,
    header,
    library_connection,
    maxrss_mb,
    parse_args,
    raw_connect,
    scratch_dir,
    seeded,
    sqlite_world,
    table,
    traced,
    uuid4_from,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from feedback_core.system import FeedbackSystem

PAGE: Final = 500
TARGET_MB: Final = 100
MINUTE: Final = 60_000_000  # microseconds


def seed_reports(path: str, count: int, template: dict[str, Any]) -> None:
    """Insert ``count`` reports shaped like ``template`` (runs in a child process)."""
    rng = seeded()
    record = json.loads(template["data"])
    record["id"] = "@id@"
    record["submitted_at"] = "@at@"
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).replace("%", "%%")
    text = text.replace('"@id@"', '"%(id)s"').replace('"@at@"', '"%(at)s"')
    newest = template["submitted_at"] - MINUTE  # one a minute, going back from the template

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(count):
            at = newest - i * MINUTE
            report_id = str(uuid4_from(rng))
            iso = dt.datetime.fromtimestamp(at // 1_000_000, dt.UTC).isoformat()
            yield (
                report_id,
                template["reporter_id"],
                template["status"],
                template["public"],
                at,
                template["version"],
                text % {"id": report_id, "at": iso},
            )

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # seeding only; the library's connection uses FULL
    conn.execute("PRAGMA cache_size = -262144")
    source = rows()
    chunk = 50_000
    for done in range(0, count, chunk):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO reports (id, reporter_id, status, public, submitted_at, version, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (next(source) for _ in range(min(chunk, count - done))),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def list_all(system: FeedbackSystem, operator: object) -> tuple[int, int, list[float]]:
    """(pages, reports, seconds per page) listing everything, newest first."""
    pages = reports = 0
    times = []
    after = None
    while True:
        start = time.perf_counter()
        page = system.list_reports(operator, limit=PAGE, after=after)
        times.append(time.perf_counter() - start)
        pages += 1
        reports += len(page.items)
        if page.next is None:
            return pages, reports, times
        after = page.next


def raw_list_all(conn: sqlite3.Connection) -> tuple[int, int, float]:
    """The library's keyset query run to the end on a raw connection; (pages, rows, s)."""
    start = time.perf_counter()
    pages = rows_seen = 0
    rows = conn.execute(
        "SELECT r.submitted_at, r.id, r.data FROM reports r"
        " ORDER BY r.submitted_at DESC, r.id DESC LIMIT ?",
        (PAGE,),
    ).fetchall()
    while True:
        pages += 1
        rows_seen += len(rows)
        if len(rows) < PAGE:
            return pages, rows_seen, time.perf_counter() - start
        at, last_id = rows[-1][0], rows[-1][1]
        rows = conn.execute(
            "SELECT r.submitted_at, r.id, r.data FROM reports r"
            " WHERE (r.submitted_at, r.id) < (?, ?)"
            " ORDER BY r.submitted_at DESC, r.id DESC LIMIT ?",
            (at, last_id, PAGE),
        ).fetchall()


def main() -> None:
    """Seed, list three ways, print."""
    args = parse_args(__doc__.splitlines()[0], rounds=1)
    count = 20_000 if args.quick else 1_000_000
    header(f"list_memory: an operator lists {count:,} reports, {PAGE} a page", args, repeated=False)
    with scratch_dir(args.dir) as directory:
        path = directory / "reports.db"
        world = sqlite_world(path)
        report = world.system.submit_report(world.citizen.id, **REPORT_FORM)
        peek = sqlite3.connect(path)
        peek.row_factory = sqlite3.Row
        template = dict(
            peek.execute("SELECT * FROM reports WHERE id = ?", (str(report.id),)).fetchone()
        )
        peek.close()

        start = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=seed_reports, args=(str(path), count, template)
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"seeding failed ({child.exitcode})")
        print(
            f"# seeded {count:,} reports in a child process in {time.perf_counter() - start:.0f} s"
            f" ({_size_mb(path):.0f} MB file); JSON per report: {len(template['data'])} chars"
        )
        total = count + 1
        system, operator = world.system, world.operator.id

        with traced(library_connection(world.storage)) as statements:
            second = system.list_reports(operator, limit=PAGE).next
            system.list_reports(operator, limit=PAGE, after=second)
        page_sql = [s for s in statements if s.startswith("SELECT r.data")][-1]  # a 2nd page
        plan = sqlite3.connect(path).execute(f"EXPLAIN QUERY PLAN {page_sql}").fetchall()
        print(f"# page query plan: {'; '.join(str(p[-1]) for p in plan)}")

        rss_before = maxrss_mb()
        pages, seen, times = list_all(system, operator)
        rss_growth = maxrss_mb() - rss_before
        if seen != total:
            raise SystemExit(f"listed {seen:,} reports of {total:,}")

        tracemalloc.start()
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        list_all(system, operator)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak_mb = (peak - base) / 2**20

        raw_pages, raw_rows, raw_seconds = raw_list_all(raw_connect(path))
        if raw_rows != total:
            raise SystemExit(f"raw listing saw {raw_rows:,} rows of {total:,}")

    tenth = max(1, pages // 10)
    elapsed = sum(times)
    rows = [
        ["pages (500 reports each)", pages, "", ""],
        ["library pages/s, whole listing", pages / elapsed, "", ""],
        ["library pages/s, first tenth", tenth / sum(times[:tenth]), "", ""],
        ["library pages/s, last tenth", tenth / sum(times[-tenth:]), "", ""],
        ["library reports/s", seen / elapsed, "", ""],
        ["raw keyset query pages/s (tuples)", raw_pages / raw_seconds, "", ""],
        [
            "tracemalloc peak during listing, MB",
            peak_mb,
            f"< {TARGET_MB}",
            "yes" if peak_mb < TARGET_MB else "NO",
        ],
        [
            "ru_maxrss growth during listing, MB",
            rss_growth,
            f"< {TARGET_MB}",
            "yes" if rss_growth < TARGET_MB else "NO",
        ],
        ["ru_maxrss at the end, MB", maxrss_mb(), "", ""],
    ]
    print(table(["measure", "value", "target", "met"], rows))


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


if __name__ == "__main__":
    main()
