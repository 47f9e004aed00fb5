"""Errors as HTTP: each FeedbackError becomes one status and an RFC 9457 problem document.

The body is ``application/problem+json``: ``type`` (a URN naming the error's kind),
``title`` and ``detail`` in the reader's language (``Accept-Language``: Vietnamese unless
English is preferred), ``status``, the ``code`` of the message (stable, for programs), the
``field`` it is about, and for a ValidationError ``errors``: each bad field with its
messages. Waiting errors (a code sent too recently, a busy store) say how long to wait
in ``Retry-After``; a bearer token that names no session asks for one in
``WWW-Authenticate``.

A request FastAPI itself refuses (a body of the wrong shape, a path id that is no UUID)
answers in the same shape as the core's ValidationError: 422 and ``errors`` per field, with
the core's messages ("required", "unknown_field", "invalid_id", "wrong_type" naming the
kind of value expected). An unknown path or method answers a problem document too.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from feedback_core.errors import (
    AccountLocked,
    ActivationError,
    AdapterError,
    Conflict,
    DeliveryFailed,
    FeedbackError,
    InvalidCredentials,
    InvalidTransition,
    KeyMismatch,
    NotConfigured,
    NotFound,
    PermissionDenied,
    SendRefused,
    SessionEnded,
    StorageFault,
    StorageUnavailable,
    ValidationError,
)
from feedback_core.messages import Message, message

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from fastapi import FastAPI
    from starlette.requests import Request

PROBLEM_JSON: Final = "application/problem+json"
STORE_RETRY_SECONDS: Final = 1  # a busy or unreachable store: try again soon

# Most specific first: the first class an error is an instance of gives its status.
STATUSES: Final[tuple[tuple[type[FeedbackError], int], ...]] = (
    (ValidationError, 422),
    (SessionEnded, 401),
    (InvalidCredentials, 401),
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidTransition, 409),
    (SendRefused, 429),
    (AccountLocked, 423),
    (ActivationError, 422),
    (StorageUnavailable, 503),
    (DeliveryFailed, 503),
    (StorageFault, 500),
    (KeyMismatch, 500),
    (NotConfigured, 501),  # this portal was set up without it: not a fault, not retryable
    (AdapterError, 500),
)


def status_of(error: FeedbackError) -> int:
    """The HTTP status an error answers with."""
    return next((status for kind, status in STATUSES if isinstance(error, kind)), 400)


def language_of(request: Request) -> str:
    """The reader's language from ``Accept-Language``: "en" when preferred, else "vi"."""
    ranked = []
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((weight, tag.strip().lower()[:2]))
    for _, tag in sorted(ranked, key=lambda pair: -pair[0]):
        if tag in {"vi", "en"}:
            return tag
    return "vi"


def problem(error: FeedbackError, lang: str) -> tuple[int, dict[str, object], dict[str, str]]:
    """Status, body and extra headers of the answer to ``error``."""
    status = status_of(error)
    body: dict[str, object] = {
        "type": f"urn:feedback-core:problem:{type(error).__name__}",
        "title": error.message.render(lang),
        "status": status,
        "detail": error.render(lang),
        "code": error.code,
    }
    if error.field is not None:
        body["field"] = error.field
    if isinstance(error, ValidationError):
        body["errors"] = {
            field: [m.render(lang) for m in messages] for field, messages in error.errors.items()
        }
    return status, body, _headers(error)


def _headers(error: FeedbackError) -> dict[str, str]:
    if isinstance(error, SendRefused):
        return {"retry-after": str(max(1, error.retry_after))}
    if isinstance(error, StorageUnavailable):
        return {"retry-after": str(STORE_RETRY_SECONDS)}
    if isinstance(error, (SessionEnded, InvalidCredentials)):
        return {"www-authenticate": 'Bearer realm="feedback-core"'}
    return {}


async def answer_error(request: Request, error: Exception) -> JSONResponse:
    """The exception handler for every FeedbackError."""
    assert isinstance(error, FeedbackError)  # noqa: S101 - registered for FeedbackError only
    status, body, headers = problem(error, language_of(request))
    return JSONResponse(body, status, headers=headers, media_type=PROBLEM_JSON)


class Problem(BaseModel):
    """An RFC 9457 problem document, as every error answers."""

    type: str
    title: str
    status: int
    detail: str
    code: str | None = None
    field: str | None = None
    errors: dict[str, list[str]] | None = None


_PROBLEM_SCHEMA: Final = Problem.model_json_schema()


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI entries of the problem answers an endpoint may give."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": _PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


# pydantic's error types, and the kind of value each one expected (a VOCABULARY word).
EXPECTED: Final[dict[str, str]] = {
    "string_type": "text",
    "string_unicode": "text",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "datetime_type": "datetime",
    "datetime_parsing": "datetime",
    "datetime_from_date_parsing": "datetime",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "json_invalid": "a mapping of fields",
    "json_type": "a mapping of fields",
}
# Fields holding a list or a pair: any error inside one names the whole value's kind.
SHAPED: Final[dict[str, str]] = {
    "units": "a list of unit ids",
    "media": "a list of references",
    "polygon": "a list of points",
    "circle": "(centre, radius in km)",
}
_QUOTED: Final = re.compile(r"'([^']*)'")


def invalid_request(errors: Sequence[Mapping[str, Any]]) -> ValidationError:
    """FastAPI's validation errors as one core ValidationError: messages per field."""
    found: dict[str, list[Message]] = {}
    for error in errors:
        field = _field(error.get("loc", ()))
        said = _message(field, error)
        if said not in found.setdefault(field, []):
            found[field].append(said)
    return ValidationError({field: tuple(said) for field, said in found.items()})


def _field(loc: Sequence[object]) -> str:
    """``("body", "english", "headline")`` is "english.headline"; list positions are cut."""
    names: list[str] = []
    for part in loc[1:]:
        if not isinstance(part, str):
            break
        names.append(part)
    return ".".join(names) or str(loc[0] if loc else "body")


def _message(field: str, error: Mapping[str, Any]) -> Message:
    kind = str(error.get("type", ""))
    shape = SHAPED.get(field.split(".", maxsplit=1)[0])
    inside = any(not isinstance(part, str) for part in error.get("loc", ())[1:])
    if shape is not None and (inside or kind != "missing"):  # a bad item: the whole is wrong
        return message("wrong_type", expected=shape)
    if kind == "missing":
        return message("required")
    if kind == "extra_forbidden":
        return message("unknown_field")
    if kind.startswith("uuid"):
        return message("invalid_id")
    if kind in {"enum", "literal_error"}:
        expected = str((error.get("ctx") or {}).get("expected", ""))
        return message("invalid_choice", choices=", ".join(_QUOTED.findall(expected)))
    return message("wrong_type", expected=EXPECTED.get(kind, "text"))


async def answer_invalid(request: Request, error: Exception) -> JSONResponse:
    """The exception handler for FastAPI's RequestValidationError."""
    assert isinstance(error, RequestValidationError)  # noqa: S101 - registered for it only
    return await answer_error(request, invalid_request(error.errors()))


async def answer_http(request: Request, error: Exception) -> JSONResponse:
    """Starlette's own refusals (no such path, method not allowed) as problem documents.

    A JSON body that is not even text (bytes that are no UTF-8) is FastAPI's 400; it
    answers as any other body that is no JSON: 422, the body is not a mapping of fields.
    """
    assert isinstance(error, HTTPException)  # noqa: S101 - registered for it only
    if isinstance(error.__cause__, UnicodeDecodeError):  # FastAPI answers it 400
        unreadable = [{"type": "json_invalid", "loc": ("body",)}]
        return await answer_error(request, invalid_request(unreadable))
    return answer_status(error.status_code, error.headers)


async def answer_crash(_: Request, error: Exception) -> JSONResponse:
    """A bug's 500 as a problem document; the server still logs the exception."""
    del error  # never shown: it may name internals
    return answer_status(500)


def answer_status(status: int, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """A problem document with the status' own phrase."""
    phrase = HTTPStatus(status).phrase
    body = {"type": "about:blank", "title": phrase, "status": status, "detail": phrase}
    return JSONResponse(body, status, headers=dict(headers or {}), media_type=PROBLEM_JSON)


def add_problem_handlers(app: FastAPI) -> None:
    """Answer every FeedbackError, invalid request, routing refusal and bug as a problem."""
    app.add_exception_handler(FeedbackError, answer_error)
    app.add_exception_handler(RequestValidationError, answer_invalid)
    app.add_exception_handler(HTTPException, answer_http)
    app.add_exception_handler(Exception, answer_crash)
