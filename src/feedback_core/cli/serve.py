"""``serve``: the HTTP API (`feedback_http`, extra ``[http]``) under uvicorn on the store.

The command line is core and never imports an adapter: `feedback_http` and uvicorn are
imported by name when the command runs, and a missing extra is the one-line error that
names ``pip install 'feedback-core[http]'``.
"""

from __future__ import annotations

import importlib
from contextlib import closing
from typing import TYPE_CHECKING, Final

from feedback_core.cli.config import open_system
from feedback_core.plugin.registry import driver_of_extra

if TYPE_CHECKING:
    import argparse
    from types import ModuleType

    from feedback_core.cli.config import Options

HTTP_MODULE: Final = "feedback_http"
# The extra's top-level modules: a missing one means the extra is not installed.
HTTP_DRIVERS: Final = ("fastapi", "uvicorn", "starlette", "pydantic")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the command to the parser."""
    serve_cmd = commands.add_parser(
        "serve", parents=[common], help="serve the HTTP API with uvicorn (extra [http])"
    )
    serve_cmd.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve_cmd.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000)"
    )
    serve_cmd.set_defaults(handler=serve)


def http_modules() -> tuple[ModuleType, ModuleType]:
    """``feedback_http`` and ``uvicorn``; AdapterError naming the extra when missing."""
    with driver_of_extra("http", HTTP_DRIVERS, scheme="http", port="serve"):
        return importlib.import_module(HTTP_MODULE), importlib.import_module("uvicorn")


def serve(args: argparse.Namespace, options: Options) -> int:
    """Serve the API until interrupted (Ctrl-C or SIGTERM stop it cleanly)."""
    http, uvicorn = http_modules()
    system, _ = open_system(options)
    with closing(system):
        uvicorn.run(http.create_app(system), host=args.host, port=args.port)
    return 0
