"""Activation send + verify per second through `FeedbackSystem` vs bare pyotp.

Library side, per pair: `send_activation_code(phone)` then `activate(phone, code)` with the
code just texted, each pair on a fresh pending account (registered during setup, so password
hashing is not timed; the clock then moves 2 minutes on, past the 60 s send cooldown).
Bare side, per pair: `HOTP(secret).at(counter)` then `HOTP(secret).verify(code, counter)`.

Rows: first the activation engine alone (feedback_core.accounts.codes: the send checks, the counter,
the derived secret, the HOTP code, the guess judged; no store), which is what target (c)
compares with bare pyotp; then the whole use cases through `FeedbackSystem` on SQLite with
synchronous=FULL (the default) and NORMAL, and on the in-memory store (no SQL at all) to
separate the storage's cost from the core's. Then a cProfile breakdown.

Why the target is read on the engine row: through a store, a pair is two transactions that
must be durable before the text goes out or the guess is answered (the tries and sends are
counted atomically in storage, docs/rules.md), and one fsync'd SQLite commit alone costs more
than ten bare HOTP pairs. Those rows are printed so the price of durability stays visible.

Usage: python benchmarks/activation.py [--quick] [--rounds N] [--dir PATH]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Final

import pendulum
import pyotp
from _common import (
    header,
    parse_args,
    profile,
    race,
    scratch_dir,
    seeded,
    shares,
    table,
    uuid4_from,
)

from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import ActivationPolicy, derive_secret
from feedback_core.accounts.model import AccountStatus
from feedback_core.errors import CodeWrong
from feedback_core.testing.world import PASSWORD, SECRET_KEY, World
from feedback_memory import MemoryStorage
from feedback_sqlite import SqliteStorage

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from feedback_core.ports import Storage

TARGET: Final = 0.5  # library pairs/s over bare pyotp pairs/s
_CODE: Final = re.compile(r"\b(\d{6})\b")


class LastTextSender:
    """An SMS sender that keeps only the newest text per number (O(1) to read back)."""

    def __init__(self) -> None:
        self.last: dict[str, str] = {}

    def send(self, phone: str, text: str) -> None:
        """Keep the text."""
        self.last[phone] = text

    def last_code(self, phone: str) -> str:
        """The code in the newest text to ``phone``."""
        match = _CODE.search(self.last[phone])
        if match is None:
            raise LookupError(phone)
        return match.group(1)


def pending_accounts(
    storage: Storage, count: int
) -> tuple[World, LastTextSender, Iterator[tuple[str, str]]]:
    """A world with ``count`` registered, not yet activated citizens; (local, E.164) phones."""
    sms = LastTextSender()
    world = World.build(storage, sms)
    phones = []
    for i in range(count):
        local = f"091{i:07d}"
        account = world.system.register(
            {"phone": local, "password": PASSWORD, "full_name": "Công dân thử"}
        )
        phones.append((local, str(account.login_id)))
    world.clock.advance(dt.timedelta(minutes=2))  # past the send cooldown; codes live 5 min
    return world, sms, iter(phones)


def library_pairs(
    storage: Storage, batch: int, rounds: int
) -> tuple[Callable[[], None], Callable[[], None]]:
    """(a timed batch of ``batch`` pairs, one more pair) on fresh accounts."""
    world, sms, phones = pending_accounts(storage, batch * (rounds + 2) + 200)
    system = world.system

    def pair() -> None:
        local, e164 = next(phones)
        system.send_activation_code(local)
        system.activate(local, sms.last_code(e164))

    def run() -> None:
        for _ in range(batch):
            pair()

    # A wrong code must fail, so the right one is really checked: try it once.
    local, e164 = next(phones)
    system.send_activation_code(local)
    right = sms.last_code(e164)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    try:
        system.activate(local, wrong)
    except CodeWrong:
        pass
    else:
        raise SystemExit("a wrong code activated an account")
    if system.activate(local, right).status is not AccountStatus.ACTIVE:
        raise SystemExit("the right code did not activate the account")
    return run, pair


def bare_pairs(batch: int) -> Callable[[], None]:
    """A batch of HOTP at + verify, each on its own secret derived like the library's."""
    rng = seeded()
    secrets = [derive_secret(SECRET_KEY, uuid4_from(rng)) for _ in range(batch)]

    def run() -> None:
        for counter, secret in enumerate(secrets, start=1):
            code = pyotp.HOTP(secret, digits=6).at(counter)
            if not pyotp.HOTP(secret, digits=6).verify(code, counter):
                raise SystemExit("pyotp refused its own code")

    return run


def rules_pairs(batch: int) -> Callable[[], None]:
    """A batch of sends and verifies through feedback_core.accounts.codes's rules alone, no storage.

    The same work a use case does between its reads and writes: the send checks, the
    counter, the derived secret, the code, the guess judged. What (c) costs without the
    durable transactions that make the counting atomic.
    """
    rng = seeded()
    accounts = [uuid4_from(rng) for _ in range(batch)]
    policy = ActivationPolicy()
    now = pendulum.now(pendulum.UTC)

    def run() -> None:
        for account in accounts:
            state = otp.CodeState(account)
            otp.check_send(state, [], now, policy)
            state = otp.issue(state, now)
            secret = derive_secret(SECRET_KEY, account)
            code = otp.code_at(secret, state.counter)
            if not otp.verify(state, secret, code, now, policy).succeeded:
                raise SystemExit("the rules refused their own code")

    return run


def main() -> None:
    """Print the table and the profile."""
    args = parse_args(__doc__.splitlines()[0], rounds=15)
    batch = 10 if args.quick else 25
    bare_batch = 500 if args.quick else 2000
    header(f"activation: send + verify, {batch} pairs per timed batch", args)
    bare = bare_pairs(bare_batch)
    rows = []
    pairs: dict[str, Callable[[], None]] = {}
    with scratch_dir(args.dir) as directory:
        stores: dict[str, Callable[[], Storage]] = {
            "SQLite synchronous=FULL": lambda: SqliteStorage(directory / "full.db"),
            "SQLite synchronous=NORMAL": lambda: SqliteStorage(
                directory / "normal.db", synchronous="NORMAL"
            ),
            "memory store (no SQL)": MemoryStorage,
        }
        rules_batch = bare_batch
        best = race({"rules": rules_pairs(rules_batch), "bare": bare}, args.rounds)
        rules_rate, bare_rate = rules_batch / best["rules"], bare_batch / best["bare"]
        ratio = rules_rate / bare_rate
        met = "yes" if ratio >= TARGET else "NO"
        rows.append(
            [
                "activation engine only (no store)",
                rules_rate,
                bare_rate,
                ratio,
                f">= {TARGET}",
                met,
                1e6 / rules_rate,
            ]
        )
        for label, make in stores.items():
            run, pairs[label] = library_pairs(make(), batch, args.rounds)
            best = race({"library": run, "bare": bare}, args.rounds)
            lib_rate, bare_rate = batch / best["library"], bare_batch / best["bare"]
            ratio = lib_rate / bare_rate
            met = "yes" if ratio >= TARGET else "NO"
            rows.append([label, lib_rate, bare_rate, ratio, f">= {TARGET}", met, 1e6 / lib_rate])
        print(
            table(
                [
                    "store",
                    "library pairs/s",
                    "pyotp pairs/s",
                    "library/pyotp",
                    "target",
                    "met",
                    "library us/pair",
                ],
                rows,
            )
        )
        calls = 40 if args.quick else 200
        for label in ("SQLite synchronous=FULL", "memory store (no SQL)"):
            print()
            print(f"cProfile of {calls} library pairs, {label} (top 15, cumulative):")
            breakdown(pairs[label], calls)


PARTS: Final[dict[str, Callable[[str, str], bool]]] = {
    "sqlite3 COMMIT (fsync of the WAL)": lambda f, n: f == "~" and "commit" in n,
    "sqlite3 execute/fetch (incl. BEGIN)": lambda f, n: (
        f == "~" and ("execute" in n or "fetch" in n)
    ),
    "phone normalisation (phonenumbers)": lambda _, n: n == "normalize_phone",
    "json.loads + json.dumps": lambda f, n: n in {"loads", "dumps"} and f.endswith("__init__.py"),
    "cattrs structure + unstructure": lambda f, n: (
        n in {"structure", "unstructure"} and f.endswith("cattrs/converters.py")
    ),
    "  of which: ISO text -> DateTime hook": lambda _, n: n == "_parse_instant",
    "micros -> DateTime (codec.instant)": lambda f, n: n == "instant" and f.endswith("codec.py"),
    "HOTP (pyotp at + verify) and secret": lambda f, n: (
        n in {"code_at", "derive_secret"} or (n == "verify" and f.endswith("feedback_core/otp.py"))
    ),
    "pendulum DateTime +/- timedelta": lambda f, n: (
        n in {"add", "subtract", "__add__", "__sub__"} and f.endswith("pendulum/datetime.py")
    ),
}


def breakdown(pair: Callable[[], None], calls: int) -> None:
    """Profile ``calls`` pairs; print the top 15 and the share of each part."""
    stats = profile(lambda: [pair() for _ in range(calls)])
    print()
    print(
        shares(
            stats,
            lambda f, n: n in {"send_activation_code", "activate"} and f.endswith("system.py"),
            PARTS,
            calls,
            "pair",
        )
    )


if __name__ == "__main__":
    main()
