"""Vietnamese mobile numbers: valid ones in every way people write them, and invalid ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from hypothesis import strategies as st

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["MOBILE_PREFIXES", "invalid_phones", "mobile_numbers", "phone_forms", "written_forms"]

# The carriers' mobile prefixes after the trunk 0 (Viettel 03x/086/096-098, MobiFone
# 070/076-079/089/090/093, VinaPhone 081-085/088/091/094, Vietnamobile 056/058/092,
# Gmobile 059, iTel 087), restricted to those phonenumbers accepts with any 7 digits after.
MOBILE_PREFIXES: Final = (
    *(f"3{d}" for d in "23456789"),
    "56", "58", "59", "70", "76", "77", "78", "79",
    *(f"8{d}" for d in "12345678"),
    "90", "91", "92", "93", "94", "96", "97", "98",
)  # fmt: skip
DIGITS: Final = "0123456789"
_SEPARATORS: Final = (" ", ".", "-")


def mobile_numbers() -> SearchStrategy[str]:
    """Valid Vietnamese mobile numbers in E.164, such as "+84912345678"."""
    rest = st.text(DIGITS, min_size=7, max_size=7)
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
        st.builds(lambda t: t.encode(), st.text(DIGITS, min_size=10, max_size=10)),
        st.sampled_from(("", " ", "-", "+", "+84", "không có", "0912345abc", "091234567x")),
        st.text(DIGITS, min_size=1, max_size=8),  # too short to be any number
        st.text(DIGITS, min_size=13, max_size=16),  # too long
        _prefixed(("0", "+84", "84"), ("91", "38", "70"), 8),  # one digit too many
        _prefixed(("0", "+84"), ("91", "38", "70"), 5),  # two digits too few
        _prefixed(("0", "+84"), tuple(f"2{d}" for d in DIGITS), 8),  # landlines (02x)
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
        st.text(DIGITS, min_size=size, max_size=size),
    )
