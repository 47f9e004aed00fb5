"""What the command line prints: its own texts in Vietnamese and English, times, words.

Domain errors bring their own text (``FeedbackError.render``); domain words such as a
report status go through the core's message catalog, so both speak the same vocabulary.
"""

from __future__ import annotations

import gettext
import sys
from typing import TYPE_CHECKING, Final

from feedback_core.clock import in_business_time
from feedback_core.messages import DOMAIN, LOCALE_DIR
from feedback_core.vocabulary import VOCABULARY

if TYPE_CHECKING:
    import datetime as dt

LANGUAGES: Final = ("vi", "en")

TEXTS: Final[dict[str, dict[str, str]]] = {
    "vi": {
        # errors of the command line itself
        "usage": "{prog}: {error} (xem --help)",
        "no_key": "Không có khoá bí mật {path}: chạy `feedback-core init` hoặc đặt "
        "FEEDBACK_SECRET_KEY.",
        "bad_key": "Khoá bí mật {source} không hợp lệ: cần ít nhất 32 chữ số hex.",
        "empty_url": "{option} đang để trống: hãy cho một URL (ví dụ {example}) hoặc bỏ hẳn "
        "tuỳ chọn này để dùng mặc định.",
        "no_store": "Không có kho dữ liệu tại {url}: hãy tạo bằng `feedback-core init`, hoặc "
        "kiểm tra lại --storage.",
        "key_lost": "Kho dữ liệu {url} đã được lập với khoá bí mật có dấu vân tay {fingerprint}, "
        "nhưng không thấy tệp khoá {path}: hãy khôi phục tệp khoá đó hoặc đặt FEEDBACK_SECRET_KEY "
        "bằng khoá đó (init không bao giờ tạo khoá mới cho kho đã có).",
        "key_lost_unknown": "Kho dữ liệu {url} đã có, nhưng không thấy tệp khoá bí mật {path}: "
        "hãy khôi phục tệp khoá đó hoặc đặt FEEDBACK_SECRET_KEY bằng khoá đó (init không bao giờ "
        "tạo khoá mới cho kho đã có).",
        "no_password": "Cần mật khẩu: đặt biến môi trường {env} hoặc chạy trong terminal.",
        "password_mismatch": "Hai lần nhập mật khẩu không khớp.",
        "status_needs_as": "--status chỉ dùng được cùng --as.",
        "os_error": "Lỗi hệ thống: {error}",
        "interrupted": "Đã dừng theo yêu cầu.",
        "not_utf8": "Tham số '{argument}' không phải văn bản UTF-8 hợp lệ; hãy gõ lại ở bảng mã "
        "UTF-8.",
        "bad_lang_env": "{env}={value}: ngôn ngữ này không có; dùng vi hoặc en.",
        # init, admin commands
        "key_created": "Đã tạo khoá bí mật {path} (chỉ chủ sở hữu được đọc).",
        "key_found": "Dùng khoá bí mật {source}.",
        "key_throwaway": "Dùng một khoá bí mật tạm cho lần chạy này (kho memory: không giữ lại "
        "gì sau khi lệnh kết thúc).",
        "store_ready": "Kho dữ liệu sẵn sàng: {url}",
        "admin_created": "Đã tạo quản trị viên {login}.",
        "already_initialised": "Kho dữ liệu đã được khởi tạo: quản trị viên {login} đã có "
        "(không đổi gì, kể cả mật khẩu).",
        "unit_created": "Đã tạo đơn vị {code} ({name}).",
        "account_created": "Đã tạo tài khoản {login} ({role}{unit}).",
        "prompt_password": "Mật khẩu của {login}: ",
        "prompt_new": "Mật khẩu mới cho {login}: ",
        "prompt_again": "Nhập lại mật khẩu: ",
        # queries and jobs
        "alerts_at": "Cảnh báo đang hiệu lực lúc {at}: {count}",
        "alert_line": "- {headline} | {unit} | từ {start} đến {end} (giờ Việt Nam)",
        "reports_count": "Phản ánh: {count}",
        "report_line": "- {id} | {at} | {status} | {title}",
        "next_page": "Trang sau: --after {token}",
        "ticked": "Đã rà soát cảnh báo lúc {at}: {activated} cảnh báo bắt đầu hiệu lực, "
        "{expired} hết hạn.",
        "dispatched": "Đã chuyển {delivered} lượt sự kiện, {failed} lượt lỗi (sẽ thử lại sau).",
        "dispatch_line": "- {transport}: đã chuyển {delivered}, lỗi {failed}{error}, "
        "còn chờ {waiting}{until}",
        "last_error": " (lỗi gần nhất: {error})",
        "next_try": " (thử lại lúc {at} giờ Việt Nam{error})",
        "next_try_error": "; lỗi gần nhất: {error}",
        "not_configured": "Cảnh báo: {waiting} lượt sự kiện đang chờ chuyển tới {transport}, "
        "kênh này hiện không được cấu hình; muốn chuyển thì cấu hình nó "
        "(--transport {option} hoặc FEEDBACK_TRANSPORTS) rồi chạy lại dispatch.",
        "working": "đang chạy",
    },
    "en": {
        "usage": "{prog}: {error} (see --help)",
        "no_key": "No secret key {path}: run `feedback-core init` or set FEEDBACK_SECRET_KEY.",
        "bad_key": "The secret key {source} is invalid: it needs at least 32 hex digits.",
        "empty_url": "{option} is empty: give a URL (e.g. {example}) or leave the option out "
        "for the default.",
        "no_store": "There is no store at {url}: create it with `feedback-core init`, or check "
        "--storage.",
        "key_lost": "The store {url} was set up with the secret key of fingerprint {fingerprint}, "
        "but the key file {path} is missing: restore that file or set FEEDBACK_SECRET_KEY to "
        "that key (init never makes a new key for an existing store).",
        "key_lost_unknown": "The store {url} exists, but its secret key file {path} is missing: "
        "restore that file or set FEEDBACK_SECRET_KEY to that key (init never makes a new key "
        "for an existing store).",
        "no_password": "A password is needed: set {env} or run in a terminal.",
        "password_mismatch": "The two passwords differ.",
        "status_needs_as": "--status works only with --as.",
        "os_error": "System error: {error}",
        "interrupted": "Stopped on request.",
        "not_utf8": "The argument '{argument}' is not valid UTF-8 text; type it again in UTF-8.",
        "bad_lang_env": "{env}={value}: no such language; use vi or en.",
        "key_created": "Created the secret key {path} (readable by its owner only).",
        "key_found": "Using the secret key {source}.",
        "key_throwaway": "Using a throwaway secret key for this run (a memory: store keeps "
        "nothing once the command ends).",
        "store_ready": "Store ready: {url}",
        "admin_created": "Created the administrator {login}.",
        "already_initialised": "The store is already initialised: its administrator {login} "
        "exists (nothing changed, not even the password).",
        "unit_created": "Created the unit {code} ({name}).",
        "account_created": "Created the account {login} ({role}{unit}).",
        "prompt_password": "Password of {login}: ",
        "prompt_new": "New password for {login}: ",
        "prompt_again": "Repeat the password: ",
        "alerts_at": "Alerts in force at {at}: {count}",
        "alert_line": "- {headline} | {unit} | from {start} to {end} (Vietnam time)",
        "reports_count": "Reports: {count}",
        "report_line": "- {id} | {at} | {status} | {title}",
        "next_page": "Next page: --after {token}",
        "ticked": "Tick at {at}: {activated} alerts took effect, {expired} expired.",
        "dispatched": "Delivered {delivered} events, {failed} failed (retried later).",
        "dispatch_line": "- {transport}: delivered {delivered}, failed {failed}{error}, "
        "still waiting {waiting}{until}",
        "last_error": " (last error: {error})",
        "next_try": " (next try at {at} Vietnam time{error})",
        "next_try_error": "; last error: {error}",
        "not_configured": "Warning: {waiting} deliveries wait for {transport}, which is not "
        "configured now; to deliver them, configure it (--transport {option} or "
        "FEEDBACK_TRANSPORTS) and run dispatch again.",
        "working": "working",
    },
}


def text(lang: str, key: str, **params: object) -> str:
    """The command line's own text ``key`` in ``lang`` (Vietnamese unless "en")."""
    table = TEXTS["en"] if lang == "en" else TEXTS["vi"]
    return table[key].format(**params)


def say(lang: str, key: str, **params: object) -> None:
    """Print a text on standard output."""
    print(text(lang, key, **params))


def warn(line: str) -> None:
    """Print one line on standard error."""
    print(line, file=sys.stderr)


def word(lang: str, value: str) -> str:
    """A domain word (a status, an action) as the core's catalog shows it in ``lang``."""
    if value not in VOCABULARY:
        return value
    translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return translation.gettext(VOCABULARY[value])


def when(value: dt.datetime) -> str:
    """An instant on Vietnam's wall clock, e.g. "05/06/2025 07:30"."""
    return in_business_time(value).format("DD/MM/YYYY HH:mm")
