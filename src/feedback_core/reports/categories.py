"""Report categories ("lĩnh vực"): codes a province configures, with their display names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

# The fields most 1022 portals list; a province passes its own mapping to the system.
DEFAULT_CATEGORIES: Final[Mapping[str, str]] = {
    "dat_dai": "Đất đai",
    "moi_truong": "Môi trường",
    "giao_thong": "Giao thông",
    "trat_tu_do_thi": "Trật tự đô thị",
    "an_ninh_trat_tu": "An ninh trật tự",
    "y_te": "Y tế",
    "giao_duc": "Giáo dục",
    "dien_nuoc": "Điện, nước",
    "hanh_chinh": "Thủ tục hành chính",
    "khac": "Khác",
}
