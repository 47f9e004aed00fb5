"""``demo``: the seed scenario on the configured store, one printed line per step."""

from __future__ import annotations

import json
import re
import tempfile
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

import pendulum

from feedback_core.cli.config import FAILURE, USAGE, open_system
from feedback_core.cli.demo_store import Build
from feedback_core.cli.demo_texts import STEPS
from feedback_core.cli.output import warn, when, word
from feedback_core.clock import BUSINESS_TZ, FixedClock
from feedback_core.system import DEFAULT_STORAGE

if TYPE_CHECKING:
    import argparse
    import uuid

    from feedback_core.accounts.model import Account
    from feedback_core.cli.config import Options
    from feedback_core.reports.model import Report
    from feedback_core.system import FeedbackSystem

UNIT: Final = ("sotnmt", "Sở Tài nguyên và Môi trường")
ADMIN: Final = ("quantri", "mat-khau-quan-tri")
LEADER_PASSWORD: Final = "lanh-dao-so"  # noqa: S105 - the demo's accounts are public
OPERATOR: Final = ("tiepnhan", "tiep-nhan-1022")
CITIZEN: Final = ("912345678", "0912345678", "cong-dan-123", "Nguyễn Văn An")
_CODE: Final = re.compile(r"\b(\d{6})\b")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the command to the parser."""
    demo_cmd = commands.add_parser(
        "demo", parents=[common], help="run the whole seed scenario on a fresh store"
    )
    demo_cmd.set_defaults(handler=demo)


def demo(args: argparse.Namespace, options: Options) -> int:  # noqa: ARG001 - takes no arguments of its own
    """Run the scenario with a simulated clock; SMS go to a temporary file read back here.

    The store appears whole or not at all: a SQLite file is built beside its place under a
    temporary name and moved there only when the story is over (see `Build`); a ``memory:``
    store keeps nothing anyway. Other stores are refused: a run cut short there (an error,
    Ctrl-C, a closed stdout, a kill) would leave half a scenario no one could take back.
    """
    lang = options.lang
    target = options.sqlite_file
    if target is None and urlsplit(options.storage).scheme not in {"memory", "sqlite"}:
        warn(STEPS[lang]["needs_file"].format(url=options.storage))
        return USAGE
    if target is not None and not _fresh(options, target):
        warn(_not_fresh(options, lang))
        return FAILURE
    clock = FixedClock(pendulum.now(BUSINESS_TZ).replace(hour=9, minute=0, second=0, microsecond=0))
    with tempfile.TemporaryDirectory(prefix="feedback-demo-") as folder:
        outbox = Path(folder) / "sms.jsonl"
        if target is None:  # memory: nothing is kept, nothing to move
            _tell(options, clock, outbox)
            return 0
        with Build(options, target) as build:
            _tell(build.options, clock, outbox)
            build.finish()
    storage = "" if options.storage == DEFAULT_STORAGE else f" --storage {options.storage}"
    hint = f"FEEDBACK_PASSWORD={OPERATOR[1]} feedback-core{storage} reports --as {OPERATOR[0]}"
    print(STEPS[lang]["done"].format(url=options.storage, command=hint))
    return 0


def _tell(options: Options, clock: FixedClock, outbox: Path) -> None:
    """The scenario on a new store at ``options.storage``, closed when it is over.

    The store is new, so ``create_key`` makes its key file if none is configured yet.
    """
    sms = outbox.as_uri()
    system, _ = open_system(options, create_key=True, clock=clock, sms=sms)
    with closing(system):
        Scenario(system, clock, outbox, options.lang).run()


def _fresh(options: Options, target: Path) -> bool:
    """No store at ``target`` yet, or one nothing happened in (what ``init`` makes)."""
    if not target.exists():
        return True
    system, _ = open_system(options)
    with closing(system):
        return not system.events(limit=1)  # every change to a store logs an event


def _not_fresh(options: Options, lang: str) -> str:
    steps = STEPS[lang]
    path = options.sqlite_file
    restart = steps["restart_file"].format(path=path) if path else steps["restart_other"]
    return steps["not_fresh"].format(url=options.storage, restart=restart)


class Scenario:
    """The seed's story, told step by step."""

    def __init__(self, system: FeedbackSystem, clock: FixedClock, outbox: Path, lang: str) -> None:
        self.system = system
        self.clock = clock
        self.outbox = outbox
        self.lang = lang

    def step(self, key: str, **params: object) -> None:
        """Print one step in the chosen language, at once: a closed stdout stops the story."""
        print(STEPS[self.lang][key].format(**params), flush=True)

    def run(self) -> None:
        """The whole story, on a fresh store."""
        system = self.system
        admin = system.bootstrap_admin(*ADMIN)
        self.step("clock", at=when(self.clock.now()))
        self.step("admin", login=admin.login_id)
        unit = system.create_unit(admin.id, *UNIT)
        leader = system.create_official(
            admin.id, role="unit_approver", unit_code=unit.code, password=LEADER_PASSWORD
        )
        operator = system.create_official(
            admin.id, role="operator", username=OPERATOR[0], password=OPERATOR[1]
        )
        self.step(
            "unit",
            code=unit.code,
            name=unit.name,
            leader=leader.login_id,
            operator=operator.login_id,
        )
        citizen, report = self.citizen_reports()
        self.alert_day(leader)
        self.answer(citizen, report, operator.id, leader.id, unit.id)

    def citizen_reports(self) -> tuple[Account, Report]:
        """Register, read the texted code back, activate, log in, send a report."""
        system, lang = self.system, self.lang
        typed, login_id, secret, name = CITIZEN
        citizen = system.register({"phone": typed, "password": secret, "full_name": name})
        self.step("registered", typed=typed, phone=citizen.login_id)
        text = self.last_sms(citizen.login_id)
        self.step("sms", phone=citizen.login_id, text=text)
        match = _CODE.search(text)
        code = match.group(1) if match else ""
        system.activate(login_id, code)
        self.step("activated", code=code)
        citizen = system.login(login_id, secret)
        self.step("logged_in", typed=login_id)
        report = system.submit_report(
            citizen.id,
            title="Rác thải ùn ứ tại chợ",
            content="Rác không được thu gom ba ngày nay.",
            category="moi_truong",
            address="Chợ Long Hoa, Hòa Thành, Tây Ninh",
        )
        view = system.read_report(citizen.id, report.id)
        self.step(
            "reported",
            title=report.draft.title,
            status=word(lang, report.status),
            deadline=when(view.accept_deadline),
        )
        return citizen, report

    def last_sms(self, phone: str) -> str:
        """The newest text the file SMS sender wrote for ``phone``."""
        lines = self.outbox.read_text(encoding="utf-8").split("\n")
        texts = [r["text"] for r in map(json.loads, filter(None, lines)) if r["phone"] == phone]
        return str(texts[-1])

    def alert_day(self, leader: Account) -> None:
        """An approved alert for tomorrow 07:00-18:00 goes active, then expires."""
        system = self.system
        tomorrow = self.clock.now().in_timezone(BUSINESS_TZ).add(days=1)
        start, end = tomorrow.replace(hour=7, minute=0), tomorrow.replace(hour=18, minute=0)
        alert = system.create_alert(
            leader.id,
            headline="Cắt nước khu vực phường 1",
            description="Tạm ngưng cấp nước để sửa chữa đường ống.",
            area="Phường 1, thành phố Tây Ninh",
            start=start,
            end=end,
        )
        self.step(
            "alert",
            leader=leader.login_id,
            headline=alert.content.text.headline,
            start=when(start),
            end=when(end),
        )
        system.submit_alert(leader.id, alert.id)
        system.approve_alert(leader.id, alert.id)
        self.step("approved", count=len(system.active_alerts()))
        for moment in (tomorrow.replace(hour=7, minute=30), end):
            self.clock.set(moment)
            names = ", ".join(e.name for e in system.tick()) or STEPS[self.lang]["no_event"]
            self.step("ticked", at=when(moment), events=names, count=len(system.active_alerts()))

    def answer(
        self,
        citizen: Account,
        report: Report,
        operator: uuid.UUID,
        leader: uuid.UUID,
        unit: uuid.UUID,
    ) -> None:
        """Accept, route, handle, answer and rate the report; print its history."""
        system, lang = self.system, self.lang
        report_id = report.id
        system.accept_report(operator, report_id)
        routed = system.assign_report(operator, report_id, [unit])
        self.step("routed", operator=OPERATOR[0], unit=UNIT[0], status=word(lang, routed.status))
        system.start_report(leader, report_id)
        response = "Đã thu gom rác và nhắc nhở ban quản lý chợ."
        resolved = system.resolve_report(leader, report_id, response)
        self.step("resolved", response=response, status=word(lang, resolved.status))
        rated = system.rate_report(citizen.id, report_id, 5)
        self.step("rated", rating=rated.rating)
        self.step("history")
        for entry in system.read_report(citizen.id, report_id).history:
            before = word(lang, entry.from_status) if entry.from_status else "—"
            self.step(
                "entry",
                at=when(entry.at),
                action=word(lang, entry.action),
                before=before,
                after=word(lang, entry.to_status),
            )
