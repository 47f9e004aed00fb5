"""HTTP API: requests/s and p99 under wrk, the library's app vs raw Starlette + sqlite3.

Both servers run under uvicorn with 2 workers (``http_app.py``: asyncio loop, h11, no
access log) on one SQLite file seeded here: a province (World: units, officials, a
citizen), N public reports an operator accepted, submitted over the last 80 days (a third
assigned to units, some to two, a sixth answered and so closed; one in ten with a small
JPEG attached through the library, one in fifty with a second; plus private reports and
public ones older than the 90-day window, which no answer may carry), alerts (some in
force, some drafts, cancelled or not yet started), an Open311 API key, a citizen's session.
The photos are in the folder `FeedbackSystem.from_urls` keeps beside the file by default
(``http-media/``, a folder per report, ``<media id>`` and ``<media id>.json``).

Library side: `feedback_http.create_app` over a `FeedbackSystem` on the file and that
media folder. Raw side: plain Starlette handlers calling sqlite3 on the same file
(``http_app.raw``), running the statements the library runs for the same request (traced
here with `set_trace_callback`, both sides, and printed) and answering the same JSON, built
from the same rows; an Open311 listing's ``media_url`` from each listed report's media
folder, read with `os` and `json` (the library also re-reads, in one more transaction,
the reports that have media, to check they are still public; the raw side trusts the
listing it has just read).

Endpoints: ``GET /open311/v2/requests.json`` (no filter: the last 90 days, N requests),
``GET /open311/v2/services.json``, ``GET /alerts/active``, ``POST /sessions`` (login; the
default `Argon2Hasher` on an account hashed with it, then labelled, the test suite's
cheap hasher on a library server started with it) and ``POST /open311/v2/requests.json``
(an api_key and the citizen's bearer token; each request stores a report). Each one:
``wrk -t2 -c16 -d10s --latency`` (``--quick``: -d2s), library and raw in alternation, the
order flipped every round, best requests/s of ``--rounds`` (and the p99 of that run).
Before timing, one answer of each side is fetched and compared parsed (ids, tokens and
times of a POST masked; the raw POST's report row is read back with the library's codec),
both under one Host header so the absolute ``media_url`` links match, and the listing
must carry one link per report seeded with media.
A read endpoint below the target is profiled in-process (cProfile, the whole ASGI app run
in one thread, thread-pool hand-offs inlined).

Usage: python benchmarks/http_api.py [--quick] [--rounds N] [--dir PATH] [--duration S]
Needs wrk on the PATH (Debian: apt-get install -y wrk).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0] or ".").resolve() == _HERE:  # keep stdlib's http first
    sys.path.append(sys.path.pop(0))

import asyncio  # noqa: E402 - after the path fix above
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import TYPE_CHECKING, Any, Final  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import http_app  # noqa: E402
import pendulum  # noqa: E402
from _common import (  # noqa: E402
    REPORT_FORM,
    header,
    library_connection,
    parse_args,
    profile,
    scratch_dir,
    shape,
    shares,
    table,
    traced,
)

from feedback_core import FeedbackSystem  # noqa: E402
from feedback_core.accounts.passwords import Argon2Hasher  # noqa: E402
from feedback_core.adapter_kit.codec import forget_decoded, loads  # noqa: E402
from feedback_core.paging import MAX_PAGE  # noqa: E402
from feedback_core.reports.model import Report  # noqa: E402
from feedback_core.testing.world import PASSWORD, World, register_citizen  # noqa: E402
from feedback_media.cleaning import PillowCleaner  # noqa: E402
from feedback_memory import RecordingSmsSender  # noqa: E402
from feedback_sqlite import SqliteStorage  # noqa: E402

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator

TARGET: Final = 0.5  # library requests/s over raw requests/s, on reads
WAIT: Final = 60.0  # seconds for a server to answer after its start
REQUESTS: Final = "/open311/v2/requests.json"
SERVICES: Final = "/open311/v2/services.json"
ALERTS: Final = "/alerts/active"
SESSIONS: Final = "/sessions"
IN_FORCE: Final = 12  # approved alerts in force now
HOST: Final = "feedback.example"  # the Host both sides are asked under when compared
POST_FORM: Final = {
    "service_code": "giao_thong",
    "description": "Đèn đường hỏng\nĐèn đường trước số 12 không sáng đã ba ngày.",
    "lat": "11.31",
    "long": "106.1",
    "address_string": "12 đường 30/4, Tây Ninh",
}
ALERT_FORM: Final = {
    "headline": "Cảnh báo mưa lớn, ngập úng cục bộ",
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng tại các tuyến đường trũng thấp.",
    "instruction": "Hạn chế di chuyển qua khu vực ngập; theo dõi thông báo của phường.",
    "area": "Phường 1 và Phường 3, TP Tây Ninh",
    "category": "Met",
    "severity": "Severe",
    "urgency": "Expected",
    "certainty": "Likely",
    "polygon": [(11.30, 106.10), (11.32, 106.10), (11.32, 106.14), (11.3, 106.1)],
}


# --- seeding ---------------------------------------------------------------------------


@dataclass
class Seed:
    """What the load needs: the file, a key, a session, the two login accounts."""

    path: Path
    api_key: str
    token: str
    login_default: str  # hashed with the default Argon2Hasher
    login_cheap: str  # hashed with the test suite's cheap hasher
    listed: int  # public reports in the 90-day window: what requests.json lists
    with_media: int  # of those, reports with a photo: the listing's non-null media_url


def photo() -> bytes:
    """A small JPEG (96x72 of colour noise, about 5 KB once cleaned), as a phone might send."""
    from PIL import Image  # noqa: PLC0415 - the [media] extra

    noise = Image.merge("RGB", [Image.effect_noise((96, 72), 30 + 10 * k) for k in range(3)])
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def seed(path: Path, reports: int) -> Seed:
    """A province on ``path`` with ``reports`` accepted public reports in the last 80 days.

    One public report in ten carries a photo (one in fifty a second, a minute later),
    attached by its reporter through the library, with the media store a deployment of
    the file keeps beside it (`http_app.media_store`) and the Pillow cleaner.
    """
    storage = SqliteStorage(path, synchronous="NORMAL")
    world = World.build(storage, RecordingSmsSender())
    clock, op = world.clock, world.operator.id
    system = world.system_with(media=http_app.media_store(str(path)), cleaner=PillowCleaner())
    jpeg, with_media = photo(), 0
    now = pendulum.now("UTC")
    step = pendulum.duration(days=80) / reports

    def accepted(at: pendulum.DateTime, *, public: bool = True) -> Report:
        clock.set(at)
        report = system.submit_report(world.citizen.id, **REPORT_FORM, public=public)
        clock.set(at.add(minutes=30))
        return system.accept_report(op, report.id)

    for i in range(reports):
        report = accepted(now.subtract(days=80) + step * i)
        if i % 10 == 5:  # noqa: PLR2004 - one in ten
            for _ in range(2 if i % 50 == 5 else 1):  # noqa: PLR2004 - one in fifty: two
                clock.set(clock.now().add(minutes=1))
                system.attach_media(world.citizen.id, report.id, [jpeg], filename="den.jpg")
            with_media += 1
        if i % 3 == 0:
            units = world.unit_ids if i % 9 == 0 else [world.unit_ids[i % 2]]
            system.assign_report(op, report.id, units)
            if i % 6 == 0:
                staff = world.staff[i % 2].id
                system.start_report(staff, report.id)
                system.resolve_report(staff, report.id, "Đã thay bóng đèn, đèn sáng lại.")
    for i in range(30):  # neither may appear: private, or before the default window
        accepted(now.subtract(days=40, hours=i), public=False)
        accepted(now.subtract(days=100 + i))
    seed_alerts(world, now)
    clock.set(now)
    key = system.create_api_key(world.admin.id, "benchmark kiosk").key
    token = system.open_session(world.citizen.login_id, PASSWORD, "benchmark").token
    default = FeedbackSystem(
        storage, world.sms, system.settings, clock=clock, hasher=Argon2Hasher()
    )
    login_default = register_citizen(default, world.sms, "0912345679").login_id
    system.close()  # closes the storage and the media store
    return Seed(path, key, token, login_default, world.citizen.login_id, reports, with_media)


def seed_alerts(world: World, now: pendulum.DateTime) -> None:
    """IN_FORCE approved alerts in force now; drafts, cancelled and scheduled ones beside."""
    system, clock = world.system, world.clock
    clock.set(now.subtract(days=2))
    for k in range(IN_FORCE + 6):
        staff, approver = world.staff[k % 2].id, world.approvers[k % 2].id
        start = now.add(days=2) if k >= IN_FORCE + 4 else now.subtract(days=1).add(minutes=k)
        alert = system.create_alert(staff, **ALERT_FORM, start=start, end=now.add(days=20))  # type: ignore[arg-type]
        if k >= IN_FORCE + 2 and k < IN_FORCE + 4:
            continue
        system.submit_alert(staff, alert.id)
        system.approve_alert(approver, alert.id)
        if k in {IN_FORCE, IN_FORCE + 1}:
            system.cancel_alert(approver, alert.id)


# --- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``http_app.py`` under uvicorn (2 workers) in its own process group."""

    def __init__(self, which: str, path: Path, *, cheap: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, http_app.DB_VARIABLE: str(path)}
        env[http_app.HASHER_VARIABLE] = "cheap" if cheap else "default"
        self.proc = subprocess.Popen(
            [sys.executable, str(_HERE / "http_app.py"), which, str(self.port)],
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + WAIT
        while not self._up():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"the {which} server did not start")
            time.sleep(0.2)

    def _up(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + SERVICES, timeout=2) as answer:
                return bool(answer.status == 200)  # noqa: PLR2004
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        """SIGINT to the group (uvicorn stops its workers), SIGKILL if it lingers."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@contextlib.contextmanager
def servers(seeded: Seed) -> Iterator[dict[str, Server]]:
    """The library (default hasher), the library (cheap hasher) and the raw server."""
    running: dict[str, Server] = {}
    try:
        for name, which, cheap in (
            ("library", "library", False),
            ("library-cheap", "library", True),
            ("raw", "raw", False),
        ):
            running[name] = Server(which, seeded.path, cheap=cheap)
        yield running
    finally:
        for server in running.values():
            server.stop()


# --- one endpoint, both sides ------------------------------------------------------------


@dataclass
class Load:
    """One endpoint under wrk: the request, and which library server answers it."""

    name: str
    path: str
    read: bool
    method: str = "GET"
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    library: str = "library"

    def lua(self) -> str:
        """wrk's script for a POST: method, body, headers."""
        lines = [f"wrk.method = {json.dumps(self.method)}", f"wrk.body = {json.dumps(self.body)}"]
        lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in self.headers]
        return "\n".join(lines) + "\n"

    def fetch(self, base: str) -> tuple[int, Any]:
        """One answer: its status and its JSON.

        Both sides are asked under one Host (`HOST`), so the absolute links an answer
        carries (Open311's ``media_url``) are the same whichever port served it.
        """
        request = urllib.request.Request(
            base + self.path,
            data=self.body.encode() if self.method == "POST" else None,
            headers={"Host": HOST, **dict(self.headers)},
            method=self.method,
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return int(answer.status), json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


def loads_of(seeded: Seed) -> list[Load]:
    bearer = ("Authorization", f"Bearer {seeded.token}")
    form = urlencode({"api_key": seeded.api_key, **POST_FORM})
    typed = ("Content-Type", "application/x-www-form-urlencoded")
    json_type = ("Content-Type", "application/json")

    def login(who: str) -> str:
        return json.dumps({"login_id": who, "password": PASSWORD})

    return [
        Load(f"GET requests.json ({seeded.listed:,} requests)", REQUESTS, read=True),
        Load("GET services.json", SERVICES, read=True),
        Load(f"GET /alerts/active ({IN_FORCE} in force)", ALERTS, read=True),
        Load(
            "POST /sessions, default Argon2Hasher",
            SESSIONS,
            read=False,
            method="POST",
            body=login(seeded.login_default),
            headers=(json_type,),
        ),
        Load(
            "POST /sessions, cheap test hasher",
            SESSIONS,
            read=False,
            method="POST",
            body=login(seeded.login_cheap),
            headers=(json_type,),
            library="library-cheap",
        ),
        Load(
            "POST requests.json (stores a report)",
            REQUESTS,
            read=False,
            method="POST",
            body=form,
            headers=(typed, bearer),
        ),
    ]


MASKED: Final = re.compile(
    r"^(token|id|service_request_id|created_at|last_seen_at|expires_at|submitted_at|updated_at)$"
)


def masked(value: Any) -> Any:  # noqa: ANN401 - JSON
    """A JSON answer with what differs per request (ids, tokens, times) blanked."""
    if isinstance(value, dict):
        return {k: "*" if MASKED.match(k) else masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def media_links(listing: list[dict[str, Any]], seeded: Seed) -> str:
    """A listing links one photo per seeded report with media (not all null on both sides)."""
    links = [r["media_url"] for r in listing if r["media_url"] is not None]
    shape = re.compile(rf"^http://{re.escape(HOST)}/public/reports/[0-9a-f-]{{36}}/media/")
    if len(links) != seeded.with_media or not all(shape.match(u) for u in links):
        raise SystemExit(f"requests.json: {len(links)} media_url, not {seeded.with_media}")
    return f", {len(links)} media_url"


def same_answers(load: Load, running: dict[str, Server], seeded: Seed) -> str:
    """Both sides answer alike (parsed); a line saying what was compared."""
    lib_status, lib = load.fetch(running[load.library].url)
    raw_status, raw = load.fetch(running["raw"].url)
    if lib_status != raw_status:
        raise SystemExit(f"{load.name}: library {lib_status}, raw {raw_status}: {lib} / {raw}")
    if load.read:
        if lib != raw:
            raise SystemExit(f"{load.name}: the two sides answered different bodies")
        expected = {REQUESTS: seeded.listed, ALERTS: IN_FORCE}.get(load.path, len(lib))
        if len(lib) != expected:
            raise SystemExit(f"{load.name}: {len(lib)} items, not {expected}")
        links = media_links(lib, seeded) if load.path == REQUESTS else ""
        return f"{load.name}: {lib_status}, same body ({len(lib)} items{links})"
    if masked(lib) != masked(raw):
        raise SystemExit(f"{load.name}: different bodies:\n{lib}\n{raw}")
    if load.path == REQUESTS:  # the raw side's row must read back as the library's own
        peek = sqlite3.connect(seeded.path)
        text = peek.execute(
            "SELECT data FROM reports WHERE id = ?", (raw[0]["service_request_id"],)
        ).fetchone()[0]
        mine = peek.execute(
            "SELECT data FROM reports WHERE id = ?", (lib[0]["service_request_id"],)
        ).fetchone()[0]
        peek.close()
        theirs, ours = loads(text, Report), loads(mine, Report)
        if masked(json.loads(text)) != masked(json.loads(mine)) or theirs.draft != ours.draft:
            raise SystemExit("POST requests.json: the raw side stored another report")
    return f"{load.name}: {lib_status}, same body once ids, tokens and times are masked"


# --- wrk -------------------------------------------------------------------------------

LATENCY: Final = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
RATE: Final = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
UNITS: Final = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Run:
    rps: float
    p99_ms: float


def wrk(base: str, load: Load, seconds: float, where: Path) -> Run:
    """``wrk -t2 -c16 -d<seconds>s --latency``; fails on any non-2xx answer or socket error."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds:g}s", "--latency", "--timeout", "30s"]
    if load.method != "GET":
        script = where / f"wrk-{abs(hash(load.name))}.lua"
        script.write_text(load.lua(), encoding="utf-8")
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, base + load.path], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    rate, p99 = RATE.search(out), LATENCY.search(out)
    if bad or rate is None or p99 is None:
        raise SystemExit(f"wrk on {load.name}:\n{out}")
    return Run(float(rate.group(1)), float(p99.group(1)) * UNITS[p99.group(2)])


def alternate(
    load: Load, running: dict[str, Server], args: argparse.Namespace, where: Path
) -> dict[str, Run]:
    """Best requests/s of each side over the rounds, in alternation, order flipped each round."""
    sides = {"library": running[load.library].url, "raw": running["raw"].url}
    for base in sides.values():
        wrk(base, load, 1, where)  # warm-up: connections, caches, lazily built hooks
    best: dict[str, Run] = {}
    names = list(sides)
    for i in range(args.rounds):
        for name in names if i % 2 == 0 else reversed(names):
            run = wrk(sides[name], load, args.duration, where)
            if name not in best or run.rps > best[name].rps:
                best[name] = run
    return best


# --- in-process: statements and profile -----------------------------------------------


@contextlib.contextmanager
def inline_threadpool() -> Iterator[None]:
    """Run Starlette's thread-pool hand-offs in the calling thread (for tracing, cProfile)."""
    from starlette import concurrency  # noqa: PLC0415

    original = concurrency.run_in_threadpool

    async def inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return func(*args, **kwargs)

    patched = [
        m for m in list(sys.modules.values()) if getattr(m, "run_in_threadpool", 0) is original
    ]
    for module in patched:
        module.run_in_threadpool = inline  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in patched:
            module.run_in_threadpool = original  # type: ignore[attr-defined]


def call(app: Any, load: Load) -> tuple[int, bytes]:  # noqa: ANN401 - an ASGI app
    """One request through ``app`` in this thread, as uvicorn would pass it."""
    path, _, query = load.path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": load.method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in load.headers]
        + [(b"host", b"127.0.0.1")],
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 5000),
    }
    sent: list[dict[str, Any]] = []
    body = load.body.encode()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def statements(seeded: Seed, loads_: list[Load]) -> None:
    """Print the SQL each side runs for one request of each endpoint (traced, in-process)."""
    from feedback_http import create_app  # noqa: PLC0415

    os.environ[http_app.DB_VARIABLE] = str(seeded.path)
    system = http_app.library_system(str(seeded.path))  # the default hasher: no rehash
    lib_conn = library_connection(system._ctx.storage)  # noqa: SLF001 - to trace it
    raw_conn = http_app._connect()  # noqa: SLF001
    print("# statements per request (traced in-process; count x statement, ? for values):")
    with inline_threadpool():  # the apps made inside: Starlette binds the hand-off at routing
        app, raw = create_app(system), http_app.raw()
        for load in loads_:
            if load.library != "library":
                continue
            for side, target, conn in (("library", app, lib_conn), ("raw", raw, raw_conn)):
                with traced(conn) as seen:
                    status, _ = call(target, load)
                counts: dict[str, int] = {}
                for sql in shape(seen):
                    counts[sql] = counts.get(sql, 0) + 1
                print(f"#   {load.name}, {side} ({status}): {len(seen)} statements")
                for sql, n in counts.items():
                    print(f"#     {n:>4} x {sql[:110]}")
    system.close()


def media_step(seeded: Seed, rounds: int = 20) -> str:
    """One listing's ``media_url`` work alone, in-process, best of ``rounds`` per side.

    Library: `public_first_media` for the listed ids, with the codec's decoded texts
    forgotten first (in a request the listing has just decoded more reports than the cache
    keeps, so the re-read reports decode afresh). Raw: `http_app._first_media` per id.
    """
    os.environ[http_app.DB_VARIABLE] = str(seeded.path)
    system = http_app.library_system(str(seeded.path))
    first = system.public_reports(limit=MAX_PAGE)
    ids = [r.id for r in first.items]
    while first.next is not None and len(ids) < seeded.listed:
        first = system.public_reports(after=first.next, limit=MAX_PAGE)
        ids += [r.id for r in first.items]
    ids, texts = ids[: seeded.listed], [str(i) for i in ids[: seeded.listed]]
    best = {"library": float("inf"), "raw": float("inf")}
    for _ in range(rounds):
        forget_decoded()
        start = time.perf_counter()
        linked = system.public_first_media(ids)
        best["library"] = min(best["library"], time.perf_counter() - start)
        start = time.perf_counter()
        raw = [m for t in texts if (m := http_app._first_media(t)) is not None]  # noqa: SLF001
        best["raw"] = min(best["raw"], time.perf_counter() - start)
    system.close()
    if len(linked) != len(raw) or {str(i.id) for i in linked.values()} != set(raw):
        raise SystemExit("media_url: the two sides picked different items")
    return (
        f"# media_url work alone, in-process, best of {rounds}: {len(ids):,} reports"
        f" ({len(linked)} with media): library public_first_media"
        f" {best['library'] * 1e3:.2f} ms, raw listdir + facts {best['raw'] * 1e3:.2f} ms"
    )


def _in(path: str, name: str) -> Callable[[str, str], bool]:
    return lambda file, fn: fn == name and file.endswith(path)


PARTS: Final = {
    REQUESTS: {
        "Open311.requests (the endpoint's work)": _in("open311/routes.py", "requests"),
        "  system.public_reports (SQL, decode)": _in("feedback_core/system.py", "public_reports"),
        "    of which: codec.loads": _in("adapter_kit/codec.py", "loads"),
        "    of which: resolve deadline": _in("reports/deadlines.py", "resolve_deadline"),
        "  system.units() (a transaction each)": _in("feedback_core/system.py", "units"),
        "  Open311.catalog (ServiceCatalog built)": _in("open311/routes.py", "catalog"),
        "  language_of(request)": _in("feedback_http/problems.py", "language_of"),
        "  service_request (the mapping)": _in("open311/requests.py", "service_request"),
        "    of which: w3c times": _in("open311/w3c.py", "w3c"),
        "  media_urls (links.py)": _in("open311/links.py", "media_urls"),
        "    of which: visibility (tx.reports.get)": _in("sql/reports.py", "get"),
        "    of which: MediaStore.items": _in("feedback_media/files.py", "items"),
        "json_body (json.dumps)": _in("open311/formats.py", "json_body"),
    },
    SERVICES: {
        "Open311.catalog (ServiceCatalog built)": _in("open311/routes.py", "catalog"),
        "services(catalog)": _in("open311/services.py", "services"),
        "  of which: keywords (unaccented)": _in("open311/services.py", "keywords"),
        "json_body (json.dumps)": _in("open311/formats.py", "json_body"),
    },
    ALERTS: {
        "system.active_alerts": _in("feedback_core/system.py", "active_alerts"),
        "out (converter.unstructure)": _in("feedback_http/schemas.py", "out"),
        "FastAPI serialize_response (pydantic)": _in("fastapi/routing.py", "serialize_response"),
    },
}


def profiled(seeded: Seed, load: Load, count: int) -> str:
    """cProfile of ``count`` library requests, the whole app in this thread."""
    from feedback_http import create_app  # noqa: PLC0415

    system = http_app.library_system(str(seeded.path), cheap=True)
    app = create_app(system)
    with inline_threadpool():
        for _ in range(3):
            call(app, load)  # warm-up
        start = time.perf_counter()
        for _ in range(count):
            call(app, load)
        plain = (time.perf_counter() - start) / count
        stats = profile(lambda: [call(app, load) for _ in range(count)], top=0)
    system.close()
    whole = _in("fastapi/applications.py", "__call__")
    text = shares(stats, whole, PARTS[load.path], count, unit="request")
    return f"{text}\n# one request in-process, no profiler: {plain * 1e3:.2f} ms"


# --- main ------------------------------------------------------------------------------


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--duration", type=float, default=None, help="seconds per wrk run (10; --quick 2)"
    )


def main() -> None:
    """Seed, start the servers, check the answers, load each endpoint, print the table."""
    args = parse_args(__doc__ or "", rounds=3, extra=add_options)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not on the PATH: install it with `apt-get install -y wrk`")
    args.duration = args.duration or (2.0 if args.quick else 10.0)
    header("http: the library's app vs raw Starlette + sqlite3, uvicorn 2 workers, wrk", args)
    version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    import starlette  # noqa: PLC0415
    import uvicorn  # noqa: PLC0415
    from fastapi import __version__ as fastapi_version  # noqa: PLC0415

    print(
        f"# {(version.stdout or version.stderr).splitlines()[0]}; uvicorn {uvicorn.__version__}"
        f" (asyncio, h11), FastAPI {fastapi_version}, Starlette {starlette.__version__};"
        f" wrk -t2 -c16 -d{args.duration:g}s"
    )
    count = 200 if args.quick else 1000
    with scratch_dir(args.dir) as where:
        started = time.perf_counter()
        seeded = seed(where / "http.db", count)
        print(
            f"# seeded {count:,} public accepted reports in {time.perf_counter() - started:.1f} s"
        )
        loads_ = loads_of(seeded)
        statements(seeded, loads_)
        print(media_step(seeded, 5 if args.quick else 20))
        with servers(seeded) as running:
            for load in loads_:
                print(f"# {same_answers(load, running, seeded)}")
            results, profiles = [], []
            for load in loads_:  # the reads first: the POSTs add rows the listing reads
                best = alternate(load, running, args, where)
                results.append((load, best))
                if load.read and best["library"].rps < TARGET * best["raw"].rps:
                    title = f"\ncProfile of {load.name}, library side, in-process (one thread):"
                    profiles.append(f"{title}\n{profiled(seeded, load, 20)}")
        print(report(results))
        print("\n".join(profiles))
    print(f"# {pendulum.now('UTC').to_iso8601_string()}")


def report(results: list[tuple[Load, dict[str, Run]]]) -> str:
    rows = []
    for load, best in results:
        lib, raw = best["library"], best["raw"]
        ratio = lib.rps / raw.rps if raw.rps else float("nan")
        target = f">= {TARGET}" if load.read else "(reported)"
        met = ("yes" if ratio >= TARGET else "NO") if load.read else ""
        rows.append([load.name, lib.rps, raw.rps, ratio, target, met, lib.p99_ms, raw.p99_ms])
    headers = ["endpoint", "library req/s", "raw req/s", "library/raw", "target", "met"]
    return table([*headers, "library p99 ms", "raw p99 ms"], rows)


if __name__ == "__main__":
    main()
