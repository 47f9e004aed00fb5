"""The two ASGI apps `http.py` serves under uvicorn (2 workers): the library's, and a raw one.

``library()``: `feedback_http.create_app` over a `FeedbackSystem` on the SQLite file named
by ``FEEDBACK_BENCH_HTTP_DB``, with the default `Argon2Hasher` (argon2-cffi's parameters)
or, with ``FEEDBACK_BENCH_HTTP_HASHER=cheap``, the test suite's cheap one, and the media
store `FeedbackSystem.from_urls` would keep beside the file (`media_store`).

``raw()``: plain Starlette handlers calling sqlite3 directly on the same file, running the
statements the library runs (traced by `http.py`: the same SELECTs, BEGIN IMMEDIATE ..
COMMIT around each, the same INSERTs for a POST and a login) and answering the same JSON
bodies, built from the same rows with plain dicts, `json` and `datetime`. Sync handlers
(Starlette runs them in its thread pool, as FastAPI runs the library's sync endpoints),
one connection per thread, set up like `SqliteStorage`'s. The raw side does not check
everything the library checks (it trusts the form's fields beyond their presence and
type), and reads the units once per request. For an Open311 listing's ``media_url`` it
lists each report's media folder and reads the facts files (``<media id>.json``) with
`os` and `json`, as the file store keeps them.

Run as ``python benchmarks/http_app.py {library|raw} PORT``. This module's folder goes to
the end of ``sys.path`` first, so no script beside it can shadow a standard-library module
in the server or its workers (the benchmark was once called ``http.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0] or ".").resolve() == _HERE:  # run as a script
    sys.path.append(sys.path.pop(0))

import datetime as dt  # noqa: E402 - after the path fix above
import functools  # noqa: E402
import gettext  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import sqlite3  # noqa: E402
import threading  # noqa: E402
import unicodedata  # noqa: E402
import uuid  # noqa: E402
from typing import TYPE_CHECKING, Any, Final  # noqa: E402
from urllib.parse import quote  # noqa: E402

import argon2  # noqa: E402
import holidays  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.concurrency import run_in_threadpool  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

if TYPE_CHECKING:
    from starlette.requests import Request

DB_VARIABLE: Final = "FEEDBACK_BENCH_HTTP_DB"
HASHER_VARIABLE: Final = "FEEDBACK_BENCH_HTTP_HASHER"
JSON: Final = "application/json"
OPEN311_JSON: Final = "application/json; charset=utf-8"
VN: Final = dt.timezone(dt.timedelta(hours=7))
PAGE: Final = 500  # the core's MAX_PAGE: the library reads public reports 500 at a time
VOLUME: Final = 1000  # GeoReport v2: at most 1000 requests
WINDOW: Final = dt.timedelta(days=90)  # GeoReport v2: the last 90 days by default
DESCRIPTION_LIMIT: Final = 4000
PUBLIC: Final = frozenset({"accepted", "assigned", "in_progress", "resolved", "closed"})
CLOSED: Final = frozenset({"resolved", "closed", "refused"})
SESSION_IDLE: Final = dt.timedelta(days=30)
SESSION_LIFETIME: Final = dt.timedelta(days=90)
HIDDEN_ACCOUNT: Final = ("password_hash", "failed_logins", "login_blocked_until", "previous_phone")
# Working time (feedback_core.reports.deadlines' defaults): two periods a day, 8 hours.
PERIODS: Final = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0)))
DAY: Final = dt.timedelta(hours=8)
SATURDAY: Final = 5
RESOLVE_DAYS, RESOLVE_DAYS_MULTI = 10, 15


# --- the library's app ---------------------------------------------------------------------


def library_system(path: str, *, cheap: bool = False) -> Any:  # noqa: ANN401 - FeedbackSystem
    """The library's system on the file at ``path`` (its real clock, an SMS recorder)."""
    from feedback_core import FeedbackSystem, Settings  # noqa: PLC0415 - in the worker only
    from feedback_core.accounts.passwords import Argon2Hasher  # noqa: PLC0415
    from feedback_core.testing.world import SECRET_KEY, cheap_hasher  # noqa: PLC0415
    from feedback_media.cleaning import PillowCleaner  # noqa: PLC0415
    from feedback_memory import RecordingSmsSender  # noqa: PLC0415
    from feedback_sqlite import SqliteStorage  # noqa: PLC0415

    return FeedbackSystem(
        SqliteStorage(path, create=False),
        RecordingSmsSender(),
        Settings(secret_key=SECRET_KEY),
        hasher=cheap_hasher() if cheap else Argon2Hasher(),
        media=media_store(path),
        cleaner=PillowCleaner(),
    )


def media_store(path: str) -> Any:  # noqa: ANN401 - a FileMediaStore
    """The media store `FeedbackSystem.from_urls` keeps beside the SQLite file at ``path``.

    Made from the core's own `default_media` URL, so the folder is the one a real
    deployment of this file would use (``http.db`` keeps ``http-media/``).
    """
    from feedback_core.system import default_media  # noqa: PLC0415
    from feedback_media.files import FileMediaStore  # noqa: PLC0415

    url = default_media("sqlite:///" + quote(str(Path(path).resolve())))  # four slashes: absolute
    if url is None:
        raise SystemExit(f"no default media store beside {path}")
    return FileMediaStore.from_url(url)


def library() -> Any:  # noqa: ANN401 - a FastAPI app; fastapi is the library's extra
    """`create_app` over the benchmark's SQLite store (uvicorn ``--factory``)."""
    from feedback_http import create_app  # noqa: PLC0415

    cheap = os.environ.get(HASHER_VARIABLE) == "cheap"
    return create_app(library_system(os.environ[DB_VARIABLE], cheap=cheap))


# --- the raw app ---------------------------------------------------------------------------

_local = threading.local()


def _connect() -> sqlite3.Connection:
    """This thread's connection, set up as `SqliteStorage` sets up its own."""
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None:
        from feedback_sqlite.store import BUSY_TIMEOUT_MS as busy  # noqa: PLC0415, N811

        conn = sqlite3.connect(os.environ[DB_VARIABLE], isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {busy}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _local.conn = conn
    return conn


class Transaction:
    """BEGIN IMMEDIATE .. COMMIT (ROLLBACK on an error), as the library's transactions."""

    def __enter__(self) -> sqlite3.Connection:
        self.conn = _connect()
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: object, *_: object) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")


def _answer(document: object, status: int = 200, media_type: str = OPEN311_JSON) -> Response:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status, media_type=media_type)


def _error(status: int, description: str) -> Response:
    return _answer([{"code": status, "description": description}], status)


def _micros(t: dt.datetime) -> int:
    return int(t.timestamp()) * 1_000_000 + t.microsecond


def _iso(t: dt.datetime) -> str:
    """A UTC instant as the library's codec stores it (``+00:00``)."""
    return t.isoformat()


def _z(text: str | None) -> str | None:
    """A stored UTC time as pydantic writes it in the library's answers (``Z``)."""
    return None if text is None else text.removesuffix("+00:00") + "Z"


def _w3c(text: str) -> str:
    """A stored time on Vietnam's clock to the second, as Open311 answers carry it."""
    return dt.datetime.fromisoformat(text).astimezone(VN).replace(microsecond=0).isoformat()


# Config read once per worker, as the library reads its settings: categories, status words.
@functools.cache
def _config() -> tuple[dict[str, str], dict[str, str]]:
    from feedback_core.messages import DOMAIN, LOCALE_DIR  # noqa: PLC0415
    from feedback_core.settings import Settings  # noqa: PLC0415
    from feedback_core.testing.world import SECRET_KEY  # noqa: PLC0415
    from feedback_core.vocabulary import VOCABULARY  # noqa: PLC0415

    categories = dict(Settings(secret_key=SECRET_KEY).categories)
    vi = gettext.translation(DOMAIN, LOCALE_DIR, languages=["vi"], fallback=True)
    words = {}
    for status in (*PUBLIC, "refused"):
        word = vi.gettext(VOCABULARY[status])
        words[status] = word[:1].upper() + word[1:]
    return categories, words


@functools.cache
def _days_off(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    table = holidays.country_holidays("VN", years=year)
    make_up = getattr(table, "weekend_workdays", ())
    return frozenset(table.keys()), frozenset(d for d in make_up if d.year == year)


def _working(day: dt.date) -> bool:
    off, make_up = _days_off(day.year)
    return day not in off and (day.weekday() < SATURDAY or day in make_up)


def _deadline(accepted_at: str, days: int) -> str:
    """``days`` working days of working time after ``accepted_at``, on Vietnam's clock."""
    local = dt.datetime.fromisoformat(accepted_at).astimezone(VN)
    cursor = local.replace(tzinfo=None)
    remaining = days * DAY
    day = cursor.date()
    while True:
        if _working(day):
            for start, end in PERIODS:
                begin = max(dt.datetime.combine(day, start), cursor)
                finish = dt.datetime.combine(day, end)
                if begin < finish:
                    if remaining <= finish - begin:
                        return (begin + remaining).replace(tzinfo=VN, microsecond=0).isoformat()
                    remaining -= finish - begin
        day += dt.timedelta(days=1)


@functools.cache
def _media_root() -> str:
    """The folder of reports' media: ``<db name without suffix>-media`` beside the file."""
    stem = os.path.splitext(os.path.abspath(os.environ[DB_VARIABLE]))[0]  # noqa: PTH100, PTH122
    return stem + "-media"


def _first_media(report_id: str) -> str | None:
    """The id of the report's oldest item by its facts (added_at, then id), or None.

    A folder per report, ``<media id>`` beside ``<media id>.json``; only items with facts
    count (the file store writes the facts last).
    """
    folder = os.path.join(_media_root(), report_id)  # noqa: PTH118 - raw tools: os, not pathlib
    try:
        names = os.listdir(folder)  # noqa: PTH208
    except FileNotFoundError:
        return None
    best: tuple[dt.datetime, str] | None = None
    for name in names:
        if name.endswith(".json"):
            with open(os.path.join(folder, name), "rb") as facts:  # noqa: PTH118, PTH123
                item = json.loads(facts.read())
            key = (dt.datetime.fromisoformat(item["added_at"]), item["id"])
            best = key if best is None or key < best else best
    return None if best is None else best[1]


def _service_request(
    r: dict[str, Any],
    categories: dict[str, str],
    words: dict[str, str],
    units: dict[str, str],
    media_base: str,
) -> dict[str, object]:
    draft, where, status = r["draft"], r["draft"]["location"], r["status"]
    closed = status in CLOSED
    notes = f"{words[status]}: {r['response']}" if r["response"] else words[status]
    text = f"{draft['title']}\n\n{draft['content']}"
    if len(text) > DESCRIPTION_LIMIT:
        text = text[: DESCRIPTION_LIMIT - 1] + "…"
    agencies = "; ".join(units[u] for u in r["units"] if u in units) or None
    updated = r["resolved_at"] if closed and r["resolved_at"] else r["updated_at"]
    days = RESOLVE_DAYS_MULTI if r["max_units"] > 1 else RESOLVE_DAYS
    media = _first_media(r["id"])
    expected = _deadline(r["accepted_at"], days) if r["accepted_at"] else None
    return {
        "service_request_id": r["id"],
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": categories.get(draft["category"]),
        "service_code": draft["category"],
        "description": text,
        "agency_responsible": agencies,
        "service_notice": None,
        "requested_datetime": _w3c(r["submitted_at"]),
        "updated_datetime": _w3c(updated),
        "expected_datetime": expected,
        "address": where["address"],
        "address_id": None,
        "zipcode": None,
        "lat": where["latitude"],
        "long": where["longitude"],
        "media_url": None if media is None else f"{media_base}{r['id']}/media/{media}",
    }


FIRST_PAGE: Final = (
    "SELECT r.data FROM reports r WHERE r.public = ? ORDER BY r.submitted_at DESC, r.id DESC"
    " LIMIT ?"
)
NEXT_PAGE: Final = (
    "SELECT r.data FROM reports r WHERE r.public = ? AND (r.submitted_at, r.id) < (?, ?)"
    " ORDER BY r.submitted_at DESC, r.id DESC LIMIT ?"
)


def raw_requests(request: Request) -> Response:
    """GET requests.json without filters: the last 90 days' public reports, at most 1,000.

    ``media_url`` links each report's oldest photo or video where the library's app serves
    it, ``{scheme}://{host}/public/reports/{report id}/media/{media id}``.
    """
    categories, words = _config()
    media_base = f"{request.url.scheme}://{request.headers['host']}/public/reports/"
    now = dt.datetime.now(dt.UTC)
    start = now - WINDOW
    with Transaction() as conn:
        units = {
            u["id"]: u["name"]
            for (data,) in conn.execute("SELECT data FROM units ORDER BY code")
            for u in (json.loads(data),)
        }
    chosen: list[dict[str, object]] = []
    after: tuple[int, str] | None = None
    while len(chosen) < VOLUME:
        with Transaction() as conn:
            if after is None:
                rows = conn.execute(FIRST_PAGE, (1, PAGE)).fetchall()
            else:
                rows = conn.execute(NEXT_PAGE, (1, *after, PAGE)).fetchall()
        for (data,) in rows:
            r = json.loads(data)
            submitted = dt.datetime.fromisoformat(r["submitted_at"])
            if submitted < start or len(chosen) >= VOLUME:
                return _answer(chosen)
            if r["status"] in PUBLIC and r["draft"]["public"] and submitted <= now:
                chosen.append(_service_request(r, categories, words, units, media_base))
        if len(rows) < PAGE:
            break
        after = (_micros(submitted), r["id"])
    return _answer(chosen)


_UNACCENTED: Final = str.maketrans({"đ": "d", "Đ": "D"})


def raw_services(_: Request) -> Response:
    """GET services.json: one service per configured category."""
    categories, _words = _config()
    out = []
    for code, name in categories.items():
        plain = unicodedata.normalize("NFD", name.translate(_UNACCENTED))
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        words = [code, *(p.strip().lower() for p in plain.split(","))]
        out.append(
            {
                "service_code": code,
                "service_name": name,
                "description": None,
                "metadata": False,
                "type": "realtime",
                "keywords": ", ".join(dict.fromkeys(w for w in words if w)),
                "group": name,
            }
        )
    return _answer(out)


ALERT_TIMES: Final = ("created_at", "submitted_at", "approved_at", "cancelled_at", "superseded_at")
ACTIVE: Final = (
    "SELECT id, version, data FROM alerts WHERE approved_at IS NOT NULL AND end_at > ?"
    " AND start_at <= ?"
)


def raw_active_alerts(_: Request) -> Response:
    """GET /alerts/active: approved alerts in force now, earliest start first."""
    now = dt.datetime.now(dt.UTC)
    t = _micros(now)
    with Transaction() as conn:
        rows = conn.execute(ACTIVE, (t, t)).fetchall()
    found = []
    for _id, _version, data in rows:
        a = json.loads(data)
        c = a["content"]
        gone = [a["cancelled_at"], a["superseded_at"]]
        if (
            dt.datetime.fromisoformat(a["approved_at"]) <= now
            and all(g is None or now < dt.datetime.fromisoformat(g) for g in gone)
            and dt.datetime.fromisoformat(c["start"]) <= now < dt.datetime.fromisoformat(c["end"])
        ):
            for name in ALERT_TIMES:
                a[name] = _z(a[name])
            c["start"], c["end"] = _z(c["start"]), _z(c["end"])
            found.append(a)
    found.sort(key=lambda a: (a["content"]["start"], a["id"]))
    return _answer(found, media_type=JSON)


def _live_account(conn: sqlite3.Connection, token: str, now: dt.datetime) -> dict[str, Any] | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = conn.execute("SELECT data FROM sessions WHERE token_hash = ?", (digest,)).fetchone()
    if row is None:
        return None
    session = json.loads(row[0])
    if now >= dt.datetime.fromisoformat(session["expires_at"]):
        return None
    found = conn.execute("SELECT data FROM accounts WHERE id = ?", (session["account_id"],))
    account_row = found.fetchone()
    account = None if account_row is None else json.loads(account_row[0])
    return account if account is not None and account["status"] == "active" else None


def _post(form: dict[str, str], authorization: str) -> Response:
    categories, _ = _config()
    now = dt.datetime.now(dt.UTC)
    key_hash = hashlib.sha256(form.get("api_key", "").encode()).hexdigest()
    with Transaction() as conn:
        key = conn.execute("SELECT data FROM api_keys WHERE key_hash = ?", (key_hash,)).fetchone()
    if key is None or json.loads(key[0])["revoked_at"] is not None:
        return _error(403, "api_key")
    scheme, _, token = authorization.partition(" ")
    with Transaction() as conn:
        citizen = _live_account(conn, token.strip() if scheme.lower() == "bearer" else "", now)
    if citizen is None:
        return _error(403, "session")
    description = form.get("description", "")
    title = next((ln.strip() for ln in description.splitlines() if ln.strip()), "")
    category = form.get("service_code", "")
    if not title or category not in categories:
        return _error(400, "description, service_code")
    report_id, event_id, at = str(uuid.uuid4()), str(uuid.uuid4()), _iso(now)
    location = {
        "latitude": float(form["lat"]),
        "longitude": float(form["long"]),
        "address": form.get("address_string") or None,
    }
    report = {
        "id": report_id,
        "reporter_id": citizen["id"],
        "draft": {
            "title": title[:200],
            "content": description,
            "category": category,
            "location": location,
            "media": [],
            "public": True,
            "urgent": False,
        },
        "status": "submitted",
        "submitted_at": at,
        "version": 1,
        "units": [],
        "accepted_at": None,
        "resolved_at": None,
        "closed_at": None,
        "response": None,
        "refusal_reason": None,
        "rating": None,
        "reopened": False,
        "max_units": 0,
        "updated_at": at,
    }
    step = {"action": "submit", "from_status": None, "to_status": "submitted"}
    history = {"report_id": report_id, "at": at, "actor_id": citizen["id"], **step, "note": None}
    event = {"type": "ReportEvent", "at": at, "id": event_id, "report_id": report_id}
    event |= {"actor_id": citizen["id"], **step}
    text = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    with Transaction() as conn:
        conn.execute("SELECT data FROM accounts WHERE id = ?", (citizen["id"],)).fetchone()
        conn.execute(
            "INSERT INTO reports (id, reporter_id, status, public, submitted_at, version, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (report_id, citizen["id"], "submitted", 1, _micros(now), 1, text(report)),
        )
        conn.execute("DELETE FROM report_units WHERE report_id = ?", (report_id,))
        conn.execute(
            "INSERT INTO report_history (report_id, seq, data) VALUES (?, ?, ?)",
            (report_id, 1, text(history)),
        )
        conn.execute(
            "INSERT OR IGNORE INTO outbox (id, data) VALUES (?, ?)", (event_id, text(event))
        )
    posted = {"service_request_id": report_id, "service_notice": None, "account_id": None}
    return _answer([posted], 201)


async def raw_post_request(request: Request) -> Response:
    """POST requests.json: an application's key, a citizen's bearer token, the form."""
    posted = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    form: dict[str, str] = {**request.query_params, **posted}
    authorization = request.headers.get("authorization", "")
    return await run_in_threadpool(_post, form, authorization)


_argon2 = argon2.PasswordHasher()


def _login(body: dict[str, Any]) -> Response:
    login_id, password = body.get("login_id"), body.get("password")
    if not isinstance(login_id, str) or not isinstance(password, str):
        return _answer({"status": 422}, 422, "application/problem+json")
    with Transaction() as conn:
        row = conn.execute("SELECT data FROM accounts WHERE login_id = ?", (login_id,)).fetchone()
    account = None if row is None else json.loads(row[0])
    try:
        ok = account is not None and _argon2.verify(account["password_hash"], password)
    except argon2.exceptions.VerificationError:
        ok = False
    if not ok or account is None or account["status"] != "active":
        return _answer({"status": 401}, 401, "application/problem+json")
    now = dt.datetime.now(dt.UTC)
    token = "fcs_" + secrets.token_urlsafe(32)
    digest = hashlib.sha256(token.encode()).hexdigest()
    at = _iso(now)
    session = {
        "id": str(uuid.uuid4()),
        "account_id": account["id"],
        "token_hash": digest,
        "created_at": at,
        "last_seen_at": at,
        "expires_at": _iso(now + min(SESSION_IDLE, SESSION_LIFETIME)),
        "label": body.get("label"),
    }
    data = json.dumps(session, ensure_ascii=False, separators=(",", ":"))
    with Transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (id, token_hash, account_id, created_at, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (session["id"], digest, account["id"], _micros(now), data),
        )
    del session["token_hash"]
    for name in ("created_at", "last_seen_at", "expires_at"):
        session[name] = _z(session[name])
    shown = {k: v for k, v in account.items() if k not in HIDDEN_ACCOUNT}
    shown["created_at"] = _z(shown["created_at"])
    return _answer({"token": token, "session": session, "account": shown}, 201, JSON)


async def raw_login(request: Request) -> Response:
    """POST /sessions: check the password, store the new session's token hash."""
    body = await request.json()
    return await run_in_threadpool(_login, body if isinstance(body, dict) else {})


def raw() -> Starlette:
    """The raw app (uvicorn ``--factory``)."""
    return Starlette(
        routes=[
            Route("/open311/v2/requests.json", raw_requests, methods=["GET"]),
            Route("/open311/v2/requests.json", raw_post_request, methods=["POST"]),
            Route("/open311/v2/services.json", raw_services, methods=["GET"]),
            Route("/alerts/active", raw_active_alerts, methods=["GET"]),
            Route("/sessions", raw_login, methods=["POST"]),
        ]
    )


def main() -> None:
    """``python benchmarks/http_app.py {library|raw} PORT``: uvicorn, 2 workers, no access log."""
    import uvicorn  # noqa: PLC0415

    which, port = sys.argv[1], int(sys.argv[2])
    workers = int(os.environ.get("FEEDBACK_BENCH_HTTP_WORKERS", "2"))
    uvicorn.run(
        f"http_app:{which}",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
