"""Reports per second through `FeedbackSystem.submit_report` on PostgreSQL vs raw psycopg.

Measured with 1 and with 8 worker processes (spawned once, "spawn" context, kept for every
round). A library worker opens its own store as a host would (`FeedbackSystem.from_urls`,
``pool_max=1``: one connection, like a raw worker's); a raw worker opens one connection set
up like the store's pooled ones (autocommit, ``search_path`` to the schema as a startup
option, READ COMMITTED).

The raw side runs, per report, what the library ran for one submit: the script traces one
library submit (`PgTracer`: the ``conn.execute`` and ``cursor.executemany`` calls with their
parameters, pipeline blocks, fetches, and the BEGIN / COMMIT of ``conn.transaction()``) and
replays it per report inside ``with conn.transaction():`` through the same calls (pipeline
block and executemany included), with a fresh report id and event id wherever the traced
parameters held the library's (compared as text; UUIDs stay UUIDs). The JSON texts are the
library's own (same size); the raw ids are drawn beforehand. If the library changes its
statements, the replay follows; the script checks that a replay runs the same call list.

Both sides write into one scratch schema, seeded once through the library, so the tables
grow alike as the rounds alternate; the rows each side adds per report to reports,
report_units, report_history, outbox and outbox_deliveries are counted every round and must
be equal. No transports are configured, so there are no outbox_deliveries rows.

A round: every worker of the round waits on a barrier, then submits its share; throughput
is the round's reports over the time from the earliest start to the latest end (workers
report `time.time()`, one clock for every process). Library and raw rounds alternate, the
order flipped each round; best of N rounds each. Then a cProfile breakdown of library
submits in this process, and "what-if" raw replays with the driver calls changed (the
event through ``conn.execute`` instead of ``executemany``; no pipeline block), to show what
those calls cost on this server.

Usage: python benchmarks/pg_submit_report.py [--quick] [--rounds N] [--url URL]
(--dir is accepted like in the other scripts and unused: the data goes into a scratch schema)
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import queue
import time
import traceback
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from _common import (
    REPORT_FORM,
    SEED,
    PgCall,
    PgTracer,
    add_postgres_url,
    header,
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
    uuid4_from,
)

from feedback_core import FeedbackSystem
from feedback_core.clock import FixedClock
from feedback_core.settings import Settings
from feedback_core.testing.world import SECRET_KEY, START, World, cheap_hasher
from feedback_memory import RecordingSmsSender
from feedback_postgres import PostgresStorage

if TYPE_CHECKING:
    from collections.abc import Sequence
    from multiprocessing.context import SpawnContext

    import psycopg

TARGET: Final = 0.5  # library/raw throughput
WORKERS: Final = (1, 8)
# Reports per worker before the first round: the connection, psycopg's prepared statements
# (a query is prepared on its 5th run), the library's lazily built hooks.
WARM_UP: Final = 30
TABLES: Final = ("reports", "report_units", "report_history", "outbox", "outbox_deliveries")
WAIT: Final = 300.0  # seconds the parent waits for a worker's answer before giving up

Fresh = tuple[uuid.UUID, uuid.UUID]  # a report id and an event id
Where = tuple[int | str, ...]  # where a value sits in a call's parameters


# --- the replay ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Step:
    """One traced statement and where its fresh ids go: (path, which id, as text)."""

    call: PgCall
    slots: tuple[tuple[Where, int, bool], ...]

    def params(self, fresh: Fresh) -> Any:  # noqa: ANN401 - psycopg parameters
        """The traced parameters with ``fresh`` ids in the slots."""
        if not self.slots:
            return self.call.params
        out = _thawed(self.call.params, _depth(self.call))
        for path, which, as_text in self.slots:
            target = out
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = str(fresh[which]) if as_text else fresh[which]
        return out


# (pipeline block or None, its steps), in order
Plan = list[tuple[int | None, list[Step]]]


def _depth(call: PgCall) -> int:
    # execute takes one parameter list; executemany a list of them.
    return 2 if call.kind == "executemany" else 1


def _thawed(value: Any, depth: int) -> Any:  # noqa: ANN401
    # Mutable copies of the containers down to the parameter values.
    if depth == 0:
        return value
    if isinstance(value, dict):
        return {k: _thawed(v, depth - 1) for k, v in value.items()}
    return [_thawed(v, depth - 1) for v in value]


def _slots(value: Any, ids: dict[str, int], depth: int, path: Where = ()) -> list[Any]:  # noqa: ANN401
    if depth and isinstance(value, list | tuple):
        items: Any = enumerate(value)
    elif depth and isinstance(value, dict):
        items = value.items()
    else:
        which = ids.get(str(value)) if isinstance(value, uuid.UUID | str) else None
        return [] if which is None else [(path, which, isinstance(value, str))]
    return [slot for key, item in items for slot in _slots(item, ids, depth - 1, (*path, key))]


def plan_of(calls: Sequence[PgCall], report_id: uuid.UUID, event_id: uuid.UUID) -> Plan:
    """The traced submit as replay steps, grouped by pipeline block (the BEGIN and COMMIT of
    the transaction come from ``conn.transaction()`` in `replay`)."""
    kinds = [c.kind for c in calls]
    inner = set(kinds[1:-1]) & {"begin", "commit", "rollback"}
    if kinds[:1] != ["begin"] or kinds[-1:] != ["commit"] or inner:
        raise SystemExit(f"the traced submit is not one transaction block: {kinds}")
    ids = {str(report_id): 0, str(event_id): 1}
    plan: Plan = []
    for call in calls[1:-1]:
        step = Step(call, tuple(_slots(call.params, ids, _depth(call))))
        if plan and plan[-1][0] == call.pipeline:
            plan[-1][1].append(step)
        else:
            plan.append((call.pipeline, [step]))
    return plan


def _run(conn: psycopg.Connection[Any], step: Step, fresh: Fresh) -> None:
    call = step.call
    params = step.params(fresh)
    if call.via == "connection":
        cursor = conn.execute(call.query, params, **call.kwargs)
        if call.fetch:
            getattr(cursor, call.fetch)()
        return
    with conn.cursor() as cursor:
        getattr(cursor, call.kind)(call.query, params, **call.kwargs)
        if call.fetch:
            getattr(cursor, call.fetch)()


def replay(conn: psycopg.Connection[Any], plan: Plan, fresh: Fresh) -> None:
    """One report: the traced calls in one ``conn.transaction()``, pipeline blocks kept."""
    with conn.transaction():
        for block, steps in plan:
            if block is None:
                for step in steps:
                    _run(conn, step, fresh)
            else:
                with conn.pipeline():
                    for step in steps:
                        _run(conn, step, fresh)


def what_if(plan: Plan, *, pipelines: bool) -> Plan:
    """The plan with an executemany of one parameter row run as one ``conn.execute``, and
    without pipeline blocks unless ``pipelines`` (what-ifs: not what the library runs)."""
    out: Plan = []
    for block, steps in plan:
        changed = []
        for step in steps:
            call = step.call
            if call.kind == "executemany" and len(call.params) == 1:
                call = dataclasses.replace(
                    call, kind="execute", via="connection", params=call.params[0]
                )
                slots = tuple((where[1:], which, text) for where, which, text in step.slots)
                step = Step(call, slots)  # noqa: PLW2901 - the step, rewritten
            changed.append(step)
        kept = block if pipelines else None
        if out and out[-1][0] == kept:
            out[-1][1].extend(changed)
        else:
            out.append((kept, changed))
    return out


# --- the worker processes ------------------------------------------------------------------

Batch = Callable[[int], Callable[[], None]]  # count -> a run of that many reports


@dataclasses.dataclass
class Link:
    """A worker's end of the parent's control: its commands, the results, the barriers."""

    commands: Any  # a multiprocessing Queue: (reports, barrier index), or None to stop
    results: Any  # a multiprocessing Queue shared by the gang: (kind, a, b)
    barriers: Sequence[Any]  # a multiprocessing Barrier per entry of WORKERS

    def serve(self, opened: Callable[[], Batch]) -> None:
        """Open, warm up, say ready; then per command: prepare, barrier, run, report times."""
        try:
            batch = opened()
            batch(WARM_UP)()
            self.results.put(("ready", 0.0, 0.0))
            while (command := self.commands.get()) is not None:
                count, party = command
                run = batch(count)  # raw ids drawn here, outside the timed part
                gc.collect()  # as `timed` does: garbage from before does not carry over
                self.barriers[party].wait(timeout=WAIT)
                start = time.time()
                run()
                self.results.put(("done", start, time.time()))
        except BaseException:
            self.results.put(("error", traceback.format_exc(), 0.0))
            raise


def library_system(url: str) -> FeedbackSystem:
    """A system as a host builds one (`from_urls`), on the test clock, with cheap argon2."""
    return FeedbackSystem.from_urls(
        Settings(secret_key=SECRET_KEY),
        storage=url,
        sms="recording:",
        clock=FixedClock(START),
        hasher=cheap_hasher(),
    )


def library_worker(index: int, url: str, citizen: str, link: Link) -> None:
    """A process submitting through its own store."""
    del index  # the library draws its own ids

    def opened() -> Batch:
        submit, actor = library_system(url).submit_report, uuid.UUID(citizen)

        def batch(count: int) -> Callable[[], None]:
            def run() -> None:
                for _ in range(count):
                    submit(actor, **REPORT_FORM)

            return run

        return batch

    link.serve(opened)


def raw_worker(index: int, url: str, schema: str, plan: Plan, link: Link) -> None:
    """A process replaying the traced submit on its own connection."""

    def opened() -> Batch:
        conn = pg_connect(url, schema)
        rng = seeded(SEED + 1 + index)  # ids of its own, distinct from every other worker's

        def batch(count: int) -> Callable[[], None]:
            ids = [(uuid4_from(rng), uuid4_from(rng)) for _ in range(count)]

            def run() -> None:
                for fresh in ids:
                    replay(conn, plan, fresh)

            return run

        return batch

    link.serve(opened)


class Gang:
    """One side's worker processes, spawned once and kept for every round."""

    def __init__(
        self,
        ctx: SpawnContext,
        name: str,
        target: Callable[..., None],
        args: Callable[[int], tuple[object, ...]],
    ) -> None:
        self.name = name
        self.results = ctx.Queue()
        barriers = [ctx.Barrier(n) for n in WORKERS]
        self.links = [Link(ctx.Queue(), self.results, barriers) for _ in range(max(WORKERS))]
        self.processes = [
            ctx.Process(target=target, args=(*args(i), link), name=f"{name}-{i}", daemon=True)
            for i, link in enumerate(self.links)
        ]
        for process in self.processes:
            process.start()

    def ready(self) -> None:
        """Wait until every worker has opened its store or connection and warmed up."""
        for _ in self.processes:
            self._answer()

    def round(self, workers: int, each: int) -> float:
        """Seconds from the first worker's start to the last one's end, ``each`` reports each."""
        for link in self.links[:workers]:
            link.commands.put((each, WORKERS.index(workers)))
        spans = [self._answer() for _ in range(workers)]
        return max(end for _, end in spans) - min(start for start, _ in spans)

    def _answer(self) -> tuple[float, float]:
        try:
            kind, a, b = self.results.get(timeout=WAIT)
        except queue.Empty:
            raise SystemExit(f"no answer from the {self.name} workers in {WAIT:.0f} s") from None
        if kind == "error":
            raise SystemExit(f"a {self.name} worker failed:\n{a}")
        return a, b

    def close(self) -> None:
        """Stop the workers (ended by force if they do not stop in time)."""
        for link in self.links:
            link.commands.put(None)
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()


# --- measuring ------------------------------------------------------------------------------


def counts(conn: psycopg.Connection[Any]) -> tuple[int, ...]:
    """Rows in each table a submit writes to."""
    row = conn.execute(
        "SELECT " + ", ".join(f"(SELECT count(*) FROM {name})" for name in TABLES)
    ).fetchone()
    assert row is not None  # a SELECT of scalars returns one row
    return tuple(int(n) for n in row)


class Race:
    """Alternating library and raw rounds; best time and rows written per report, by side."""

    def __init__(self, gangs: dict[str, Gang], conn: psycopg.Connection[Any], total: int) -> None:
        self.gangs, self.conn, self.total = gangs, conn, total
        self.rows: dict[str, set[tuple[float, ...]]] = {side: set() for side in gangs}

    def best(self, workers: int, rounds: int) -> dict[str, float]:
        """Best seconds per round of ``total`` reports over ``workers`` processes, by side."""
        best = dict.fromkeys(self.gangs, float("inf"))
        names = list(self.gangs)
        for i in range(rounds):
            for side in names if i % 2 == 0 else reversed(names):
                before = counts(self.conn)
                seconds = self.gangs[side].round(workers, self.total // workers)
                after = counts(self.conn)
                self.rows[side].add(
                    tuple((a - b) / self.total for a, b in zip(after, before, strict=True))
                )
                best[side] = min(best[side], seconds)
        return best

    def rows_checked(self) -> str:
        """The rows per report by table; exits if the sides (or rounds) differ."""
        if len(self.rows["library"]) != 1 or self.rows["library"] != self.rows["raw"]:
            raise SystemExit(f"rows written per report differ: {self.rows}")
        (per_report,) = self.rows["library"]
        return ", ".join(f"{name} {n:g}" for name, n in zip(TABLES, per_report, strict=True))


PARTS: Final[dict[str, Callable[[str, str], bool]]] = {
    "psycopg calls, all (incl. waits on the server)": lambda f, n: (
        "/psycopg/" in f
        and n in {"execute", "executemany", "fetchone", "fetchall", "__enter__", "__exit__"}
    ),
    "  BEGIN (conn.transaction() enter)": lambda f, n: (
        n == "__enter__" and f.endswith("psycopg/transaction.py")
    ),
    "  COMMIT (conn.transaction() exit)": lambda f, n: (
        n == "__exit__" and f.endswith("psycopg/transaction.py")
    ),
    "pool.connection(): getconn + putconn": lambda f, n: (
        n in {"getconn", "putconn"} and f.endswith("psycopg_pool/pool.py")
    ),
    "form checks (check_report_draft)": lambda _, n: n == "check_report_draft",
    "accounts.get (SELECT, fetchone, decode)": lambda f, n: (
        n == "get" and f.endswith("adapter_kit/sql/accounts.py")
    ),
    "  of which: decode (codec.loads)": lambda f, n: (
        n == "loads" and f.endswith("adapter_kit/codec.py")
    ),
    "reports.add (INSERT, pipeline of 3)": lambda f, n: (
        n == "add"
        and f.endswith(("adapter_kit/sql/reports.py", "feedback_postgres/repositories.py"))
    ),
    "  of which: encodes (codec.dumps)": lambda f, n: (
        n == "dumps" and f.endswith("adapter_kit/codec.py")
    ),
    "  of which: the pipeline block": lambda _, n: n == "_index_and_append",
    "outbox.add (event encode, executemany)": lambda f, n: (
        n == "add" and f.endswith("feedback_postgres/outbox.py")
    ),
    "  of which: Cursor.executemany": lambda f, n: (
        n == "executemany" and f.endswith("psycopg/cursor.py")
    ),
    "  of which: event_to_dict + json.dumps": lambda f, n: (
        (n == "event_to_dict" and f.endswith("serialization.py"))
        or (n == "dumps" and f.endswith("json/__init__.py"))
    ),
    "micros() of times": lambda f, n: n == "micros" and f.endswith("codec.py"),
    "report_flow.submit (the domain step)": lambda f, n: (
        n == "submit" and f.endswith("report_flow.py")
    ),
    "uuid4": lambda _, n: n == "uuid4",
}


def profile_library(system: FeedbackSystem, citizen: uuid.UUID, submits: int) -> None:
    """Where a single-process library submit spends its time (cProfile shares)."""
    stats = profile(
        lambda: [system.submit_report(citizen, **REPORT_FORM) for _ in range(submits)], 0
    )
    whole = lambda f, n: n == "submit_report" and f.endswith("system.py")  # noqa: E731
    print(f"# {submits} library submits under cProfile, one process (pool_max=1)")
    print(shares(stats, whole, PARTS, submits, "report"))
    print()


def what_ifs(conn: psycopg.Connection[Any], plan: Plan, rounds: int) -> None:
    """Raw replays in this process: as traced, and with the driver calls changed."""
    rng = seeded(SEED - 1)  # ids unlike the workers'

    def replaying(variant: Plan) -> Callable[[], None]:
        return lambda: replay(conn, variant, (uuid4_from(rng), uuid4_from(rng)))

    cases = {
        "as traced: a pipeline of 3 writes, executemany of 1 event": replaying(plan),
        "the event by conn.execute, not executemany": replaying(what_if(plan, pipelines=True)),
        "that, and no pipeline block (6 plain conn.execute)": replaying(
            what_if(plan, pipelines=False)
        ),
    }
    best = race(cases, rounds, sample=0.1)
    traced = best[next(iter(cases))]
    print(f"what-if: raw replays in one process, the driver calls changed (best of {rounds})")
    rows = [[name, seconds * 1e6, seconds / traced] for name, seconds in best.items()]
    print(table(["raw replay", "us/report", "x as traced"], rows))
    print()


def traced_plan(system: FeedbackSystem, citizen: uuid.UUID, conn: psycopg.Connection[Any]) -> Plan:
    """Trace one library submit, print it, check that a replay runs the same calls."""
    with PgTracer() as calls:
        report = system.submit_report(citizen, **REPORT_FORM)
    row = conn.execute("SELECT id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    assert row is not None  # the submit wrote its event
    plan = plan_of(calls, report.id, row[0])
    print("# calls per submit (traced from the library, replayed by the raw side):")
    for call in calls:
        print(f"#   {call.describe()}")
    slots = [slot for _, steps in plan for step in steps for slot in step.slots]
    if {which for _, which, _ in slots} != {0, 1}:
        raise SystemExit("the traced parameters do not hold both the report and the event id")
    print(
        f"# fresh ids go into {len(slots)} parameters ({sum(w == 0 for _, w, _ in slots)}"
        f" report id, {sum(w == 1 for _, w, _ in slots)} event id); JSON texts unchanged"
    )
    rng = seeded()
    with PgTracer() as again:
        replay(conn, plan, (uuid4_from(rng), uuid4_from(rng)))
    if [c.shape() for c in again] != [c.shape() for c in calls]:
        raise SystemExit("the raw replay does not run the library's calls")
    return plan


def measure(args: Any, schema: str, total: int) -> list[list[object]]:  # noqa: ANN401
    """Seed, trace, race both worker counts, profile; the table rows."""
    url = store_url(args.url, schema, pool_max=1)
    seeded_store = PostgresStorage.from_url(url)
    system = library_system(url)
    conn = pg_connect(args.url, schema)
    ctx = multiprocessing.get_context("spawn")
    gangs: dict[str, Gang] = {}
    try:
        citizen = World.build(seeded_store, RecordingSmsSender()).citizen.id
        plan = traced_plan(system, citizen, conn)
        gangs["library"] = Gang(ctx, "library", library_worker, lambda i: (i, url, str(citizen)))
        gangs["raw"] = Gang(ctx, "raw", raw_worker, lambda i: (i, args.url, schema, plan))
        for gang in gangs.values():
            gang.ready()
        alternation = Race(gangs, conn, total)
        rows: list[list[object]] = []
        for workers in WORKERS:
            best = alternation.best(workers, args.rounds)
            lib_rate, raw_rate = total / best["library"], total / best["raw"]
            ratio = lib_rate / raw_rate
            rows.append(
                [
                    workers,
                    lib_rate,
                    raw_rate,
                    ratio,
                    f">= {TARGET}",
                    "yes" if ratio >= TARGET else "NO",
                    1e6 / lib_rate,
                    1e6 / raw_rate,
                ]
            )
        print(f"# rows per report, both sides, every round: {alternation.rows_checked()}")
        print()
        profile_library(system, citizen, 100 if args.quick else 500)
        what_ifs(conn, plan, args.rounds)
        return rows
    finally:
        for gang in gangs.values():
            gang.close()
        conn.close()
        system.storage.close()
        seeded_store.close()


def main() -> None:
    """Print the calls, the profile and the table."""
    args = parse_args(__doc__.splitlines()[0], rounds=15, extra=add_postgres_url)
    each = 20 if args.quick else 100
    total = max(WORKERS) * each
    title = f"{total} reports per timed round (1 process, or {max(WORKERS)} x {each})"
    header(f"pg_submit_report: {title}, one transaction each", args)
    print(f"# {postgres_environment(args.url)}")
    with scratch_schema(args.url) as schema:
        print(f"# scratch schema {schema} (dropped at the end)")
        rows = measure(args, schema, total)
    print(
        table(
            [
                "workers",
                "library rep/s",
                "raw rep/s",
                "library/raw",
                "target",
                "met",
                "library us/rep",
                "raw us/rep",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
