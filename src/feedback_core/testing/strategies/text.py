"""Vietnamese text and names, half of the time decomposed (NFD) as some keyboards send it."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Final, Literal

from hypothesis import strategies as st

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["person_names", "vietnamese_text"]

_NORMAL_FORMS: Final[tuple[Literal["NFC", "NFD"], ...]] = ("NFC", "NFD")
VN_LETTERS: Final = (
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


@st.composite
def vietnamese_text(
    draw: st.DrawFn, max_size: int, *, min_size: int = 1, multiline: bool = False
) -> str:
    """Vietnamese text of ``min_size``..``max_size`` characters once NFC-normalised and trimmed.

    Half of it comes decomposed (NFD), as some phone keyboards send it; the core stores
    both forms as the same NFC text. ``multiline`` allows line breaks between words.
    """
    word = st.sampled_from(_VN_WORDS) | st.text(VN_LETTERS, min_size=1, max_size=7)
    words = draw(st.lists(word, min_size=1, max_size=max(1, max_size // 4)))
    glue = draw(st.sampled_from((" ", "\n"))) if multiline else " "
    text = unicodedata.normalize("NFC", glue.join(words))[:max_size].strip()
    missing = max(0, min_size - len(text))
    text += draw(st.text(VN_LETTERS, min_size=missing, max_size=missing))
    form = draw(st.sampled_from(_NORMAL_FORMS))
    return unicodedata.normalize(form, text)


def person_names() -> SearchStrategy[str]:
    """Vietnamese full names: surname, maybe a middle name, given name."""
    parts = st.tuples(st.sampled_from(_SURNAMES), st.sampled_from(_MIDDLE), st.sampled_from(_GIVEN))
    return parts.map(lambda p: " ".join(w for w in p if w))
