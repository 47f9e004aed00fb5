"""Phone login IDs: every way a Vietnamese mobile number is written gives one E.164 string.

"0912345678", "912345678", "+84912345678", "84912345678" and "091 234 5678" all become
"+84912345678". Parsing is phonenumbers' (region VN); only mobile numbers are accepted,
because the activation code goes out by SMS.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from feedback_core.errors import ValidationError

REGION: Final = "VN"
_SEPARATORS: Final = re.compile(r"[\s.\-()]")
# Written forms people use: optional "+", optional 84 country code, optional trunk 0.
_SHAPE: Final = re.compile(r"\+?\d{9,12}")
_MOBILE_TYPES: Final = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


def normalize_phone(value: object, field: str = "phone") -> str:
    """The E.164 form of a Vietnamese mobile number, or a ValidationError on ``field``."""
    if not isinstance(value, str):
        raise ValidationError.single(field, "wrong_type", expected="text")
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    if not _SHAPE.fullmatch(compact):
        raise ValidationError.single(field, "invalid_phone")
    e164 = _e164(compact)
    if e164 is None:
        raise ValidationError.single(field, "invalid_phone")
    return e164


@lru_cache(maxsize=4096)
def _e164(compact: str) -> str | None:
    # phonenumbers' parse and metadata lookups cost ~50 us; logins and code checks repeat
    # the same few numbers, so the answer (or None for "not a VN mobile") is remembered.
    number = _parse(_with_country_code(compact))
    if number is None or phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_phone_like(value: str) -> bool:
    """Whether a login ID was meant as a phone number rather than a username."""
    return bool(_SHAPE.fullmatch(_SEPARATORS.sub("", value)))


def _with_country_code(compact: str) -> str:
    # "84912345678" without "+" would be read by phonenumbers as a national number;
    # a 9-digit national number (no trunk 0) is read correctly only with the region.
    if compact.startswith("84") and len(compact) == 11:  # noqa: PLR2004 - 84 + 9 digits
        return "+" + compact
    return compact


def _parse(compact: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(compact, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):  # noqa: PLR2004
        return None
    return number
