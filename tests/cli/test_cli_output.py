"""What the command line prints: whole or no demo store, a closed pipe, any terminal encoding,
and every word in the chosen language, errors naming the option a bad value came from."""

import argparse
import ast
import gettext
import importlib
import inspect
import os
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from feedback_core.cli import main, translations
from feedback_core.cli.demo import Scenario
from feedback_core.messages import VOCABULARY, choice_text, message

ADMIN_PASSWORD = "mat-khau-quan-tri"
SCRIPT = shutil.which("feedback-core", path=str(Path(sys.executable).parent))
STORE_FILES = {"feedback.db", "feedback.key"}
cli_main = importlib.import_module("feedback_core.cli.main")  # the package's `main` is the function


def run_cli(capsys, command):
    """Run ``command`` (shell-quoted words) in-process: exit code, stdout, stderr."""
    code = main(shlex.split(command))
    out, err = capsys.readouterr()
    return code, out, err


def environment(**changes):
    """This process's environment without FEEDBACK_* variables, with ``changes``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEEDBACK_")}
    env.update(changes)
    return {k: v for k, v in env.items() if v is not None}


def spawn(args, cwd, stdout=subprocess.PIPE, **env):
    """Run the installed console script with ``args`` (text or bytes)."""
    assert SCRIPT is not None
    return subprocess.run(
        [SCRIPT, *args],
        cwd=cwd,
        env=environment(**env),
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
        timeout=120,
    )


def closed_pipe():
    """The write end of a pipe whose reader has gone: every write to it fails (EPIPE)."""
    read, write = os.pipe()
    os.close(read)
    return write


# item 4: the demo leaves a whole store or none; a closed stdout ends any command quietly -----


@pytest.mark.parametrize("unbuffered", ["1", None], ids=["unbuffered", "block-buffered"])
def test_a_demo_whose_reader_has_gone_stops_quietly_and_leaves_no_store(tmp_path, unbuffered):
    stdout = closed_pipe()
    try:
        result = spawn(["demo"], tmp_path, stdout=stdout, PYTHONUNBUFFERED=unbuffered)
    finally:
        os.close(stdout)
    assert (141, b"") == (result.returncode, result.stderr)
    assert [] == list(tmp_path.iterdir())


def test_demo_piped_to_head_prints_one_line_and_a_rerun_works(tmp_path):
    assert SCRIPT is not None
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {shlex.quote(SCRIPT)} demo | head -1"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (141, "") == (result.returncode, result.stderr)
    assert 1 == len(result.stdout.splitlines())
    assert not STORE_FILES & {p.name for p in tmp_path.iterdir()}
    rerun = spawn(["demo"], tmp_path)
    assert (0, b"") == (rerun.returncode, rerun.stderr)
    assert STORE_FILES == {p.name for p in tmp_path.iterdir()}


@pytest.mark.parametrize("command", ["--help", "--version", "reports", "alerts", "init"])
def test_every_command_stops_quietly_when_its_reader_has_gone(tmp_path, command):
    assert 0 == main(["init"])
    stdout = closed_pipe()
    try:
        result = spawn(shlex.split(command), tmp_path, stdout=stdout)
    finally:
        os.close(stdout)
    assert (141, b"") == (result.returncode, result.stderr)


def test_a_demo_killed_midway_leaves_no_store_in_place(tmp_path):
    # The process kills itself in the middle of the story: no clean-up code can run.
    program = (
        "import os, signal, sys\n"
        "from feedback_core.cli import demo, main\n"
        "demo.Scenario.alert_day = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "sys.exit(main(['demo']))\n"
    )
    killed = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert -signal.SIGKILL == killed.returncode
    left = {p.name for p in tmp_path.iterdir()}
    assert not STORE_FILES & left
    assert all(name.startswith((".feedback.db.demo-", ".feedback.key.demo-")) for name in left)
    rerun = spawn(["demo"], tmp_path)
    assert (0, b"") == (rerun.returncode, rerun.stderr)


def test_a_demo_that_fails_midway_leaves_nothing(tmp_path, capsys, monkeypatch):
    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(Scenario, "alert_day", interrupted)
    code, out, err = run_cli(capsys, "demo")
    assert (130, "Đã dừng theo yêu cầu.\n") == (code, err)
    assert "Khởi tạo quản trị viên quantri." in out
    assert [] == list(tmp_path.iterdir())


def test_the_demo_fills_a_store_that_init_left_empty(tmp_path, capsys):
    assert 0 == main(["init"])
    key = (tmp_path / "feedback.key").read_text()
    code, out, err = run_cli(capsys, "demo")
    assert (0, "") == (code, err)
    assert "Xong. Dữ liệu nằm ở sqlite:///feedback.db" in out
    assert key == (tmp_path / "feedback.key").read_text()
    assert STORE_FILES == {p.name for p in tmp_path.iterdir()}
    assert 0 == main(["reports", "--limit", "1"])
    assert "Rác thải ùn ứ tại chợ" in capsys.readouterr().out


def test_the_demo_uses_a_key_from_the_environment_and_makes_no_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SECRET_KEY", "ab" * 32)
    assert 0 == main(["demo"])
    assert {"feedback.db"} == {p.name for p in tmp_path.iterdir()}


def test_the_demo_refuses_a_store_it_could_not_take_back(tmp_path, capsys):
    code, out, err = run_cli(capsys, "--storage postgresql://nowhere.invalid/feedback demo")
    assert (2, "") == (code, out)
    assert "Demo chỉ chạy trên một tệp SQLite" in err
    assert [] == list(tmp_path.iterdir())


def test_the_demo_in_a_missing_folder_names_the_folder(tmp_path, capsys):
    code, _, err = run_cli(capsys, "--storage sqlite:///nodir/demo.db demo")
    assert (1, "Lỗi hệ thống: không có tệp hoặc thư mục này: nodir\n") == (code, err)
    assert [] == list(tmp_path.iterdir())


# item 6: printing never fails on the terminal's encoding --------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
    ids=["PYTHONIOENCODING=ascii", "LANG=C", "LANG=C-without-utf8-mode"],
)
def test_output_never_fails_on_the_terminals_encoding(tmp_path, env):
    assert 0 == main(["init"])
    result = spawn(["reports"], tmp_path, **env)
    assert (0, b"") == (result.returncode, result.stderr)
    assert result.stdout in {"Phản ánh: 0\n".encode(), b"Ph\\u1ea3n \\xe1nh: 0\n"}
    error = spawn(["reports", "--status", "submitted"], tmp_path, **env)
    assert 2 == error.returncode
    assert b"Traceback" not in error.stderr
    assert error.stderr in {
        "--status chỉ dùng được cùng --as.\n".encode(),
        b"--status ch\\u1ec9 d\\xf9ng \\u0111\\u01b0\\u1ee3c c\\xf9ng --as.\n",
    }


# item 11: Vietnamese reads whole; errors name options -----------------------------------------


def test_choices_read_whole_in_vietnamese_and_stay_values_in_english():
    statuses = "submitted, in_progress, closed"
    assert message("invalid_choice", choices=statuses).render("vi") == (
        "Giá trị phải là một trong các lựa chọn: "
        "chờ tiếp nhận (submitted), đang xử lý (in_progress), đã đóng (closed)."
    )
    assert message("invalid_choice", choices=statuses).render("en") == (
        "Must be one of: submitted, in_progress, closed."
    )
    assert "cán bộ đơn vị (unit_staff)" == choice_text("unit_staff", "vi")
    assert "unit_staff" == choice_text("unit_staff", "en")


def test_every_word_a_choice_lists_has_a_vietnamese_meaning():
    from feedback_core.accounts.model import Role  # noqa: PLC0415 - the enums listed as choices
    from feedback_core.alerts.model import Category, Certainty, Severity, Urgency  # noqa: PLC0415
    from feedback_core.reports.model import ReportStatus  # noqa: PLC0415

    for kind in (Role, Category, Certainty, Severity, Urgency, ReportStatus):
        for member in kind:
            assert member.value in VOCABULARY
            assert choice_text(member.value, "vi").endswith(f" ({member.value})")


@pytest.fixture
def admin_store(monkeypatch):
    monkeypatch.setenv("FEEDBACK_ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert 0 == main(["init", "--admin", "quantri"])
    monkeypatch.delenv("FEEDBACK_ADMIN_PASSWORD")
    monkeypatch.setenv("FEEDBACK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("FEEDBACK_NEW_PASSWORD", "mot-mat-khau")


@pytest.mark.usefixtures("admin_store")
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("create-unit sotnmt Sở --as nobody",
         "--as: Số điện thoại, tên đăng nhập hoặc mật khẩu không đúng."),
        ("create-account --role unit_staff --unit nosuch --as quantri",
         "--unit: Không tìm thấy đơn vị."),
        ("create-account --role operator --unit sotnmt --as quantri",
         "--unit: Vai trò này không thuộc đơn vị nào; hãy bỏ trống đơn vị."),
        ("create-account --role operator --username 'Tiep Nhan' --as quantri",
         "--username: Chỉ dùng chữ cái thường không dấu"),
        ("create-account --role operator --username tiepnhan --as quantri --full-name 'a\tb'",
         "--full-name: Không được chứa ký tự điều khiển."),
        ("create-unit a Sở --as quantri", "MÃ: Tối thiểu 2 ký tự."),
        ("--lang en create-unit a Sở --as quantri", "code: At least 2 characters."),
        ("create-unit so_tnmt Sở --as quantri",
         "MÃ: Chỉ dùng chữ cái thường không dấu và chữ số; phải bắt đầu bằng một chữ cái."),
        ("create-unit sotnmt ' ' --as quantri", "TÊN: Trường này là bắt buộc."),
        ("reports --as quantri --status bogus",
         "--status: Giá trị phải là một trong các lựa chọn: chờ tiếp nhận (submitted), "),
        ("reports --as quantri --limit 0", "--limit: Giá trị phải nằm trong khoảng từ 1 đến 500."),
        ("reports --after bogus", "--after: Mã định danh không hợp lệ."),
        ("alerts --at 2026-03-02T08:00", "--at: Thời gian phải kèm theo múi giờ."),
        ("tick --now 2999-01-01T00:00+07:00", "--now: Không được muộn hơn thời điểm hiện tại"),
        ("--transport nosuch: reports", "--transport: Không có bộ kết nối nào phục vụ 'nosuch:'"),
    ],
)  # fmt: skip
def test_errors_name_the_option_not_the_cores_field(capsys, command, expected):
    capsys.readouterr()
    code, _, err = run_cli(capsys, command)
    assert code in {1, 2}
    assert err.startswith(expected), err
    assert 1 == len(err.splitlines())


@pytest.mark.usefixtures("admin_store")
def test_a_password_is_named_by_the_variable_that_gives_it(capsys, monkeypatch):
    monkeypatch.setenv("FEEDBACK_NEW_PASSWORD", "ngan")
    code, _, err = run_cli(capsys, "create-account --role operator --username tn1 --as quantri")
    assert (2, "FEEDBACK_NEW_PASSWORD: Tối thiểu 8 ký tự.\n") == (code, err)


def test_every_field_the_table_names_is_an_option_of_some_command():
    parser = cli_main.build_parser("en")
    shown = set()
    for each in translations.parsers(parser):
        for action in each._actions:
            shown.update(action.option_strings)
            if not action.option_strings:
                shown.add(action.metavar or action.dest)
    options = {*cli_main.OPTION_OF_FIELD.values()}
    options.update(o for table in cli_main.COMMAND_OPTIONS.values() for o in table.values())
    variables = {o for o in options if o.startswith("FEEDBACK_")}
    assert set() == options - shown - variables


def test_an_argument_that_is_not_utf8_is_named_as_such(tmp_path):
    result = spawn([b"create-unit", b"\xff\xfe", "Tên".encode(), b"--as", b"quantri"], tmp_path)
    assert 2 == result.returncode
    assert "Tham số '\\xff\\xfe' không phải văn bản UTF-8 hợp lệ" in result.stderr.decode()
    assert b"control" not in result.stderr
    assert b"\xc4\x91i\xe1\xbb\x81u khi\xe1\xbb\x83n" not in result.stderr  # "điều khiển"
    assert [] == list(tmp_path.iterdir())


def test_an_in_process_argument_with_a_lone_surrogate_is_refused(capsys):
    code = main(["--lang", "en", "create-unit", "\udcff", "Tên", "--as", "quantri"])
    err = capsys.readouterr().err
    assert (2, "The argument '\\xff' is not valid UTF-8 text; type it again in UTF-8.\n") == (
        code,
        err,
    )


def test_utf8_arguments_are_read_outside_a_utf8_locale(tmp_path):
    c_locale = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = spawn(["--storage", "memory:", "create-unit", "sở", "Tên", "--as", "x"], tmp_path)
    elsewhere = spawn(
        ["--storage", "memory:", "create-unit", "sở", "Tên", "--as", "x"], tmp_path, **c_locale
    )
    assert 2 == result.returncode == elsewhere.returncode  # no password: the arguments passed
    assert b"UTF-8" not in result.stderr + elsewhere.stderr


def test_init_in_memory_says_its_key_is_thrown_away(capsys):
    code, out, _ = run_cli(capsys, "--storage memory: init")
    assert 0 == code
    assert "memory:." not in out
    assert "Dùng một khoá bí mật tạm cho lần chạy này" in out
    code, out, _ = run_cli(capsys, "--lang en --storage memory: init")
    assert "Using the secret key memory:" not in out
    assert "a throwaway secret key" in out


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite://feedback.db", "reads 'feedback.db' as a server"),
        ("sqlite:", "'sqlite:' names no file"),
    ],
)
def test_a_sqlite_url_without_a_file_explains_the_form(tmp_path, capsys, url, expected):
    for command in ("init", "alerts", "demo"):
        code, _, err = run_cli(capsys, f"--lang en --storage {url} {command}")
        assert 2 == code
        assert err.startswith(f"--storage: '{url}' ")
        assert expected in err
        assert "sqlite:///relative.db" in err
        assert "sqlite:////absolute/path.db" in err
    code, _, err = run_cli(capsys, f"--storage {url} init")
    assert "sqlite:///feedback.db (đường dẫn tương đối, ba dấu gạch chéo)" in err
    assert [] == list(tmp_path.glob("*.db*"))  # no store under any name


# usage errors and --help follow --lang ---------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "env", "words"),
    [
        ("--help", {}, ["cách dùng: feedback-core", "tùy chọn:", "hiện trợ giúp này rồi thoát",
                        "LỆNH", "chạy toàn bộ kịch bản mẫu", "--key-file ĐƯỜNG_DẪN"]),
        ("create-unit --help", {}, ["tham số vị trí:", "MÃ", "TÊN", "--as TÊN_ĐĂNG_NHẬP",
                                    "quản trị viên thực hiện"]),
        ("--lang en --help", {}, ["usage: feedback-core", "options:", "COMMAND",
                                  "run the whole seed scenario"]),
        ("reports --help --lang en", {}, ["usage: feedback-core reports", "rows per page"]),
        ("--help", {"FEEDBACK_LANG": "en"}, ["usage: feedback-core", "show this help message"]),
        ("--lang vi --help", {"FEEDBACK_LANG": "en"}, ["cách dùng: feedback-core"]),
    ],
)  # fmt: skip
def test_help_follows_the_language(capsys, monkeypatch, command, env, words):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, _ = run_cli(capsys, command)
    assert 0 == code
    for word in words:
        assert word in out


@pytest.mark.parametrize(
    ("command", "env", "expected"),
    [
        ("", {}, "feedback-core: thiếu tham số bắt buộc: LỆNH (xem --help)"),
        ("create-account --as quantri", {},
         "feedback-core create-account: thiếu tham số bắt buộc: --role (xem --help)"),
        ("create-account --role admin --as quantri", {},
         ("feedback-core create-account: tham số --role: giá trị 'admin' không hợp lệ; chọn một "
          "trong: cán bộ đơn vị (unit_staff), lãnh đạo phê duyệt của đơn vị (unit_approver), "
          "cán bộ tiếp nhận (operator) (xem --help)")),
        ("reports --limit x", {},
         "feedback-core reports: tham số --limit: giá trị không hợp lệ: 'x' (xem --help)"),
        ("reports --bogus", {}, "feedback-core: tham số không hợp lệ: --bogus (xem --help)"),
        ("--la en bogus", {}, "feedback-core: argument COMMAND: invalid choice: 'bogus'"),
        ("bogus --lang=en", {}, "feedback-core: argument COMMAND: invalid choice: 'bogus'"),
        ("bogus", {"FEEDBACK_LANG": "en"}, "feedback-core: argument COMMAND: invalid choice"),
        ("--lang fr bogus", {}, "feedback-core: tham số --lang: giá trị 'fr' không hợp lệ"),
        ("alerts", {"FEEDBACK_LANG": "fr"}, "FEEDBACK_LANG=fr: ngôn ngữ này không có"),
    ],
)  # fmt: skip
def test_usage_errors_follow_the_language(capsys, monkeypatch, command, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, err = run_cli(capsys, command)
    assert (2, "") == (code, out)
    assert err.startswith(expected), err
    assert 1 == len(err.splitlines())


def test_every_help_text_and_placeholder_has_vietnamese():
    english, vietnamese = cli_main.build_parser("en"), cli_main.build_parser("vi")
    pairs = zip(translations.parsers(english), translations.parsers(vietnamese), strict=True)
    for en, vi in pairs:
        assert (en.description is None) == (vi.description is None)
        assert en.description is None or en.description != vi.description
        for en_action, vi_action in zip(_shown_actions(en), _shown_actions(vi), strict=True):
            assert (en_action.help is None) == (vi_action.help is None)
            assert en_action.help is None or en_action.help != vi_action.help, en_action.help
            placeholder = vi_action.metavar
            command_line = isinstance(vi_action, argparse._SubParsersAction._ChoicesPseudoAction)
            if isinstance(placeholder, str) and not command_line:  # a command's name stays
                assert placeholder in {
                    *translations.PLACEHOLDERS.values(),
                    *translations.UNTRANSLATED,
                }, placeholder


def _shown_actions(parser):
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            yield from action._get_subactions()


def test_every_string_argparse_translates_is_in_the_table():
    tree = ast.parse(inspect.getsource(argparse))
    msgids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "ngettext"}:
            msgids.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    assert msgids
    assert set() == msgids - translations.ARGPARSE.keys() - translations.DEVELOPER_ONLY


def test_the_vietnamese_argparse_keeps_its_placeholders():
    for msgid, vietnamese in translations.ARGPARSE.items():
        values = {"prog": "p", "message": "m", "argument_name": "a", "option": "o"}
        values |= {"matches": "x", "type": "t", "value": "v", "choices": "c"}
        values |= {"parser_name": "n", "filename": "f", "error": "e"}
        if "%(" in msgid:
            assert set(values) >= set(_names(vietnamese))
            assert set(_names(vietnamese)) <= set(_names(msgid))
            vietnamese % values
        else:
            assert msgid.count("%s") + msgid.count("%r") == vietnamese.count(
                "%s"
            ) + vietnamese.count("%r")


def _names(template):
    return [part.split(")")[0] for part in template.split("%(")[1:]]


def test_argparse_speaks_english_again_after_a_vietnamese_command(capsys):
    run_cli(capsys, "--help")
    assert gettext.gettext is vars(argparse)["_"]
    assert "usage: " in argparse.ArgumentParser(prog="x").format_usage()


def test_system_errors_are_said_in_vietnamese(tmp_path, capsys):
    code, _, err = run_cli(capsys, "--key-file no/such/dir/feedback.key init")
    assert 1 == code
    assert err.startswith("Lỗi hệ thống: không có tệp hoặc thư mục này: no/such/dir")
    assert "No such file" not in err
    code, _, err = run_cli(capsys, "--lang en --key-file no/such/dir/feedback.key init")
    assert err.startswith("System error: No such file or directory: no/such/dir")
