"""Response models generated from the core's attrs records, so OpenAPI shows their own types.

`model_of(Report)` is a pydantic model with the fields of `Report`, nested records turned
into models of their own, ``pendulum.DateTime`` into ``datetime``; values leave through
`feedback_core.serialization.converter` (`out`), and the model drops anything it does not
name. Secrets never have a field: `HIDDEN` removes them wherever their record appears,
nested or not (an account's password hash, a session's token hash). So does what the core
keeps for its own work: an account's login throttling, and its previous phone number
(kept only to tell that number of the change; the citizen sees it in `GET /me/data`).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import cache
from typing import Annotated, Any, Final

import attrs
import pendulum
from fastapi import Query
from pydantic import BaseModel, ConfigDict, create_model

from feedback_core.accounts.api_keys import ApiKey
from feedback_core.accounts.model import Account
from feedback_core.accounts.sessions import Session
from feedback_core.paging import MAX_PAGE
from feedback_core.serialization import converter

if typing.TYPE_CHECKING:
    from feedback_core.paging import Page

# Fields no answer ever carries, by record.
HIDDEN: Final[dict[type, frozenset[str]]] = {
    Account: frozenset({"password_hash", "failed_logins", "login_blocked_until", "previous_phone"}),
    Session: frozenset({"token_hash"}),
    ApiKey: frozenset({"key_hash"}),
}


class Record(BaseModel):
    """The base of every generated model: unknown keys are dropped, never shown."""

    model_config = ConfigDict(extra="ignore")


def model_of(cls: type, exclude: frozenset[str] = frozenset()) -> type[BaseModel]:
    """The pydantic model of the attrs class ``cls``, without ``exclude`` and secrets."""
    return _model(cls, exclude | HIDDEN.get(cls, frozenset()))


@cache
def _model(cls: type, exclude: frozenset[str]) -> type[BaseModel]:
    attrs.resolve_types(cls)
    fields: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name in exclude:
            continue
        fields[field.name] = (_annotation(field.type), ...)  # every answer has every field
    hidden = exclude - HIDDEN.get(cls, frozenset())
    name = cls.__name__ + ("Summary" if hidden else "")
    model: type[BaseModel] = create_model(
        name, __base__=Record, __doc__=cls.__doc__, __module__=__name__, **fields
    )
    return model


def _annotation(kind: Any) -> Any:  # noqa: ANN401 - any type annotation in, its model's out
    """The pydantic annotation standing for an attrs field's resolved type."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        parts = tuple(_annotation(arg) for arg in typing.get_args(kind))
        return typing.Union[parts]  # noqa: UP007 - built from a tuple of types
    if origin is tuple:
        args = typing.get_args(kind)
        return list[_annotation(args[0])]  # type: ignore[misc]
    if isinstance(kind, type):
        return _class(kind)
    return kind


def _class(kind: type) -> Any:  # noqa: ANN401 - a type or a model
    if issubclass(kind, pendulum.DateTime | dt.datetime):
        return dt.datetime
    if issubclass(kind, dt.timedelta):
        return float  # seconds, as the converter writes it
    if attrs.has(kind):
        return model_of(kind)
    return kind  # str, int, float, bool, UUID, enums: pydantic shows them as they are


# The query parameters of a paged listing.
After = Annotated[str | None, Query(description="the `next` token of the page before")]
Limit = Annotated[int, Query(description=f"rows per page, 1 to {MAX_PAGE}")]


@cache
def page_of(item: type[BaseModel]) -> type[BaseModel]:
    """The model of a page of ``item``: its rows and the token of the next one."""
    model: type[BaseModel] = create_model(
        f"{item.__name__}Page",
        __base__=Record,
        __doc__="A page, newest first; pass `next` as `after` for the next (null at the end).",
        __module__=__name__,
        items=(list[item], ...),  # type: ignore[valid-type]
        next=(str | None, ...),
    )
    return model


def out(value: object) -> Any:  # noqa: ANN401 - JSON-ready data
    """A record (or a list of them) as JSON-ready data for its response model."""
    return converter.unstructure(value)


def page_out(page: Page[Any]) -> dict[str, object]:
    """A core page as `PageOut` data: its rows and its next token."""
    return {"items": out(list(page.items)), "next": page.next.token if page.next else None}
