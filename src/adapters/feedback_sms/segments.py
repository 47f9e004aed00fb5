"""What a text costs as SMS: its encoding and segments, and Vietnamese without diacritics.

A text written only in the GSM 03.38 7-bit alphabet travels as GSM-7: 160 septets in one
SMS, 153 per part of a longer one (the rest of each part is the concatenation header).
The extension table's characters (``^ { } [ ] ~ | €``, the backslash, form feed) take
two septets, and a part never ends in the middle of one. Any other character makes the
whole text UCS-2: 70 UTF-16 code units in one SMS, 67 per part, and a part never splits a
surrogate pair.

Vietnamese with its diacritics is UCS-2, so a 72-character activation text costs two SMS;
`unaccented` turns it into GSM-7, where it fits in one.
"""

from __future__ import annotations

import unicodedata
from typing import Final, Literal, NamedTuple

GSM_BASIC: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The GSM 03.38 default alphabet (without the escape to the extension table)."""
GSM_EXTENSION: Final = frozenset("^{}\\[~]|€\f")
"""The extension table: each of these costs an escape and itself, two septets."""

GSM7_SINGLE: Final = 160
GSM7_PER_PART: Final = 153
UCS2_SINGLE: Final = 70
UCS2_PER_PART: Final = 67
_BMP_END: Final = 0xFFFF

Encoding = Literal["GSM-7", "UCS-2"]


class SmsCost(NamedTuple):
    """How a text travels: its encoding, its length in that encoding's units, its segments."""

    encoding: Encoding
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM 7-bit alphabet or its extension."""
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


def cost(text: str) -> SmsCost:
    """The encoding, units (septets or UTF-16 code units) and segments ``text`` costs.

    An empty text is still one SMS.
    """
    if is_gsm7(text):
        units = [2 if char in GSM_EXTENSION else 1 for char in text]
        return SmsCost("GSM-7", sum(units), _segments(units, GSM7_SINGLE, GSM7_PER_PART))
    units = [2 if ord(char) > _BMP_END else 1 for char in text]
    return SmsCost("UCS-2", sum(units), _segments(units, UCS2_SINGLE, UCS2_PER_PART))


def segments(text: str) -> int:
    """How many SMS ``text`` is sent as."""
    return cost(text).segments


def _segments(units: list[int], single: int, per_part: int) -> int:
    """Parts filled greedily; a character's units (escape or surrogate pair) stay together."""
    if sum(units) <= single:
        return 1
    parts, used = 1, 0
    for size in units:
        if used + size > per_part:
            parts, used = parts + 1, 0
        used += size
    return parts


_LETTERS: Final = str.maketrans({"đ": "d", "Đ": "D"})


def unaccented(text: str) -> str:
    """``text`` without Vietnamese diacritics: "Mã kích hoạt" becomes "Ma kich hoat".

    đ and Đ become d and D; every other letter loses its combining marks (tones, breve,
    circumflex, horn). What is left of a Vietnamese text is GSM-7; other characters
    (emoji, other scripts) stay as they are.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)
