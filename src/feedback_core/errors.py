"""The one exception tree. Each error also inherits the builtin it resembles.

Every error carries a `Message` (stable code, English and Vietnamese text) and, where it is
about one input, the name of that field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.messages import Message, message

if TYPE_CHECKING:
    from collections.abc import Mapping


class FeedbackError(Exception):
    """Root of every error feedback-core raises."""

    def __init__(self, msg: Message, *, field: str | None = None) -> None:
        self.message = msg
        self.field = field
        super().__init__(self.render("en"))

    @property
    def code(self) -> str:
        """Stable machine-readable code of the message."""
        return self.message.code

    def render(self, lang: str = "en") -> str:
        """The error as one line in ``lang``, prefixed with the field it is about."""
        text = self.message.render(lang)
        return f"{self.field}: {text}" if self.field else text


class ValidationError(FeedbackError, ValueError):
    """Input was rejected; `errors` maps each offending field to its messages."""

    def __init__(self, errors: Mapping[str, tuple[Message, ...]]) -> None:
        if not errors:
            raise ValueError("a ValidationError needs at least one field")
        self.errors = dict(errors)
        field, messages = next(iter(self.errors.items()))
        super().__init__(messages[0], field=field)

    @classmethod
    def single(cls, field: str, code: str, **params: object) -> ValidationError:
        """A ValidationError about one field."""
        return cls({field: (message(code, **params),)})

    def render(self, lang: str = "en") -> str:
        """Every field with its messages, in one line."""
        return "; ".join(
            f"{field}: {' '.join(m.render(lang) for m in msgs)}"
            for field, msgs in self.errors.items()
        )


class NotFound(FeedbackError, LookupError):
    """An id that names nothing in the store."""


class PermissionDenied(FeedbackError, PermissionError):
    """The actor's role or unit does not allow the action."""


class InvalidTransition(FeedbackError, ValueError):
    """The action is not allowed from the current status."""


class Conflict(FeedbackError, RuntimeError):
    """Someone else changed the record first (optimistic lock lost) or it already exists."""


class InvalidCredentials(FeedbackError, PermissionError):
    """Login failed; the same answer for unknown IDs, wrong passwords and throttled accounts."""


class SessionEnded(FeedbackError, PermissionError):
    """The bearer token names no live session: unknown, expired, logged out or ended.

    One answer for all of them, so a token's history cannot be probed; log in again.
    """


class AccountNotActive(PermissionDenied):
    """The password was right but the account has not been activated."""


class ActivationError(FeedbackError, ValueError):
    """Base of the activation-code errors."""


class CodeExpired(ActivationError):
    """The code's validity window has passed."""


class CodeWrong(ActivationError):
    """The code did not match; `tries_left` more guesses are allowed for it."""

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        super().__init__(message("code_wrong", tries_left=tries_left), field="code")


class CodeDead(ActivationError):
    """The code was used, replaced or guessed wrong too often."""


class AccountLocked(ActivationError):
    """Too many failed tries in total: the account needs an administrator."""


class SendRefused(ActivationError):
    """Base of refusals to send a code; `retry_after` seconds until a send may succeed."""

    def __init__(self, msg: Message, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(msg, field="phone")


class SendCooldown(SendRefused):
    """A code was sent less than the cooldown ago."""


class SendLimit(SendRefused):
    """The number already got the maximum sends in the window (SMS-pumping defence)."""


class DeliveryFailed(FeedbackError, ConnectionError):
    """An SMS gateway or transport could not deliver; nothing was recorded."""


class StorageUnavailable(FeedbackError, ConnectionError):
    """The store could not run the transaction for now; a retry may succeed.

    Busy, locked, a dropped connection: nothing changed.
    """


class StorageFault(FeedbackError, OSError):
    """The store cannot be used as it is; retrying will not help.

    A damaged file, a missing folder or store, a read-only place, a full disk: the message
    says what to do instead.
    """


class KeyMismatch(FeedbackError, ValueError):
    """The store was set up with another secret key: every code it texted would die."""


class AdapterError(FeedbackError, LookupError):
    """No adapter serves a URL's scheme, or a plugin could not be loaded."""


class NotConfigured(AdapterError):
    """The system was built without what this use case needs (a media store, say)."""
