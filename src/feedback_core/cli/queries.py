"""Looking things up: ``alerts`` in force and ``reports``, page by page."""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING

import pendulum

from feedback_core.cli.config import (
    PASSWORD_ENV,
    USAGE,
    CliError,
    open_system,
    parse_time,
    password,
)
from feedback_core.cli.output import say, text, when, word

if TYPE_CHECKING:
    import argparse
    import datetime as dt
    import uuid

    from feedback_core.alerts.model import Alert
    from feedback_core.cli.config import Options
    from feedback_core.paging import Cursor
    from feedback_core.system import FeedbackSystem

    Row = tuple[uuid.UUID, dt.datetime, str, str]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the commands to the parser."""
    alerts_cmd = commands.add_parser("alerts", parents=[common], help="alerts in force")
    alerts_cmd.add_argument(
        "--at", metavar="ISO8601", help="a time with its offset, e.g. 2025-06-05T08:00+07:00"
    )
    alerts_cmd.set_defaults(handler=alerts)

    reports_cmd = commands.add_parser(
        "reports", parents=[common], help="public reports, or those an account may list"
    )
    reports_cmd.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help=f"list as this account (password: {PASSWORD_ENV} or prompt)",
    )
    reports_cmd.add_argument("--status", help="only this status (with --as)")
    reports_cmd.add_argument("--limit", type=int, default=20, help="rows per page (default 20)")
    reports_cmd.add_argument("--after", metavar="TOKEN", help="the next-page token printed last")
    reports_cmd.set_defaults(handler=reports)


def alerts(args: argparse.Namespace, options: Options) -> int:
    """Print the alerts in force at ``--at`` (default now), in Vietnam time."""
    at = parse_time("at", args.at)
    system, _ = open_system(options)
    with closing(system):
        found = system.active_alerts(at)
        units = {unit.id: f"{unit.code} ({unit.name})" for unit in system.units()}
    lang = options.lang
    say(lang, "alerts_at", at=when(at or pendulum.now(pendulum.UTC)), count=len(found))
    for alert in found:
        say(
            lang,
            "alert_line",
            headline=_headline(alert, lang),
            unit=units.get(alert.unit_id, str(alert.unit_id)),
            start=when(alert.content.start),
            end=when(alert.content.end),
        )
    return 0


def _headline(alert: Alert, lang: str) -> str:
    english = alert.content.text_en
    return english.headline if lang == "en" and english else alert.content.text.headline


def reports(args: argparse.Namespace, options: Options) -> int:
    """Print a page of reports and the token of the next one."""
    if args.status is not None and args.as_user is None:
        raise CliError("status_needs_as", code=USAGE)
    secret = None
    if args.as_user is not None:
        prompt = text(options.lang, "prompt_password", login=args.as_user)
        secret = password(PASSWORD_ENV, prompt)
    system, _ = open_system(options)
    with closing(system):
        rows, cursor = _page(system, args, secret)
    lang = options.lang
    say(lang, "reports_count", count=len(rows))
    for report_id, at, status, title in rows:
        say(lang, "report_line", id=report_id, at=when(at), status=word(lang, status), title=title)
    if cursor is not None:
        say(lang, "next_page", token=cursor.token)
    return 0


def _page(
    system: FeedbackSystem, args: argparse.Namespace, secret: str | None
) -> tuple[list[Row], Cursor | None]:
    if secret is None:
        public = system.public_reports(after=args.after, limit=args.limit)
        return [(r.id, r.submitted_at, r.status, r.title) for r in public.items], public.next
    actor = system.login(args.as_user, secret)
    page = system.list_reports(actor.id, status=args.status, after=args.after, limit=args.limit)
    return [(r.id, r.submitted_at, r.status, r.draft.title) for r in page.items], page.next
