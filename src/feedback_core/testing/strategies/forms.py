"""Forms the use cases accept: registrations, reports and alerts, valid by construction."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Final, cast

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
from feedback_core.testing.strategies.phones import DIGITS, phone_forms
from feedback_core.testing.strategies.text import VN_LETTERS, person_names, vietnamese_text

if TYPE_CHECKING:
    import enum
    from collections.abc import Mapping

    from hypothesis.strategies import SearchStrategy

    from feedback_core.accounts.input import RegistrationPolicy
    from feedback_core.alerts.input import AlertForm
    from feedback_core.reports.input import ReportForm

__all__ = ["alert_forms", "registration_forms", "report_forms", "spans"]

# Vietnam's mainland, roughly: reports and alert areas land somewhere plausible.
_LATITUDES: Final = st.floats(8.5, 23.4, allow_nan=False)
_LONGITUDES: Final = st.floats(102.1, 109.5, allow_nan=False)


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
        | st.text(VN_LETTERS + " ", min_size=MIN_LENGTH, max_size=MAX_LENGTH)
    )
    values: dict[str, SearchStrategy[str]] = {
        "full_name": person_names(),
        "email": st.from_regex(
            r"[a-z][a-z0-9.]{0,15}@(gmail\.com|tayninh\.gov\.vn)", fullmatch=True
        ),
        "national_id": st.text(DIGITS, min_size=12, max_size=12),
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
def report_forms(draw: st.DrawFn, categories: Mapping[str, str]) -> ReportForm:
    """Keyword arguments that `FeedbackSystem.submit_report` accepts.

    A location of coordinates, an address, or both; up to three media references.
    """
    form: ReportForm = {
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
) -> SearchStrategy[AlertForm]:
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
) -> AlertForm:
    until_end, duration, zone = window
    end = now + until_end
    form = {**words, "start": _in_zone(end - duration, zone), "end": _in_zone(end, zone)}
    return cast("AlertForm", form)  # the keys and kinds of _alert_words, built by Hypothesis


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
