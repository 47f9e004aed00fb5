"""Vietnamese for the English the command line gets from elsewhere.

argparse prints its own strings through gettext (``usage:``, ``options:``, "the following
arguments are required"), the help texts and placeholders the commands give it, and the
operating system names its errors in English ("No such file or directory"). ``main`` shows
these tables' Vietnamese when ``--lang vi`` (the default) is chosen, through the functions at
the end (`argparse_speaking`, `translate_help`, `os_reason`); English is the source.
"""

from __future__ import annotations

import argparse
import errno
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterator

# argparse's gettext msgids (Python 3.11 to 3.13) and their Vietnamese. A test checks that
# every msgid of the running Python's argparse is here or in DEVELOPER_ONLY.
ARGPARSE: Final[dict[str, str]] = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số vị trí",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "subcommands": "lệnh con",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unrecognized arguments: %s": "tham số không hợp lệ: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s chưa rõ: có thể là %(matches)s"
    ),
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị: %r",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "giá trị %(value)r không hợp lệ; chọn một trong: %(choices)s"
    ),
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}

# argparse's msgids that only a programmer building a parser can meet (a ValueError or
# TypeError while the parser is made), never someone running the command.
DEVELOPER_ONLY: Final = frozenset(
    {
        ".__call__() not defined",
        "'required' is an invalid argument for positionals",
        "mutually exclusive arguments must be optional",
        "cannot merge actions - two groups are named %r",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "dest= is required for options like %r",
        "invalid conflict_resolution value: %r",
        "cannot have multiple subparser arguments",
        "conflicting subparser: %s",
        "conflicting subparser alias: %s",
        "conflicting option string: %s",
        "conflicting option strings: %s",
        "%r is not callable",
        'argument "-" with mode %r',
    }
)

# The help texts, the description and the placeholders the commands give argparse.
HELP: Final[dict[str, str]] = {
    "Citizen-feedback engine (1022 portals).": (
        "Bộ máy tiếp nhận và xử lý phản ánh, kiến nghị của người dân (cổng 1022)."
    ),
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    # the options every command takes
    "store URL (env FEEDBACK_STORAGE; default sqlite:///feedback.db)": (
        "địa chỉ kho dữ liệu (biến môi trường FEEDBACK_STORAGE; mặc định sqlite:///feedback.db)"
    ),
    "SMS sender URL (env FEEDBACK_SMS; console:)": (
        "địa chỉ dịch vụ gửi SMS (biến môi trường FEEDBACK_SMS; mặc định console:)"
    ),
    "event transport URL, repeatable (env FEEDBACK_TRANSPORTS, comma-separated)": (
        "địa chỉ kênh chuyển sự kiện, dùng được nhiều lần (biến môi trường "
        "FEEDBACK_TRANSPORTS, các địa chỉ cách nhau bằng dấu phẩy)"
    ),
    "language: vi (default) or en (env FEEDBACK_LANG)": (
        "ngôn ngữ: vi (mặc định) hoặc en (biến môi trường FEEDBACK_LANG)"
    ),
    "secret key file (default: env FEEDBACK_SECRET_KEY, else feedback.key next to the "
    "SQLite file)": (
        "tệp khoá bí mật (mặc định: biến môi trường FEEDBACK_SECRET_KEY, nếu không có thì "
        "tệp feedback.key cạnh tệp SQLite)"
    ),
    # demo
    "run the whole seed scenario on a fresh store": (
        "chạy toàn bộ kịch bản mẫu trên một kho dữ liệu mới"
    ),
    # init, create-unit, create-account
    "create or migrate the store and the key file": (
        "tạo hoặc nâng cấp kho dữ liệu và tệp khoá bí mật"
    ),
    "also create the first administrator (password: FEEDBACK_ADMIN_PASSWORD or prompt)": (
        "tạo luôn quản trị viên đầu tiên (mật khẩu: biến môi trường FEEDBACK_ADMIN_PASSWORD "
        "hoặc nhập khi được hỏi)"
    ),
    "add an agency unit": "thêm một đơn vị (cơ quan)",
    'short lowercase code, e.g. "sotnmt"': 'mã ngắn, chữ thường không dấu, ví dụ "sotnmt"',
    "the unit's full name": "tên đầy đủ của đơn vị",
    "add an official's account (password: FEEDBACK_NEW_PASSWORD or prompt)": (
        "thêm tài khoản cán bộ (mật khẩu: biến môi trường FEEDBACK_NEW_PASSWORD hoặc nhập "
        "khi được hỏi)"
    ),
    "the unit (unit roles only)": "đơn vị (chỉ với vai trò thuộc đơn vị)",
    'login name; an approver defaults to "<unit>_pheduyet"': (
        'tên đăng nhập; lãnh đạo phê duyệt mặc định là "<mã đơn vị>_pheduyet"'
    ),
    "the administrator acting (password: FEEDBACK_PASSWORD or prompt)": (
        "quản trị viên thực hiện (mật khẩu: biến môi trường FEEDBACK_PASSWORD hoặc nhập khi "
        "được hỏi)"
    ),
    # alerts, reports
    "alerts in force": "các cảnh báo đang hiệu lực",
    "a time with its offset, e.g. 2025-06-05T08:00+07:00": (
        "thời điểm kèm múi giờ, ví dụ 2025-06-05T08:00+07:00"
    ),
    "public reports, or those an account may list": (
        "các phản ánh công khai, hoặc các phản ánh một tài khoản được xem"
    ),
    "list as this account (password: FEEDBACK_PASSWORD or prompt)": (
        "xem với tư cách tài khoản này (mật khẩu: biến môi trường FEEDBACK_PASSWORD hoặc "
        "nhập khi được hỏi)"
    ),
    "only this status (with --as)": "chỉ các phản ánh ở trạng thái này (dùng cùng --as)",
    "rows per page (default 20)": "số dòng mỗi trang (mặc định 20)",
    "the next-page token printed last": "mã trang sau, in ở dòng cuối lần trước",
    # tick, dispatch
    "announce alerts that took effect or expired": (
        "thông báo các cảnh báo vừa bắt đầu hiệu lực hoặc vừa hết hạn"
    ),
    "a time with its offset (default now)": "thời điểm kèm múi giờ (mặc định: bây giờ)",
    "deliver pending events to the transports": "chuyển các sự kiện đang chờ tới các kênh",
    # serve
    "serve the HTTP API with uvicorn (extra [http])": (
        "chạy API HTTP bằng uvicorn (cần gói bổ sung [http])"
    ),
    "address to listen on (default 127.0.0.1)": "địa chỉ lắng nghe (mặc định 127.0.0.1)",
    "port to listen on (default 8000)": "cổng lắng nghe (mặc định 8000)",
}

# Placeholders in the usage lines (an option's metavar, a positional argument's name).
PLACEHOLDERS: Final[dict[str, str]] = {
    "COMMAND": "LỆNH",
    "PATH": "ĐƯỜNG_DẪN",
    "USERNAME": "TÊN_ĐĂNG_NHẬP",
    "CODE": "MÃ_ĐƠN_VỊ",
    "NAME": "HỌ_TÊN",
    "STATUS": "TRẠNG_THÁI",
    "LIMIT": "SỐ_DÒNG",
    "TOKEN": "MÃ_TRANG",
    "HOST": "ĐỊA_CHỈ",
    "PORT": "CỔNG",
    "code": "MÃ",
    "name": "TÊN",
}
# Placeholders that read the same in both languages.
UNTRANSLATED: Final = frozenset({"URL", "ISO8601"})

# What the operating system's English error reasons say, for the errors a command may meet.
ERRNO: Final[dict[int, str]] = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "thao tác không được phép",
    errno.EEXIST: "tệp đã tồn tại",
    errno.ENOTDIR: "không phải là thư mục",
    errno.EISDIR: "là một thư mục",
    errno.EROFS: "hệ thống tệp chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã hết chỗ trống",
    errno.EDQUOT: "đã dùng hết hạn mức dung lượng",
    errno.EIO: "lỗi đọc ghi thiết bị",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "quá nhiều liên kết tượng trưng lồng nhau",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EBUSY: "thiết bị hoặc tài nguyên đang bận",
    errno.EXDEV: "không tạo được liên kết giữa hai hệ thống tệp khác nhau",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EPIPE: "đầu đọc của đường ống đã đóng",
    errno.ETIMEDOUT: "hết thời gian chờ",
    errno.ECONNREFUSED: "kết nối bị từ chối",
    errno.ECONNRESET: "kết nối bị ngắt",
}


def os_reason(error: OSError, lang: str) -> str:
    """What went wrong in ``lang``, and the files it is about."""
    reason = error.strerror or str(error)
    if lang == "vi" and error.errno is not None:
        name = errno.errorcode.get(error.errno, str(error.errno))
        reason = ERRNO.get(error.errno, f"mã lỗi {name}")
    files = [str(name) for name in (error.filename, error.filename2) if name is not None]
    return f"{reason}: {', '.join(files)}" if files else reason


@contextmanager
def argparse_speaking(lang: str) -> Iterator[None]:
    """The words argparse prints itself ("usage:", "options:", errors) in ``lang``, in the block.

    argparse looks them up through its module's gettext functions when it needs them, so
    these are swapped for the block: one command line at a time, not thread-safe.
    """
    names = vars(argparse)
    saved: dict[str, object] = {name: names[name] for name in ("_", "ngettext") if name in names}
    if lang == "vi":
        names.update(_=_vietnamese, ngettext=_vietnamese_plural)
    try:
        yield
    finally:
        names.update(saved)


def _vietnamese(msgid: str) -> str:
    return ARGPARSE.get(msgid, msgid)


def _vietnamese_plural(singular: str, plural: str, count: int) -> str:
    return _vietnamese(singular if count == 1 else plural)


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser and its commands' parsers."""
    yield parser
    for action in parser._actions:  # noqa: SLF001 - argparse keeps a parser's options only there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001 - the commands
            for command in action.choices.values():
                yield from parsers(command)


def translate_help(parser: argparse.ArgumentParser) -> None:
    """Put the help texts and placeholders of ``parser`` and its commands in Vietnamese."""
    for each in parsers(parser):
        _translate(each)


def _translate(parser: argparse.ArgumentParser) -> None:
    if parser.description:
        parser.description = HELP.get(parser.description, parser.description)
    for action in parser._actions:  # noqa: SLF001 - as above
        _localise_action(action)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001 - the commands
            for listed in action._get_subactions():  # noqa: SLF001 - their help lines
                _localise_action(listed)


def _localise_action(action: argparse.Action) -> None:
    if action.help:
        action.help = HELP.get(action.help) or _vietnamese(action.help)
    shown = action.metavar
    if shown is None and action.nargs != 0 and action.choices is None:
        shown = action.dest.upper() if action.option_strings else action.dest
    if isinstance(shown, str):
        action.metavar = PLACEHOLDERS.get(shown, shown)
