"""Every user-facing message: a stable code, English source text, and its translations.

The English text is the gettext msgid; catalogs under ``locale/`` translate it (Vietnamese
ships with the package). Codes never change once released, so hosts can key on them.

Parameters that name a domain thing (an entity, an action, a status, an expected kind of
value) carry a stable word, such as ``"in_progress"``; ``VOCABULARY`` gives its English display
text, which is translated through the same catalog, so Vietnamese text never shows English
words. Numbers and free values (limits, unit-code prefixes) stay as given. A list of choices
keeps each value the caller must send, and shows a word's translation beside it
("đã đóng (closed)"), so a Vietnamese sentence reads whole.
"""

from __future__ import annotations

import enum
import gettext
from functools import cache
from pathlib import Path
from typing import Final

import attrs

from feedback_core.vocabulary import VOCABULARY

DOMAIN: Final = "feedback_core"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
LANGUAGES: Final = ("vi", "en")


class Language(enum.StrEnum):
    """The languages messages are written in: Vietnamese first, English beside it."""

    VI = "vi"
    EN = "en"


TEXTS: Final[dict[str, str]] = {
    # field validation
    "required": "This field is required.",
    "unknown_field": "No such field.",
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
    "invalid_unit_code": "Use unaccented lowercase letters and digits, starting with a letter.",
    "end_before_start": "The end must be after the start.",
    "end_in_past": "The end must be in the future.",
    "in_future": "Must not be later than now (a clock skew of {seconds} seconds is allowed).",
    "too_long_duration": "An alert may last at most {days} days.",
    "invalid_location": "Give a latitude and longitude inside Vietnam's range, or an address.",
    "invalid_area": "A polygon needs at least 4 points and must be closed.",
    "empty_units": "Choose at least one unit.",
    "no_unit_for_role": "This role belongs to no unit; leave the unit out.",
    "key_too_short": "At least {limit} random bytes.",
    "invalid_template": "Use the fields {fields} (the code is required) and no others.",
    "too_large": "The file is too large: at most {limit}.",
    "media_unreadable": "The file cannot be read as the photo or video it claims to be.",
    "media_location": "The video records where it was filmed; turn location off or send a photo.",
    "media_off": "This portal keeps no photos or videos.",
    # lookups and conflicts
    "not_found": "No such {entity}.",
    "already_exists": "This {entity} already exists.",
    "admin_exists": "The store already has an administrator ({login}); no other was created.",
    "conflict": "The {entity} was changed by someone else; reload and try again.",
    # permissions and transitions
    "permission_denied": "You may not {action}.",
    "self_approval": "An alert must be approved by another approver.",
    "invalid_transition": "Cannot {action} when the status is {status}.",
    "once_only": "You can {action} only once.",
    # login
    "invalid_credentials": "Wrong phone number, username or password.",
    "session_ended": "The session has ended; log in again.",
    "api_key_invalid": "The api_key is missing, unknown or revoked; ask the portal for a key.",
    "account_not_active": "The account is not activated yet.",
    "account_disabled": "The account is disabled; contact the portal's administrators.",
    "citizens_only": "Only a citizen's account can do this; an administrator manages officials.",
    "same_phone": "This is already the account's phone number.",
    "last_admin": "The last active administrator cannot be disabled or lose the role.",
    "approver_name": "Only the unit's leader account, {login}, approves for the unit.",
    "approver_stays": "The unit leader account belongs to its unit and cannot be moved.",
    "officials_only": "Administrators manage officials' accounts; citizens manage their own.",
    # activation codes
    "code_expired": "The code has expired; ask for a new one.",
    "code_wrong": "Wrong code; {tries_left} tries left.",
    "code_dead": "Too many wrong tries; ask for a new code.",
    "account_locked": "Too many failed tries; the account is locked. Contact support.",
    "send_cooldown": "Wait {seconds} seconds before asking for a new code.",
    "send_limit": "Too many codes sent to this number today; try again later.",
    "already_active": "The account is already activated.",
    "sms_failed": "The text message could not be sent; try again later.",
    # storage and adapters
    "storage_unavailable": "The database is busy or unreachable ({reason}); try again.",
    "storage_corrupt": "The database {path} is damaged ({reason}); restore it from a backup.",
    "storage_missing": "There is no store at {path}; create it first.",
    "storage_no_folder": "The folder of {path} does not exist; create it or choose another path.",
    "storage_read_only": "The database {path} is read-only here; it can only be read.",
    "storage_full": "The disk that holds {path} is full; free some space.",
    "storage_refused": "The database refused the change ({reason}); ask its administrator.",
    "storage_cannot_create": (
        "The database {path} cannot be created here ({reason}); choose a place you may write to."
    ),
    "storage_io": "The database {path} could not be read or written ({reason}); check its disk.",
    "storage_old": (
        "The database {path} is read-only here and must be upgraded first; "
        "open it once where it may be written."
    ),
    "key_mismatch": (
        "This store was set up with another secret key (fingerprint {fingerprint}); use that key."
    ),
    "storage_conflict": "Someone else changed the same data at the same time; try again.",
    "adapter_extra": "The '{scheme}:' adapter needs an extra: pip install 'feedback-core[{extra}]'",
    "transport_failed": "The event could not be delivered ({reason}); it will be retried.",
    "sqlite_url": (
        "'{url}' names no file: write sqlite:///relative.db or sqlite:////absolute/path.db."
    ),
    "sqlite_host": (
        "'{url}' reads '{host}' as a server, which SQLite has not: write sqlite:///relative.db "
        "(three slashes) or sqlite:////absolute/path.db (four)."
    ),
    "adapter_url": "'{url}' is not an adapter URL (scheme:...).",
    "adapter_unknown": "No adapter serves '{scheme}:' (known: {known}).",
    "adapter_clash": "Both {first} and {second} serve '{scheme}:'.",
    "plugin_broken": "The plugin {plugin} could not be loaded: {error}",
    # notices to reporters: never a report's title, content, reason or answer
    "notice_accept": "Your report {report} has been accepted and is being handled.",
    "notice_refuse": "Your report {report} was not accepted; the reason is on the portal.",
    "notice_resolve": "Your report {report} has been answered; read the answer on the portal.",
    "notice_return": "Your report {report} is being passed on to the competent agency.",
    "notice_close": "Your report {report} has been closed.",
    # notices about an account
    "notice_phone_changed": (
        "The phone number of your 1022 account was changed to another number. "
        "If it was not you, contact the portal at once."
    ),
}


# The parameters whose values may be words of VOCABULARY; others (numbers, choices) never are.
WORD_PARAMS: Final = frozenset({"entity", "action", "status", "expected", "prefix"})
# Parameters holding a list of values ("a, b, c") the caller must send: see `choice_text`.
CHOICE_PARAMS: Final = frozenset({"choices"})


@attrs.frozen
class Message:
    """One message: its code and the values it mentions."""

    code: str = attrs.field(validator=attrs.validators.in_(TEXTS))
    params: tuple[tuple[str, str], ...] = ()

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` ("vi" or "en"); unknown languages fall back to English."""
        translation = _translation(lang)
        values = {name: _shown(translation, name, value) for name, value in self.params}
        return translation.gettext(TEXTS[self.code]).format(**values)


def choice_text(value: str, lang: str = "en") -> str:
    """A value the caller must send, with its meaning beside it where ``lang`` translates it.

    ``choice_text("closed", "vi")`` is "đã đóng (closed)"; in English, or for a value that is
    no word of VOCABULARY, the value alone.
    """
    return _choice(_translation(lang), value)


def _shown(translation: gettext.NullTranslations, name: str, value: str) -> str:
    if name in WORD_PARAMS and value in VOCABULARY:
        return translation.gettext(VOCABULARY[value])
    if name in CHOICE_PARAMS:
        return ", ".join(_choice(translation, choice) for choice in value.split(", "))
    return value


def _choice(translation: gettext.NullTranslations, value: str) -> str:
    display = VOCABULARY.get(value)
    if display is None:
        return value
    shown = translation.gettext(display)
    return value if shown == display else f"{shown} ({value})"


def message(code: str, **params: object) -> Message:
    """Build a message; parameter values are kept as text so messages stay hashable.

    A word parameter keeps its stable word (an enum's value gives that word), never the
    display text, so hosts can key on it; ``render`` shows it in the reader's language.
    """
    return Message(code, tuple(sorted((k, str(v)) for k, v in params.items())))


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
