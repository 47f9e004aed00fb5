"""Hypothesis strategies for the inputs of feedback-core, valid (or invalid) by construction.

Testers of hosts and adapters reuse them: phone numbers in every way people write them,
registration and report forms with Vietnamese text (including the decomposed NFD form a
phone keyboard may send), and alert forms whose times fit the rules at a given instant.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from typing import TYPE_CHECKING, Final, Literal

import pendulum
from hypothesis import strategies as st

from feedback_core.accounts.input import PROFILE_FIELDS
from feedback_core.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from feedback_core.alerts.input import DESCRIPTION_LIMIT, INSTRUCTION_LIMIT
from feedback_core.alerts.model import (
    HEADLINE_LIMIT,
    AlertText,
    Category,
    Certainty,
    Severity,
    Urgency,
)
from feedback_core.clock import BUSINESS_TZ
from feedback_core.reports.input import ADDRESS_LIMIT, TITLE_LIMIT

if TYPE_CHECKING:
    import enum
    from collections.abc import Mapping

    from hypothesis.strategies import SearchStrategy

    from feedback_core.accounts.input import RegistrationPolicy

__all__ = [
    "MOBILE_PREFIXES",
    "alert_forms",
    "invalid_phones",
    "mobile_numbers",
    "phone_forms",
    "registration_forms",
    "report_forms",
    "vietnamese_text",
    "written_forms",
]

# The carriers' mobile prefixes after the trunk 0 (Viettel 03x/086/096-098, MobiFone
# 070/076-079/089/090/093, VinaPhone 081-085/088/091/094, Vietnamobile 056/058/092,
# Gmobile 059, iTel 087), restricted to those phonenumbers accepts with any 7 digits after.
MOBILE_PREFIXES: Final = (
    *(f"3{d}" for d in "23456789"),
    "56", "58", "59", "70", "76", "77", "78", "79",
    *(f"8{d}" for d in "12345678"),
    "90", "91", "92", "93", "94", "96", "97", "98",
)  # fmt: skip
_DIGITS: Final = "0123456789"
_SEPARATORS: Final = (" ", ".", "-")
_NORMAL_FORMS: Final[tuple[Literal["NFC", "NFD"], ...]] = ("NFC", "NFD")
_VN_LETTERS: Final = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
_VN_WORDS: Final = (
    "phản ánh", "kiến nghị", "đường", "ngập", "nước", "rác thải", "ô nhiễm", "tiếng ồn",
    "cây xanh", "đèn đường", "hư hỏng", "lấn chiếm", "vỉa hè", "khu phố", "phường", "xã",
    "Tây Ninh", "Hòa Thành", "Trảng Bàng", "người dân", "cảnh báo", "mưa lớn", "lũ quét",
    "sạt lở", "giao thông", "ùn tắc", "khẩn cấp", "Ủy ban", "Sở", "xử lý", "đề nghị",
)  # fmt: skip
_SURNAMES: Final = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
_MIDDLE: Final = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "")
_GIVEN: Final = ("An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Lộc", "Phúc", "Thảo", "Yến")
# Vietnam's mainland, roughly: reports and alert areas land somewhere plausible.
_LATITUDES: Final = st.floats(8.5, 23.4, allow_nan=False)
_LONGITUDES: Final = st.floats(102.1, 109.5, allow_nan=False)


# phone numbers ---------------------------------------------------------------------------


def mobile_numbers() -> SearchStrategy[str]:
    """Valid Vietnamese mobile numbers in E.164, such as "+84912345678"."""
    rest = st.text(_DIGITS, min_size=7, max_size=7)
    return st.builds(lambda p, r: f"+84{p}{r}", st.sampled_from(MOBILE_PREFIXES), rest)


@st.composite
def written_forms(draw: st.DrawFn, e164: str) -> str:
    """One way a person writes the mobile number ``e164``.

    With the trunk 0, bare, with "+84" or "84" in front; digits in groups split by spaces,
    dots or dashes ("091 234 5678", "84-912-345-678"), maybe with spaces around.
    """
    national = e164.removeprefix("+84")
    lead = draw(st.sampled_from(("0", "", "+84", "84")))
    cuts = sorted(draw(st.sets(st.integers(1, len(national) - 1), max_size=3)))
    groups = [national[a:b] for a, b in zip([0, *cuts], [*cuts, len(national)], strict=True)]
    sep = draw(st.sampled_from(_SEPARATORS))
    # "091 234 5678" keeps the trunk 0 on the first group; "+84 912 345 678" does not.
    lead_sep = draw(st.sampled_from(("", sep))) if lead else ""
    pad = draw(st.sampled_from(("", " ")))
    return f"{pad}{lead}{lead_sep}{sep.join(groups)}{pad}"


def phone_forms() -> SearchStrategy[tuple[str, str]]:
    """(written form, expected E.164) for valid Vietnamese mobile numbers."""
    return mobile_numbers().flatmap(lambda e164: written_forms(e164).map(lambda w: (w, e164)))


def invalid_phones() -> SearchStrategy[object]:
    """Values that are not a Vietnamese mobile number, each invalid by construction.

    Not text; text with letters; too few or too many digits; landlines ("028 3822 1234");
    prefixes no carrier uses; foreign numbers; the "00" international prefix.
    """
    return st.one_of(
        st.none(),
        st.integers(),
        st.builds(lambda t: t.encode(), st.text(_DIGITS, min_size=10, max_size=10)),
        st.sampled_from(("", " ", "-", "+", "+84", "không có", "0912345abc", "091234567x")),
        st.text(_DIGITS, min_size=1, max_size=8),  # too short to be any number
        st.text(_DIGITS, min_size=13, max_size=16),  # too long
        _prefixed(("0", "+84", "84"), ("91", "38", "70"), 8),  # one digit too many
        _prefixed(("0", "+84"), ("91", "38", "70"), 5),  # two digits too few
        _prefixed(("0", "+84"), tuple(f"2{d}" for d in _DIGITS), 8),  # landlines (02x)
        _prefixed(("0", "+84"), ("50", "53", "54", "57", "60", "66", "71", "74", "80"), 7),
        _prefixed(("+1",), ("202", "415"), 7),  # United States
        _prefixed(("+44",), ("7911",), 6),  # a British mobile
        _prefixed(("0084",), ("91",), 7),  # "00" dialling prefix: not a form we accept
    )


def _prefixed(leads: tuple[str, ...], prefixes: tuple[str, ...], size: int) -> SearchStrategy[str]:
    return st.builds(
        lambda lead, prefix, rest: lead + prefix + rest,
        st.sampled_from(leads),
        st.sampled_from(prefixes),
        st.text(_DIGITS, min_size=size, max_size=size),
    )


# text --------------------------------------------------------------------------------------


@st.composite
def vietnamese_text(
    draw: st.DrawFn, max_size: int, *, min_size: int = 1, multiline: bool = False
) -> str:
    """Vietnamese text of ``min_size``..``max_size`` characters once NFC-normalised and trimmed.

    Half of it comes decomposed (NFD), as some phone keyboards send it; the core stores
    both forms as the same NFC text. ``multiline`` allows line breaks between words.
    """
    word = st.sampled_from(_VN_WORDS) | st.text(_VN_LETTERS, min_size=1, max_size=7)
    words = draw(st.lists(word, min_size=1, max_size=max(1, max_size // 4)))
    glue = draw(st.sampled_from((" ", "\n"))) if multiline else " "
    text = unicodedata.normalize("NFC", glue.join(words))[:max_size].strip()
    missing = max(0, min_size - len(text))
    text += draw(st.text(_VN_LETTERS, min_size=missing, max_size=missing))
    form = draw(st.sampled_from(_NORMAL_FORMS))
    return unicodedata.normalize(form, text)


def _names() -> SearchStrategy[str]:
    parts = st.tuples(st.sampled_from(_SURNAMES), st.sampled_from(_MIDDLE), st.sampled_from(_GIVEN))
    return parts.map(lambda p: " ".join(w for w in p if w))


# forms -------------------------------------------------------------------------------------


@st.composite
def registration_forms(
    draw: st.DrawFn,
    policy: RegistrationPolicy,
    phones: SearchStrategy[str] | None = None,
) -> dict[str, object]:
    """A registration form that ``policy`` accepts: phone, password and profile fields.

    Required fields are always filled in, the others sometimes. ``phones`` gives the
    written phone numbers (default: any valid mobile, in any written form).
    """
    phone = draw(phones if phones is not None else phone_forms().map(lambda f: f[0]))
    password = draw(
        st.text(
            st.characters(codec="utf-8", exclude_characters="\x00"),
            min_size=MIN_LENGTH,
            max_size=32,
        )
        | st.text(_VN_LETTERS + " ", min_size=MIN_LENGTH, max_size=MAX_LENGTH)
    )
    values: dict[str, SearchStrategy[str]] = {
        "full_name": _names(),
        "email": st.from_regex(
            r"[a-z][a-z0-9.]{0,15}@(gmail\.com|tayninh\.gov\.vn)", fullmatch=True
        ),
        "national_id": st.text(_DIGITS, min_size=12, max_size=12),
        "address": vietnamese_text(200),
    }
    form: dict[str, object] = {"phone": phone, "password": password}
    for name in PROFILE_FIELDS:
        if name in policy.required or draw(st.booleans()):
            form[name] = draw(values[name])
    return form


# Built once: Hypothesis validates each strategy object on its first draw, and forms are
# drawn at nearly every step of the state machines.
_TITLES: Final = vietnamese_text(TITLE_LIMIT)
_CONTENTS: Final = vietnamese_text(600, multiline=True)
_ADDRESSES: Final = vietnamese_text(ADDRESS_LIMIT)
_MEDIA: Final = st.lists(
    st.text("abcdef0123456789", min_size=8, max_size=8).map(lambda h: f"media/{h}.jpg"),
    max_size=3,
)
_PLACES: Final = st.sampled_from(("coordinates", "address", "both"))
_ENGLISH_WORDS: Final = st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=60).filter(
    str.strip
)
_ZONES: Final = st.sampled_from(("UTC", "Vietnam", "+07:00"))


@st.composite
def report_forms(draw: st.DrawFn, categories: Mapping[str, str]) -> dict[str, object]:
    """Keyword arguments that `FeedbackSystem.submit_report` accepts.

    A location of coordinates, an address, or both; up to three media references.
    """
    form: dict[str, object] = {
        "title": draw(_TITLES),
        "content": draw(_CONTENTS),
        "category": draw(st.sampled_from(sorted(categories))),
        "public": draw(st.booleans()),
        "urgent": draw(st.booleans()),
    }
    where = draw(_PLACES)
    if where != "address":
        form["latitude"] = draw(_LATITUDES)
        form["longitude"] = draw(_LONGITUDES)
    if where != "coordinates":
        form["address"] = draw(_ADDRESSES)
    form["media"] = draw(_MEDIA)
    return form


def spans(longest: dt.timedelta) -> SearchStrategy[dt.timedelta]:
    """Lengths of time from one minute to ``longest``, as often minutes as hours or days."""
    minutes = st.integers(1, 180).map(lambda n: dt.timedelta(minutes=n))
    hours = st.integers(1, 72).map(lambda n: dt.timedelta(hours=n))
    days = st.integers(1, max(1, longest.days)).map(lambda n: dt.timedelta(days=n))
    return (minutes | hours | days).map(lambda d: min(d, longest))


def alert_forms(
    now: dt.datetime, max_duration: dt.timedelta = dt.timedelta(days=30)
) -> SearchStrategy[dict[str, object]]:
    """Keyword arguments that `FeedbackSystem.create_alert` accepts at instant ``now``.

    Valid by construction at ``now``: end after start, end in the future, the duration at
    most ``max_duration``. Start may lie before ``now`` (an alert for something already
    happening). Times are aware, in UTC, Vietnam time or a fixed offset.
    """
    return st.tuples(_alert_words(), _alert_windows(max_duration)).map(
        lambda drawn: _placed(now, *drawn)
    )


@functools.cache
def _alert_windows(longest: dt.timedelta) -> SearchStrategy[tuple[dt.timedelta, dt.timedelta, str]]:
    """(from now to the end, the duration, the time zone written in)."""
    return st.tuples(spans(longest), spans(longest), _ZONES)


def _placed(
    now: dt.datetime, words: dict[str, object], window: tuple[dt.timedelta, dt.timedelta, str]
) -> dict[str, object]:
    until_end, duration, zone = window
    end = now + until_end
    return {**words, "start": _in_zone(end - duration, zone), "end": _in_zone(end, zone)}


@functools.cache
def _alert_words() -> SearchStrategy[dict[str, object]]:
    """Everything of an alert form but its times."""
    optional = {
        "polygon": _closed_rings(),
        "circle": st.tuples(st.tuples(_LATITUDES, _LONGITUDES), st.floats(0.1, 50)),
        "english": st.builds(AlertText, _ENGLISH_WORDS, _ENGLISH_WORDS),
    }
    return st.fixed_dictionaries(
        {
            "headline": vietnamese_text(HEADLINE_LIMIT),
            "description": vietnamese_text(DESCRIPTION_LIMIT // 8, multiline=True),
            "instruction": st.none() | vietnamese_text(INSTRUCTION_LIMIT // 8, multiline=True),
            "category": _member_or_value(Category),
            "severity": _member_or_value(Severity),
            "urgency": _member_or_value(Urgency),
            "certainty": _member_or_value(Certainty),
            "area": vietnamese_text(200),
        },
        optional=optional,
    )


def _in_zone(t: dt.datetime, zone: str) -> dt.datetime:
    """``t`` on the clock of ``zone``: pendulum's UTC or Vietnam, or a stdlib fixed offset.

    The offset one is a plain `datetime`: pendulum drops a stdlib tzinfo in arithmetic.
    """
    if zone != "+07:00":
        return pendulum.instance(t).in_timezone(BUSINESS_TZ if zone == "Vietnam" else "UTC")
    utc = pendulum.instance(t).in_timezone("UTC")
    plain = dt.datetime(*utc.timetuple()[:6], utc.microsecond, tzinfo=dt.UTC)
    return plain.astimezone(dt.timezone(dt.timedelta(hours=7)))


def _member_or_value(kind: type[enum.StrEnum]) -> SearchStrategy[object]:
    members = st.sampled_from(list(kind))
    return members | members.map(lambda m: m.value)


def _closed_rings() -> SearchStrategy[list[tuple[float, float]]]:
    corners = st.lists(st.tuples(_LATITUDES, _LONGITUDES), min_size=3, max_size=6, unique=True)
    return corners.map(lambda ps: [*ps, ps[0]])
