"""Keyset pagination: a page never costs more than its own rows, however deep it is."""

from __future__ import annotations

import uuid
from typing import Generic, TypeVar

import attrs
import pendulum

from feedback_core import fields
from feedback_core.errors import ValidationError
from feedback_core.fields import instant

T = TypeVar("T")
MAX_PAGE: int = 500


@attrs.frozen
class Cursor:
    """Where the next page starts: after the row ordered at (``at``, ``id``)."""

    at: pendulum.DateTime
    id: uuid.UUID

    @property
    def token(self) -> str:
        """An opaque text form for URLs."""
        return f"{self.at.isoformat()}~{self.id}"

    @classmethod
    def parse(cls, token: object, field: str = "after") -> Cursor:
        """Read a token made by `token`."""
        if not isinstance(token, str) or token.count("~") != 1:
            raise ValidationError.single(field, "invalid_id")
        at_text, id_text = token.split("~")
        try:
            at = pendulum.parse(at_text)
            return cls(instant(field, at), uuid.UUID(id_text))
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            raise ValidationError.single(field, "invalid_id") from None


@attrs.frozen
class Page(Generic[T]):
    """Some rows, newest first, and the cursor of the next page (None at the end)."""

    items: tuple[T, ...]
    next: Cursor | None = None


def page_request(after: object, limit: object) -> tuple[Cursor | None, int]:
    """Check a listing's ``after`` (a Cursor or its token) and ``limit`` (1..MAX_PAGE)."""
    cursor = after if after is None or isinstance(after, Cursor) else Cursor.parse(after)
    return cursor, fields.integer("limit", limit, low=1, high=MAX_PAGE)
