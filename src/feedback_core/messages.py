"""Every user-facing message: a stable code, English source text, and its translations.

The English text is the gettext msgid; catalogs under ``locale/`` translate it (Vietnamese
ships with the package). Codes never change once released, so hosts can key on them.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Final

import attrs

DOMAIN: Final = "feedback_core"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
LANGUAGES: Final = ("vi", "en")

TEXTS: Final[dict[str, str]] = {
    # field validation
    "required": "This field is required.",
    "wrong_type": "Expected {expected}.",
    "too_long": "At most {limit} characters.",
    "too_short": "At least {limit} characters.",
    "control_chars": "Control characters are not allowed.",
    "not_aware": "A time with a time zone is required.",
    "invalid_id": "Not a valid identifier.",
    "invalid_code": "The code has {digits} digits.",
    "too_many": "At most {limit} items.",
    "invalid_choice": "Must be one of: {choices}.",
    "out_of_range": "Must be between {low} and {high}.",
    "invalid_phone": "Not a valid Vietnamese mobile number.",
    "invalid_email": "Not a valid e-mail address.",
    "invalid_national_id": "A citizen ID has 12 digits.",
    "invalid_username": "Use lowercase letters, digits and underscores, starting with {prefix}.",
    "end_before_start": "The end must be after the start.",
    "end_in_past": "The end must be in the future.",
    "too_long_duration": "An alert may last at most {days} days.",
    "invalid_location": "Give a latitude and longitude inside Vietnam's range, or an address.",
    "invalid_area": "A polygon needs at least 4 points and must be closed.",
    "empty_units": "Choose at least one unit.",
    # lookups and conflicts
    "not_found": "No such {entity}.",
    "already_exists": "This {entity} already exists.",
    "conflict": "The {entity} was changed by someone else; reload and try again.",
    # permissions and transitions
    "permission_denied": "You may not {action}.",
    "self_approval": "An alert must be approved by another approver.",
    "invalid_transition": "Cannot {action} when the status is {status}.",
    "once_only": "You can {action} only once.",
    # login
    "invalid_credentials": "Wrong phone number, username or password.",
    "account_not_active": "The account is not activated yet.",
    # activation codes
    "code_expired": "The code has expired; ask for a new one.",
    "code_wrong": "Wrong code; {tries_left} tries left.",
    "code_dead": "Too many wrong tries; ask for a new code.",
    "account_locked": "Too many failed tries; the account is locked. Contact support.",
    "send_cooldown": "Wait {seconds} seconds before asking for a new code.",
    "send_limit": "Too many codes sent to this number today; try again later.",
    "already_active": "The account is already activated.",
    "sms_failed": "The text message could not be sent; try again later.",
}


@attrs.frozen
class Message:
    """One message: its code and the values it mentions."""

    code: str = attrs.field(validator=attrs.validators.in_(TEXTS))
    params: tuple[tuple[str, str], ...] = ()

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` ("vi" or "en"); unknown languages fall back to English."""
        text = _translation(lang).gettext(TEXTS[self.code])
        return text.format(**dict(self.params))


def message(code: str, **params: object) -> Message:
    """Build a message; parameter values are kept as text so messages stay hashable."""
    return Message(code, tuple(sorted((k, str(v)) for k, v in params.items())))


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
