"""The entry point: parse the command line, run one command, turn errors into one line.

Exit codes: 0 done; 1 refused or failed (wrong password, not found, storage, OS errors);
2 the command line is wrong (usage, bad values, unknown adapter scheme); 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NoReturn

from feedback_core import __version__
from feedback_core.cli import admin, demo, jobs, queries
from feedback_core.cli.config import FAILURE, USAGE, CliError, Options
from feedback_core.cli.output import LANGUAGES, text, warn
from feedback_core.errors import AdapterError, FeedbackError, ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    Handler = Callable[[argparse.Namespace, Options], int]

INTERRUPTED = 130
PROG = "feedback-core"


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors reach `main` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise the usage error; `main` prints it as one line."""
        raise CliError("usage", code=USAGE, prog=self.prog, error=message)


def add_globals(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """The options every command takes, before or after its name."""
    unset = None if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--storage",
        metavar="URL",
        default=unset,
        help="store URL (env FEEDBACK_STORAGE; default sqlite:///feedback.db)",
    )
    parser.add_argument(
        "--sms", metavar="URL", default=unset, help="SMS sender URL (env FEEDBACK_SMS; console:)"
    )
    parser.add_argument(
        "--transport",
        metavar="URL",
        action="append",
        default=unset,
        help="event transport URL, repeatable (env FEEDBACK_TRANSPORTS, comma-separated)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=unset, help="vi (default) or en")
    parser.add_argument(
        "--key-file",
        metavar="PATH",
        default=unset,
        help="secret key file (default: env FEEDBACK_SECRET_KEY, else feedback.key "
        "next to the SQLite file)",
    )


def build_parser() -> Parser:
    """The whole command line."""
    parser = Parser(prog=PROG, description="Citizen-feedback engine (1022 portals).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_globals(parser, defaults=True)
    common = Parser(add_help=False)
    add_globals(common, defaults=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (demo, admin, queries, jobs):
        module.register(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; every expected failure is one line on stderr and an exit code."""
    args_list = sys.argv[1:] if argv is None else argv
    lang = _lang_hint(args_list)
    try:
        args = build_parser().parse_args(args_list)
        options = Options.from_args(args)
        lang = options.lang
        handler: Handler = args.handler
        return handler(args, options)
    except SystemExit as stop:  # --help, --version
        return stop.code if isinstance(stop.code, int) else FAILURE
    except (FeedbackError, CliError, OSError, KeyboardInterrupt, EOFError) as error:
        line, code = describe(error, lang)
        warn(line)
        return code


def describe(error: BaseException, lang: str) -> tuple[str, int]:
    """One line in ``lang`` and the exit code for an expected failure."""
    if isinstance(error, CliError):
        return error.render(lang), error.code
    if isinstance(error, FeedbackError):
        bad_input = isinstance(error, ValidationError | AdapterError)
        return error.render(lang), USAGE if bad_input else FAILURE
    if isinstance(error, OSError):
        return text(lang, "os_error", error=error), FAILURE
    return text(lang, "interrupted"), INTERRUPTED


def _lang_hint(argv: Sequence[str]) -> str:
    """The language asked for, so even a usage error speaks it."""
    for index, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[index + 1 : index + 2] == ["en"]):
            return "en"
    return "vi"


def run() -> NoReturn:
    """The console script."""
    sys.exit(main())
