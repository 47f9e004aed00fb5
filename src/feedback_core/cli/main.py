"""The entry point: parse the command line, run one command, turn errors into one line.

Exit codes: 0 done; 1 refused or failed (wrong password, not found, storage, OS errors);
2 the command line is wrong (usage, bad values, unknown adapter scheme); 130 interrupted;
141 standard output was closed before everything was printed (``feedback-core demo | head
-1``): the command stops without a word, with the status a shell reports for a tool that
SIGPIPE killed (128 + 13), so ``set -o pipefail`` scripts see it as they see ``yes | head``.

Everything printed follows ``--lang`` (env FEEDBACK_LANG; Vietnamese by default), argparse's
own words and the help included, and printing never fails on the terminal's encoding. An
error about a value names the option it came from, never the core's field.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Final, NoReturn

from feedback_core import __version__
from feedback_core.cli import admin, demo, jobs, queries, serve, translations
from feedback_core.cli.config import (
    ADMIN_PASSWORD_ENV,
    FAILURE,
    NEW_PASSWORD_ENV,
    USAGE,
    CliError,
    Options,
)
from feedback_core.cli.output import LANGUAGES, text, warn
from feedback_core.errors import AdapterError, FeedbackError, ValidationError
from feedback_core.messages import choice_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from _typeshed import SupportsWrite

    from feedback_core.messages import Message

    Handler = Callable[[argparse.Namespace, Options], int]

INTERRUPTED: Final = 130
OUTPUT_CLOSED: Final = 141  # 128 + SIGPIPE
PROG: Final = "feedback-core"
LANG_ENV: Final = "FEEDBACK_LANG"

# The option (or argument, as the usage line names it) each field of a core error comes from.
OPTION_OF_FIELD: Final[dict[str, str]] = {
    "storage": "--storage",
    "sms": "--sms",
    "transports": "--transport",
    "login_id": "--as",
    "actor": "--as",
    "unit_code": "--unit",
    "role": "--role",
    "username": "--username",
    "full_name": "--full-name",
    "code": "code",  # create-unit CODE NAME
    "name": "name",
    "status": "--status",
    "limit": "--limit",
    "after": "--after",
    "at": "--at",
    "now": "--now",
    "secret_key": "--key-file",  # or FEEDBACK_SECRET_KEY: the key the store was set up with
}
# Commands that take a field from somewhere else than the table says.
COMMAND_OPTIONS: Final[dict[str, dict[str, str]]] = {
    "init": {"username": "--admin", "password": ADMIN_PASSWORD_ENV},
    "create-account": {"password": NEW_PASSWORD_ENV},
}
INVALID_CHOICE: Final = "invalid choice: %(value)r (choose from %(choices)s)"  # argparse's msgid


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors reach `main` instead of exiting, in its language."""

    lang = "en"  # build_parser sets it on every parser it makes

    def error(self, message: str) -> NoReturn:
        """Raise the usage error; `main` prints it as one line."""
        raise CliError("usage", code=USAGE, prog=self.prog, error=message)

    def _check_value(self, action: argparse.Action, value: Any) -> None:  # noqa: ANN401 - argparse's signature
        """In Vietnamese, a value not among the choices is answered with what each one means."""
        choices = action.choices
        if self.lang != "vi" or choices is None or value in choices:
            super()._check_value(action, value)
            return
        shown = ", ".join(choice_text(str(choice), self.lang) for choice in choices)
        said = translations.ARGPARSE[INVALID_CHOICE] % {"value": value, "choices": shown}
        raise argparse.ArgumentError(action, said)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """Print help or usage; a closed stdout is not ignored as argparse does: see `main`."""
        if message:
            (file or sys.stderr).write(message)


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
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=unset,
        help="language: vi (default) or en (env FEEDBACK_LANG)",
    )
    parser.add_argument(
        "--key-file",
        metavar="PATH",
        default=unset,
        help="secret key file (default: env FEEDBACK_SECRET_KEY, else feedback.key "
        "next to the SQLite file)",
    )


def build_parser(lang: str = "en") -> Parser:
    """The whole command line, its help and argparse's own words in ``lang``."""
    with translations.argparse_speaking(lang):
        parser = Parser(prog=PROG, description="Citizen-feedback engine (1022 portals).")
        parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
        add_globals(parser, defaults=True)
        common = Parser(add_help=False)
        add_globals(common, defaults=False)
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        for module in (demo, admin, queries, jobs, serve):
            module.register(commands, common)
    for each in translations.parsers(parser):
        if isinstance(each, Parser):
            each.lang = lang
    if lang == "vi":
        translations.translate_help(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; every expected failure is one line on stderr and an exit code."""
    _tolerate_encoding()
    try:
        code = _run(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()  # a block-buffered stdout meets a closed pipe only here
    except BrokenPipeError:
        return _output_closed()
    return code


def _run(argv: Sequence[str]) -> int:
    lang, command = "vi", None
    try:
        lang = _language(argv)
        with translations.argparse_speaking(lang):
            args = build_parser(lang).parse_args(_as_text(argv))
        command = args.command
        args.lang = args.lang or lang
        options = Options.from_args(args)
        lang = options.lang
        handler: Handler = args.handler
        return handler(args, options)
    except SystemExit as stop:  # --help, --version
        return stop.code if isinstance(stop.code, int) else FAILURE
    except BrokenPipeError:
        raise  # standard output has no reader: `main` stops quietly
    except (FeedbackError, CliError, OSError, KeyboardInterrupt, EOFError) as error:
        line, code = describe(error, lang, command)
        warn(line)
        return code


def describe(error: BaseException, lang: str, command: str | None = None) -> tuple[str, int]:
    """One line in ``lang`` and the exit code for an expected failure of ``command``."""
    if isinstance(error, CliError):
        return error.render(lang), error.code
    if isinstance(error, FeedbackError):
        bad_input = isinstance(error, ValidationError | AdapterError)
        return _render(error, lang, command), USAGE if bad_input else FAILURE
    if isinstance(error, OSError):
        return text(lang, "os_error", error=translations.os_reason(error, lang)), FAILURE
    return text(lang, "interrupted"), INTERRUPTED


def _render(error: FeedbackError, lang: str, command: str | None) -> str:
    """The error in ``lang``, each field named as the command line spells it."""
    found: list[tuple[str | None, tuple[Message, ...]]] = [(error.field, (error.message,))]
    if isinstance(error, ValidationError):
        found = [*error.errors.items()]
    parts = []
    for field, messages in found:
        said = " ".join(message.render(lang) for message in messages)
        parts.append(f"{_option(field, lang, command)}: {said}" if field else said)
    return "; ".join(parts)


def _option(field: str, lang: str, command: str | None) -> str:
    """The option (or argument) ``field`` came from, as the help in ``lang`` shows it."""
    option = COMMAND_OPTIONS.get(command or "", {}).get(field) or OPTION_OF_FIELD.get(field, field)
    return translations.PLACEHOLDERS.get(option, option) if lang == "vi" else option


def _language(argv: Sequence[str]) -> str:
    """The language asked for, known before the parser is built so that argparse speaks it.

    The last ``--lang X`` (or ``--lang=X``, or an abbreviation argparse takes, such as ``--la``)
    before ``--`` wins, else FEEDBACK_LANG, else Vietnamese. A value argparse will refuse is
    passed over here, so that its error comes in the language otherwise in force.
    """
    chosen = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if len(name) >= len("--la") and "--lang".startswith(name):
            value = value if equals else "".join(argv[index + 1 : index + 2])
            chosen = value if value in LANGUAGES else chosen
    if chosen is not None:
        return chosen
    env = os.environ.get(LANG_ENV, "")
    if env and env not in LANGUAGES:
        raise CliError("bad_lang_env", code=USAGE, env=LANG_ENV, value=env)
    return env or "vi"


def _as_text(argv: Sequence[str]) -> list[str]:
    """The arguments as text; one that is not valid UTF-8 is refused, and shown escaped.

    Python decodes the command line with surrogateescape: bytes its locale cannot read
    arrive as lone surrogates, which the core would call "control characters". Outside a
    UTF-8 locale such bytes may still be UTF-8, and are read as such.
    """
    return [_text_argument(arg) for arg in argv]


def _text_argument(arg: str) -> str:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return arg
    try:
        raw = os.fsencode(arg)
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw.decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no decoder made
        shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
    raise CliError("not_utf8", code=USAGE, argument=shown)


def _tolerate_encoding() -> None:
    """Whatever the terminal's encoding, printing never fails: what it cannot show is escaped."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _output_closed() -> int:
    """Standard output lost its reader (``| head``): stop quietly, as SIGPIPE would.

    What is still buffered for it goes to the null device instead, so the interpreter's last
    flush does not fail a second time.
    """
    with suppress(OSError, ValueError):
        stdout = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stdout)
        os.close(null)
    return OUTPUT_CLOSED


def run() -> NoReturn:
    """The console script."""
    sys.exit(main())
