"""Reports per second through `FeedbackSystem.submit_report` on SQLite vs raw sqlite3.

The raw side runs, per report, the very statements the library ran for one submit: the
script traces one library submit (`set_trace_callback`), turns each traced statement back
into SQL with `?` and its values, and replays that list per report with a fresh report id
and event id. So the transaction boundaries (BEGIN IMMEDIATE .. COMMIT per report), the
SELECT of the acting account, the INSERTs into reports / report_history / outbox, and any
statement the library adds later, are the same; the JSON texts are the library's own (same
size); the ids are generated beforehand. No transports are configured, so there are no
outbox_deliveries rows. The raw file starts as a copy (backup API) of the library's file,
the connection has the same PRAGMAs, and both files grow alike as the rounds alternate.

Usage: python benchmarks/submit_report.py [--quick] [--rounds N] [--dir PATH] [--content N]
(--content N: report text of N characters instead of the test form's short one)
"""

from __future__ import annotations

import sqlite3
import sys
import textwrap
from typing import TYPE_CHECKING, Final

from _common import (
    REPORT_FORM,
    header,
    library_connection,
    parameterized,
    parse_args,
    profile,
    race,
    raw_connect,
    scratch_dir,
    seeded,
    shape,
    shares,
    sqlite_world,
    table,
    traced,
    uuid4_from,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

TARGET: Final = 0.5  # library/raw throughput


class Submit:
    """One library submit, as traced: its statements and the ids it generated."""

    def __init__(self, path: Path, synchronous: str, form: Mapping[str, object]) -> None:
        self.world = sqlite_world(path, synchronous)
        self.form = form
        with traced(library_connection(self.world.storage)) as statements:
            report = self.world.system.submit_report(self.world.citizen.id, **form)
        self.statements = list(statements)
        peek = sqlite3.connect(path)
        (event_id,) = peek.execute("SELECT id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
        peek.close()
        self.fresh = (str(report.id), event_id)  # the values a new submit changes

    def library_batch(self, batch: int) -> Callable[[], None]:
        """``batch`` submits through the library."""
        system, citizen, form = self.world.system, self.world.citizen.id, self.form

        def run() -> None:
            for _ in range(batch):
                system.submit_report(citizen, **form)

        return run

    def copy_to(self, path: Path) -> None:
        """The library's file as it is now (consistent copy through the backup API)."""
        source, target = sqlite3.connect(self.world.storage.path), sqlite3.connect(path)  # type: ignore[attr-defined]
        source.backup(target)
        source.close()
        target.close()


class RawSubmit:
    """The traced statements replayed with fresh ids on a raw connection."""

    def __init__(self, submit: Submit, path: Path, synchronous: str, count: int) -> None:
        self.conn = raw_connect(path, synchronous)
        report_id = submit.fresh[0]
        self.plan = []
        for sql in submit.statements:
            text, values = parameterized(sql)
            slots = [
                (i, 0 if v == report_id else 1) for i, v in enumerate(values) if v in submit.fresh
            ]
            self.plan.append((text, values, slots))
        rng = seeded()
        self.ids = iter([(str(uuid4_from(rng)), str(uuid4_from(rng))) for _ in range(count)])

    def one(self) -> None:
        """One report: the library's statements, fresh ids, rows fetched like the library."""
        fresh = next(self.ids)
        execute = self.conn.execute
        for text, values, slots in self.plan:
            if slots:
                args = list(values)
                for i, which in slots:
                    args[i] = fresh[which]
                execute(text, args).fetchall()
            else:
                execute(text, values).fetchall()

    def batch(self, size: int) -> Callable[[], None]:
        """``size`` reports."""
        one = self.one

        def run() -> None:
            for _ in range(size):
                one()

        return run


PARTS: Final[dict[str, Callable[[str, str], bool]]] = {
    "sqlite3 COMMIT": lambda f, n: f == "~" and "commit" in n,
    "sqlite3 execute/fetch (incl. BEGIN)": lambda f, n: (
        f == "~" and ("execute" in n or "fetch" in n)
    ),
    "form checks (check_report_draft)": lambda _, n: n == "check_report_draft",
    "actor account decode (json + cattrs)": lambda f, n: n == "loads" and f.endswith("codec.py"),
    "  of which: ISO text -> DateTime hook": lambda _, n: n == "_parse_instant",
    "report + history encode (cattrs + json)": lambda f, n: n == "dumps" and f.endswith("codec.py"),
    "outbox.add (event encode + its INSERT)": lambda f, n: (
        n == "add" and f.endswith("feedback_sqlite/outbox.py")
    ),
    "micros() of times": lambda f, n: n == "micros" and f.endswith("codec.py"),
    "report_flow.submit (the domain step)": lambda f, n: (
        n == "submit" and f.endswith("report_flow.py")
    ),
    "uuid4": lambda _, n: n == "uuid4",
}


def measure(
    directory: Path,
    synchronous: str,
    form: Mapping[str, object],
    batch: int,
    rounds: int,
    profiled: int = 0,
) -> list[object]:
    """One table row: both sides at one `synchronous` level; ``profiled`` submits profiled."""
    submit = Submit(directory / f"library-{synchronous}.db", synchronous, form)
    raw_path = directory / f"raw-{synchronous}.db"
    submit.copy_to(raw_path)
    raw = RawSubmit(submit, raw_path, synchronous, batch * (rounds + 2))
    with traced(raw.conn) as raw_statements:
        raw.one()
    if shape(raw_statements) != shape(submit.statements):
        print("WARNING: the raw replay differs from the library's statements", file=sys.stderr)
    best = race({"library": submit.library_batch(batch), "raw": raw.batch(batch)}, rounds)
    counts = [
        sqlite3.connect(p).execute("SELECT count(*) FROM reports").fetchone()[0]
        for p in (submit.world.storage.path, raw_path)  # type: ignore[attr-defined]
    ]
    if counts[1] != counts[0] + 1:  # the raw file also holds the traced replay
        raise SystemExit(f"row counts differ: library {counts[0]}, raw {counts[1]}")
    if profiled:
        stats = profile(submit.library_batch(profiled), top=0)
        whole = lambda f, n: n == "submit_report" and f.endswith("system.py")  # noqa: E731
        print(f"# synchronous={synchronous}, {profiled} library submits under cProfile")
        print(shares(stats, whole, PARTS, profiled, "report"))
        print()
    lib_rate, raw_rate = batch / best["library"], batch / best["raw"]
    ratio = lib_rate / raw_rate
    return [
        synchronous,
        lib_rate,
        raw_rate,
        ratio,
        f">= {TARGET}",
        "yes" if ratio >= TARGET else "NO",
        1e6 / lib_rate,
        1e6 / raw_rate,
        (best["library"] - best["raw"]) / batch * 1e6,
    ]


def main() -> None:
    """Print the statements and the table."""
    args = parse_args(
        __doc__.splitlines()[0],
        rounds=15,
        extra=lambda p: p.add_argument(
            "--content", type=int, default=0, help="report content length (default: a test form)"
        ),
    )
    batch = 30 if args.quick else 100
    form = dict(REPORT_FORM)
    if args.content:
        form["content"] = (str(form["content"]) + " ") * (args.content // 40 + 1)
        form["content"] = str(form["content"])[: args.content].strip()
    header(f"submit_report: {batch} reports per timed batch, one transaction each", args)
    print(f"# report content: {len(str(form['content']))} characters")
    with scratch_dir(args.dir) as directory:
        print("# statements per submit (traced from the library, replayed by the raw side):")
        for sql in shape(Submit(directory / "peek.db", "FULL", form).statements):
            print(f"#   {textwrap.shorten(sql, 100, placeholder=' ...')}")
        profiled = 100 if args.quick else 500
        rows = [
            measure(directory, sync, form, batch, args.rounds, profiled if sync == "NORMAL" else 0)
            for sync in ("FULL", "NORMAL")
        ]
    print(
        table(
            [
                "synchronous",
                "library rep/s",
                "raw rep/s",
                "library/raw",
                "target",
                "met",
                "library us/rep",
                "raw us/rep",
                "overhead us/rep",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
