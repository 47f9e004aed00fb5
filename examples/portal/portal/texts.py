"""The portal's own words, in Vietnamese and English; the core's messages come translated.

Each page module adds its texts with `add`, so the citizens' and officials' pages keep
their words beside them. A key missing in English falls back to Vietnamese, and a key
missing altogether shows as itself, so a slip is visible on the page rather than a crash.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("vi", "en")
_TEXTS: dict[str, dict[str, str]] = {"vi": {}, "en": {}}


def add(vi: dict[str, str], en: dict[str, str]) -> None:
    """Register texts: the same keys in both languages."""
    missing = set(vi) ^ set(en)
    if missing:
        raise KeyError(f"texts in one language only: {sorted(missing)}")
    # Page modules share one table: a key defined twice would change another page's words.
    taken = set(vi) & set(_TEXTS["vi"])
    if taken:
        raise KeyError(f"texts defined twice: {sorted(taken)}")
    _TEXTS["vi"].update(vi)
    _TEXTS["en"].update(en)


def text(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in."""
    found = _TEXTS.get(lang, {}).get(key) or _TEXTS["vi"].get(key) or key
    return found.format(**values) if values else found


add(
    vi={
        "site": "Cổng tiếp nhận phản ánh 1022",
        "skip": "Bỏ qua, đến nội dung chính",
        "home": "Trang chủ",
        "switch_language": "English",
        "login": "Đăng nhập",
        "logout": "Đăng xuất",
        "login_id": "Số điện thoại hoặc tên đăng nhập",
        "password": "Mật khẩu",
        "logged_in_as": "Đang đăng nhập: {name}",
        "required_note": "Các trường có dấu * là bắt buộc.",
        "csrf_failed": "Biểu mẫu đã hết hạn; vui lòng tải lại trang và gửi lại.",
        "alerts_in_force": "Cảnh báo đang có hiệu lực",
        "no_alerts": "Hiện không có cảnh báo nào.",
        "from_to": "Từ {start} đến {end}",
        "sms_inbox": "Hộp thư SMS (thử nghiệm)",
        "sms_inbox_note": "Tin nhắn cổng đã gửi, để thử mà không cần điện thoại thật.",
        "no_sms": "Chưa có tin nhắn nào.",
        "to_phone": "Đến",
        "sent_at": "Lúc",
        "message": "Nội dung",
        "page_not_found": "Không tìm thấy trang.",
        "error": "Lỗi",
        "main_menu": "Trình đơn chính",
        "nav_register": "Đăng ký",
        "nav_new_report": "Gửi phản ánh",
        "nav_my_reports": "Phản ánh của tôi",
        "nav_public_reports": "Phản ánh công khai",
        "nav_queue": "Phản ánh mới",
        "nav_unit_reports": "Phản ánh của đơn vị",
        "nav_alerts": "Thông tin cảnh báo",
    },
    en={
        "site": "1022 citizen feedback portal",
        "skip": "Skip to the main content",
        "home": "Home",
        "switch_language": "Tiếng Việt",
        "login": "Log in",
        "logout": "Log out",
        "login_id": "Phone number or username",
        "password": "Password",
        "logged_in_as": "Logged in as {name}",
        "required_note": "Fields marked * are required.",
        "csrf_failed": "The form has expired; reload the page and send it again.",
        "alerts_in_force": "Alerts in force",
        "no_alerts": "No alert is in force.",
        "from_to": "From {start} to {end}",
        "sms_inbox": "Text messages (testing)",
        "sms_inbox_note": "What the portal texted, to try it without a real phone.",
        "no_sms": "No text message yet.",
        "to_phone": "To",
        "sent_at": "At",
        "message": "Message",
        "page_not_found": "Page not found.",
        "error": "Error",
        "main_menu": "Main menu",
        "nav_register": "Register",
        "nav_new_report": "Send a report",
        "nav_my_reports": "My reports",
        "nav_public_reports": "Public reports",
        "nav_queue": "New reports",
        "nav_unit_reports": "Unit's reports",
        "nav_alerts": "Alerts",
    },
)
