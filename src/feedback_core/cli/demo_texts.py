"""The demo's step lines, in Vietnamese and English."""

from __future__ import annotations

from typing import Final

STEPS: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "clock": "Đồng hồ mô phỏng (feedback_core.FixedClock): {at} giờ Việt Nam.",
        "admin": "Khởi tạo quản trị viên {login}.",
        "unit": "Tạo đơn vị {code} ({name}), lãnh đạo {leader} và cán bộ tiếp nhận {operator}.",
        "registered": "Công dân đăng ký với số {typed} (lưu là {phone}), chờ kích hoạt.",
        "sms": "SMS tới {phone}: {text}",
        "activated": "Kích hoạt bằng mã {code}: tài khoản đã kích hoạt.",
        "logged_in": "Đăng nhập bằng {typed}: thành công.",
        "reported": "Gửi phản ánh «{title}»: {status}, hạn tiếp nhận {deadline}.",
        "alert": "Lãnh đạo {leader} soạn cảnh báo «{headline}» từ {start} đến {end}.",
        "approved": "Cảnh báo đã gửi duyệt và được phê duyệt; đang hiệu lực lúc này: {count}.",
        "ticked": "Đồng hồ mô phỏng sang {at}: tick → {events}; cảnh báo đang hiệu lực: {count}.",
        "routed": "Cán bộ {operator} tiếp nhận và chuyển phản ánh tới {unit}: {status}.",
        "resolved": "Đơn vị bắt đầu xử lý rồi trả lời «{response}»: {status}.",
        "rated": "Công dân đánh giá kết quả {rating}/5.",
        "history": "Lịch sử phản ánh:",
        "entry": "  {at} | {action} | {before} → {after}",
        "done": "Xong. Dữ liệu nằm ở {url}; xem thử: {command}",
        "not_fresh": "Kho {url} đã có dữ liệu (đơn vị hoặc quản trị viên): demo cần kho mới. "
        "Chạy lại từ đầu: {restart}",
        "restart_file": "xoá {path}, hoặc dùng --storage sqlite:///feedback-demo-2.db",
        "restart_other": "dùng --storage sqlite:///feedback-demo-2.db",
        "no_event": "không có sự kiện",
        "needs_file": "Demo chỉ chạy trên một tệp SQLite (--storage sqlite:///feedback-demo.db) "
        "hoặc trong bộ nhớ (--storage memory:): trên {url}, một lần chạy bị dừng giữa chừng "
        "sẽ để lại dữ liệu dở dang không gỡ được.",
    },
    "en": {
        "clock": "Simulated clock (feedback_core.FixedClock): {at} Vietnam time.",
        "admin": "Bootstrapped the administrator {login}.",
        "unit": "Created the unit {code} ({name}), its leader {leader} and the operator "
        "{operator}.",
        "registered": "A citizen registered with {typed} (stored as {phone}), pending activation.",
        "sms": "SMS to {phone}: {text}",
        "activated": "Code {code} entered: the account is activated.",
        "logged_in": "Logged in with {typed}.",
        "reported": "Sent the report “{title}”: {status}, to be accepted by {deadline}.",
        "alert": "The leader {leader} drafted the alert “{headline}” from {start} to {end}.",
        "approved": "The alert was submitted and approved; active alerts now: {count}.",
        "ticked": "Simulated clock moved to {at}: tick → {events}; active alerts: {count}.",
        "routed": "The operator {operator} accepted the report and routed it to {unit}: {status}.",
        "resolved": "The unit started on it and answered “{response}”: {status}.",
        "rated": "The citizen rated the answer {rating}/5.",
        "history": "The report's history:",
        "entry": "  {at} | {action} | {before} → {after}",
        "done": "Done. The data is in {url}; try: {command}",
        "not_fresh": "The store {url} already holds data (units or an administrator): the demo "
        "needs a fresh one. To start over: {restart}",
        "restart_file": "delete {path}, or pass --storage sqlite:///feedback-demo-2.db",
        "restart_other": "pass --storage sqlite:///feedback-demo-2.db",
        "no_event": "no event",
        "needs_file": "The demo runs on a SQLite file (--storage sqlite:///feedback-demo.db) or "
        "in memory (--storage memory:): on {url}, a run cut short would leave half a scenario "
        "that could not be taken back.",
    },
}
