"""A separate process working on a shared store, for the crash and concurrency tests.

Every command opens the store by its URL (sqlite:///..., postgresql://...), as another
backend instance would, and prints one line per outcome as soon as it is acknowledged.

python store_child.py submit URL CITIZEN_ID               # submit reports, print each id
python store_child.py guess URL PHONE CODE COUNT          # wrong codes, print each outcome
python store_child.py reset URL ISO_NOW PHONE CODE COUNT  # wrong reset codes, each outcome
python store_child.py send URL PHONE COUNT                # codes sent (no cooldown), outcomes
python store_child.py accept URL OFFICIAL REPORT VERSION  # on "go" from stdin, one outcome
python store_child.py tick URL ISO_NOW ROUNDS             # tick, print emitted event ids
python store_child.py dispatch URL TRANSPORT_URL          # dispatch, print delivered/failed
python store_child.py batches URL TRANSPORT_URL SIZE      # dispatch claiming SIZE at a time
"""

import datetime as dt
import sys

import attrs
import pendulum

from feedback_core import FeedbackError, FeedbackSystem, FixedClock, Settings
from feedback_core.outbox.model import DispatchPolicy
from feedback_core.testing.world import SECRET_KEY, START, cheap_hasher

NEW_PASSWORD = "mat-khau-moi-dai-du"


def system(
    url: str,
    now: pendulum.DateTime = START,
    settings: Settings | None = None,
    transports: tuple[str, ...] = (),
) -> FeedbackSystem:
    return FeedbackSystem.from_urls(
        settings or Settings(secret_key=SECRET_KEY),
        storage=url,
        sms="recording:",
        transports=transports,
        clock=FixedClock(now),
        hasher=cheap_hasher(),
    )


def outcome(call) -> str:
    try:
        call()
    except FeedbackError as error:
        return type(error).__name__
    return "ok"


def submit(url: str, citizen: str) -> None:
    feedback = system(url)
    n = 0
    while True:
        n += 1
        report = feedback.submit_report(
            citizen,
            title=f"Phản ánh số {n}",
            content="Nội dung " * 20,
            category="khac",
            address="Tây Ninh",
        )
        print(report.id, flush=True)  # printed only once the commit returned: acknowledged


def guess(url: str, phone: str, code: str, count: str) -> None:
    feedback = system(url)
    for _ in range(int(count)):
        print(outcome(lambda: feedback.activate(phone, code)), flush=True)


def reset(url: str, now: str, phone: str, code: str, count: str) -> None:
    feedback = system(url, pendulum.parse(now))
    for _ in range(int(count)):
        print(outcome(lambda: feedback.reset_password(phone, code, NEW_PASSWORD)), flush=True)


def send(url: str, phone: str, count: str) -> None:
    # No cooldown, so only the per-number limit stops the sends.
    settings = Settings(secret_key=SECRET_KEY)
    policy = attrs.evolve(settings.activation, cooldown=dt.timedelta(0))
    feedback = system(url, settings=attrs.evolve(settings, activation=policy))
    for _ in range(int(count)):
        print(outcome(lambda: feedback.send_activation_code(phone)), flush=True)


def accept(url: str, official: str, report: str, version: str) -> None:
    feedback = system(url)
    feedback.units()  # connected and warmed up before "go", so the calls really overlap
    print("ready", flush=True)
    sys.stdin.readline()
    print(
        outcome(lambda: feedback.accept_report(official, report, expected_version=int(version))),
        flush=True,
    )


def tick(url: str, now: str, rounds: str) -> None:
    feedback = system(url, pendulum.parse(now))
    for _ in range(int(rounds)):
        for event in feedback.tick():
            print(event.id, event.alert_id, event.name, flush=True)


def dispatch(url: str, transport: str) -> None:
    result = system(url, transports=(transport,)).dispatch()
    print(result.delivered, result.failed, flush=True)


def batches(url: str, transport: str, size: str) -> None:
    settings = Settings(secret_key=SECRET_KEY, dispatch=DispatchPolicy(batch=int(size)))
    result = system(url, settings=settings, transports=(transport,)).dispatch()
    print(result.delivered, result.failed, flush=True)


if __name__ == "__main__":
    commands = {
        "submit": submit,
        "guess": guess,
        "reset": reset,
        "send": send,
        "accept": accept,
        "tick": tick,
        "dispatch": dispatch,
        "batches": batches,
    }
    commands[sys.argv[1]](*sys.argv[2:])
