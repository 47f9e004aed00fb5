"""Setting a store up: ``init``, ``create-unit`` and ``create-account``."""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING, Final

from feedback_core.cli.config import (
    ADMIN_PASSWORD_ENV,
    NEW_PASSWORD_ENV,
    PASSWORD_ENV,
    open_system,
    password,
)
from feedback_core.cli.output import say, text, word
from feedback_core.errors import Conflict
from feedback_core.messages import message

if TYPE_CHECKING:
    import argparse

    from feedback_core.cli.config import Options

OFFICIAL_ROLES: Final = ("unit_staff", "unit_approver", "operator")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the commands to the parser."""
    init_cmd = commands.add_parser(
        "init", parents=[common], help="create or migrate the store and the key file"
    )
    init_cmd.add_argument(
        "--admin",
        metavar="USERNAME",
        help=f"also create the first administrator (password: {ADMIN_PASSWORD_ENV} or prompt)",
    )
    init_cmd.set_defaults(handler=init)

    unit_cmd = commands.add_parser("create-unit", parents=[common], help="add an agency unit")
    unit_cmd.add_argument("code", help='short lowercase code, e.g. "sotnmt"')
    unit_cmd.add_argument("name", help="the unit's full name")
    _acting_admin(unit_cmd)
    unit_cmd.set_defaults(handler=create_unit)

    account_cmd = commands.add_parser(
        "create-account",
        parents=[common],
        help=f"add an official's account (password: {NEW_PASSWORD_ENV} or prompt)",
    )
    account_cmd.add_argument("--role", required=True, choices=OFFICIAL_ROLES)
    account_cmd.add_argument("--unit", metavar="CODE", help="the unit (unit roles only)")
    account_cmd.add_argument(
        "--username", help='login name; an approver defaults to "<unit>_pheduyet"'
    )
    account_cmd.add_argument("--full-name", metavar="NAME")
    _acting_admin(account_cmd)
    account_cmd.set_defaults(handler=create_account)


def _acting_admin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        required=True,
        help=f"the administrator acting (password: {PASSWORD_ENV} or prompt)",
    )


def init(args: argparse.Namespace, options: Options) -> int:
    """Create or migrate the store, create the key file, bootstrap the administrator.

    Idempotent: run again with the same administrator it changes nothing and exits 0; with
    another one it says which administrator the store has and exits 1. An existing store
    never gets a new key (see `open_system`).
    """
    lang = options.lang
    secret = None
    if args.admin is not None:
        prompt = text(lang, "prompt_new", login=args.admin)
        secret = password(ADMIN_PASSWORD_ENV, prompt, again=text(lang, "prompt_again"))
    system, key = open_system(options, create_key=True)
    with closing(system):
        if key.source == "memory:":  # config.secret_key's fresh key for a store that keeps nothing
            say(lang, "key_throwaway")
        elif key.created:
            say(lang, "key_created", path=key.source)
        else:
            say(lang, "key_found", source=key.source)
        say(lang, "store_ready", url=options.storage)
        if secret is not None:
            try:
                admin = system.bootstrap_admin(args.admin, secret)
            except Conflict as error:  # another administrator: the error names it, exit 1
                if error.message != message("already_exists", entity="admin"):
                    raise
                say(lang, "already_initialised", login=args.admin)  # this one: nothing to do
                return 0
            say(lang, "admin_created", login=admin.login_id)
    return 0


def create_unit(args: argparse.Namespace, options: Options) -> int:
    """An administrator adds a unit."""
    secret = _admin_password(args, options)
    system, _ = open_system(options)
    with closing(system):
        admin = system.login(args.as_user, secret)
        unit = system.create_unit(admin.id, args.code, args.name)
    say(options.lang, "unit_created", code=unit.code, name=unit.name)
    return 0


def create_account(args: argparse.Namespace, options: Options) -> int:
    """An administrator adds an operator or a unit's account."""
    lang = options.lang
    secret = _admin_password(args, options)
    login = args.username or (f"{args.unit}_pheduyet" if args.unit else args.role)
    new_secret = password(
        NEW_PASSWORD_ENV, text(lang, "prompt_new", login=login), again=text(lang, "prompt_again")
    )
    system, _ = open_system(options)
    with closing(system):
        admin = system.login(args.as_user, secret)
        account = system.create_official(
            admin.id,
            role=args.role,
            unit_code=args.unit,
            username=args.username,
            full_name=args.full_name,
            password=new_secret,
        )
    unit = f", {args.unit}" if args.unit else ""
    role = word(lang, account.role.value)
    say(lang, "account_created", login=account.login_id, role=role, unit=unit)
    return 0


def _admin_password(args: argparse.Namespace, options: Options) -> str:
    prompt = text(options.lang, "prompt_password", login=args.as_user)
    return password(PASSWORD_ENV, prompt)
