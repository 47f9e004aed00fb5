"""A separate process working on a shared SQLite file, for the crash and concurrency tests.

python sqlite_child.py submit DB CITIZEN_ID          # submit reports, print each id
python sqlite_child.py guess DB PHONE CODE COUNT     # wrong codes, print each outcome
python sqlite_child.py tick DB ISO_NOW ROUNDS        # tick, print emitted event ids
"""

import sys

import pendulum

from feedback_core import FeedbackError, FeedbackSystem, FixedClock, Settings
from feedback_core.testing.world import SECRET_KEY, START, cheap_hasher
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage


def system(db: str, now: pendulum.DateTime = START) -> FeedbackSystem:
    return FeedbackSystem(
        SqliteStorage(db),
        RecordingSmsSender(),
        Settings(secret_key=SECRET_KEY),
        clock=FixedClock(now),
        hasher=cheap_hasher(),
    )


def submit(db: str, citizen: str) -> None:
    feedback = system(db)
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


def guess(db: str, phone: str, code: str, count: str) -> None:
    feedback = system(db)
    for _ in range(int(count)):
        try:
            feedback.activate(phone, code)
            print("activated", flush=True)
        except FeedbackError as error:
            print(type(error).__name__, flush=True)


def tick(db: str, now: str, rounds: str) -> None:
    feedback = system(db, pendulum.parse(now))
    for _ in range(int(rounds)):
        for event in feedback.tick():
            print(event.id, event.alert_id, event.name, flush=True)


if __name__ == "__main__":
    {"submit": submit, "guess": guess, "tick": tick}[sys.argv[1]](*sys.argv[2:])
