"""Gather the field errors of a whole form, so a user sees every problem in one answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from feedback_core.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedback_core.messages import Message

T = TypeVar("T")


class FormErrors:
    """Run field checks, keep their errors, and raise them together at the end."""

    def __init__(self) -> None:
        self.errors: dict[str, tuple[Message, ...]] = {}

    def check(self, check: Callable[[], T], default: T) -> T:
        """The checked value, or ``default`` after recording the error."""
        try:
            return check()
        except ValidationError as error:
            self.errors.update(error.errors)
            return default

    def raise_any(self) -> None:
        """Raise one ValidationError naming every failed field."""
        if self.errors:
            raise ValidationError(self.errors)
