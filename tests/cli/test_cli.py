"""The feedback-core command: the demo, set-up, look-ups, jobs, and one-line errors."""

import io
import os
import shlex
import shutil
import stat
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pendulum
import pytest

import feedback_core
from feedback_core import FeedbackSystem, FixedClock, Settings
from feedback_core.cli import config as cli_config
from feedback_core.cli import main, run
from feedback_core.cli.jobs import progress

ADMIN_PASSWORD = "mat-khau-quan-tri"
OPERATOR_PASSWORD = "tiep-nhan-1022"


def run_cli(capsys, command):
    """Run ``command`` (shell-quoted words) in-process: exit code, stdout, stderr."""
    code = main(shlex.split(command))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err):
    assert "Traceback" not in err
    assert 1 == len(err.strip().splitlines()), err


# the demo ---------------------------------------------------------------------------------


def test_the_demo_tells_the_whole_story_in_vietnamese(tmp_path, capsys):
    code, out, err = run_cli(capsys, "demo")
    assert (0, "") == (code, err)
    for step in (
        "feedback_core.FixedClock",
        "SMS tới +84912345678: Ma kich hoat",
        "tài khoản đã kích hoạt",
        "tick → AlertActivated; cảnh báo đang hiệu lực: 1",
        "tick → AlertExpired; cảnh báo đang hiệu lực: 0",
        "đã xử lý xong",
        "Công dân đánh giá kết quả 5/5",
        "Lịch sử phản ánh:",
        "hoàn tất xử lý | đang xử lý → đã xử lý xong",
    ):
        assert step in out
    key = tmp_path / "feedback.key"
    assert 0o600 == stat.S_IMODE(key.stat().st_mode)
    assert (tmp_path / "feedback.db").exists()


@pytest.mark.parametrize("argv", ["--lang en demo", "demo --lang en"])
def test_the_demo_speaks_english_with_lang_before_or_after_the_command(capsys, argv):
    code, out, _ = run_cli(capsys, f"{argv} --storage memory:")
    assert 0 == code
    for step in (
        "Simulated clock (feedback_core.FixedClock)",
        "the account is activated",
        "tick → AlertActivated; active alerts: 1",
        "tick → AlertExpired; active alerts: 0",
        "answered “Đã thu gom rác và nhắc nhở ban quản lý chợ.”: resolved",
        "The citizen rated the answer 5/5",
        "resolve | in progress → resolved",
    ):
        assert step in out
    assert "Done." not in out  # nothing is kept in memory: no hint to look at it later


def test_the_demo_refuses_a_store_that_already_holds_it(capsys):
    assert 0 == main(["demo"])
    capsys.readouterr()
    code, out, err = run_cli(capsys, "demo")
    assert (1, "") == (code, out)
    assert_one_line_error(err)
    assert "xoá feedback.db" in err


def test_the_demo_refuses_a_store_with_an_administrator(capsys, monkeypatch):
    monkeypatch.setenv("FEEDBACK_ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert 0 == main(["--storage", "sqlite:///other.db", "init", "--admin", "quantri"])
    code, _, err = run_cli(capsys, "--lang en --storage sqlite:///other.db demo")
    assert 1 == code
    assert "To start over: delete other.db" in err


def test_the_installed_console_script_runs_the_demo(tmp_path):
    script = shutil.which("feedback-core", path=str(Path(sys.executable).parent))
    assert script is not None, "pip install -e . installs the feedback-core script"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEEDBACK_")}
    result = subprocess.run(
        [script, "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert (0, "") == (result.returncode, result.stderr)
    assert "AlertExpired; cảnh báo đang hiệu lực: 0" in result.stdout


# set-up, look-ups and jobs on a SQLite file -------------------------------------------------


def test_a_store_is_set_up_and_used_from_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FEEDBACK_TRANSPORTS", "jsonl:events.jsonl")
    monkeypatch.setenv("FEEDBACK_ADMIN_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = run_cli(capsys, "init --admin quantri")
    assert 0 == code
    assert "Đã tạo khoá bí mật" in out
    assert "Đã tạo quản trị viên quantri." in out
    code, out, _ = run_cli(capsys, "init")  # again: migrates, keeps the key
    assert (0, True) == (code, "Dùng khoá bí mật feedback.key" in out)

    monkeypatch.setenv("FEEDBACK_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = run_cli(capsys, "create-unit sotnmt 'Sở Tài nguyên và Môi trường' --as quantri")
    assert (0, "Đã tạo đơn vị sotnmt (Sở Tài nguyên và Môi trường).\n") == (code, out)
    monkeypatch.setenv("FEEDBACK_NEW_PASSWORD", "lanh-dao-so")
    code, out, _ = run_cli(capsys, "create-account --role unit_approver --unit sotnmt --as quantri")
    assert (0, "Đã tạo tài khoản sotnmt_pheduyet (lãnh đạo phê duyệt của đơn vị, sotnmt).\n") == (
        code,
        out,
    )
    monkeypatch.setenv("FEEDBACK_NEW_PASSWORD", OPERATOR_PASSWORD)
    command = "create-account --role operator --username tiepnhan --full-name 'Lê C' --as quantri"
    code, out, _ = run_cli(capsys, f"--lang en {command}")
    assert (0, "Created the account tiepnhan (operator).\n") == (code, out)

    monkeypatch.setenv("FEEDBACK_PASSWORD", OPERATOR_PASSWORD)
    assert (0, "Phản ánh: 0\n", "") == run_cli(capsys, "reports --as tiepnhan --status submitted")
    assert (0, "Reports: 0\n", "") == run_cli(capsys, "reports --lang en")
    code, out, _ = run_cli(capsys, "alerts --at 2026-03-02T09:00+07:00")
    assert (0, "Cảnh báo đang hiệu lực lúc 02/03/2026 09:00: 0\n") == (code, out)
    code, out, _ = run_cli(capsys, "tick --now 2026-03-02T02:00:00+00:00")
    assert (
        0,
        "Đã rà soát cảnh báo lúc 02/03/2026 09:00: 0 cảnh báo bắt đầu hiệu lực, 0 hết hạn.\n",
    ) == (code, out)
    code, out, _ = run_cli(capsys, "--lang en dispatch")
    assert 0 == code
    assert out.startswith("Delivered ")
    assert "0 failed" in out
    assert "UnitCreated" in (tmp_path / "events.jsonl").read_text(encoding="utf-8")


def test_alerts_and_reports_page_through_the_demo_store(tmp_path, capsys, monkeypatch):
    assert 0 == main(["demo"])
    key = bytes.fromhex((tmp_path / "feedback.key").read_text())
    # The demo's report is dated 09:00 Vietnam time on the demo's day, which is still ahead
    # of the real clock between midnight and 09:00 there: this one must come after it.
    later = FixedClock(pendulum.now("UTC").add(days=2))
    system = FeedbackSystem.from_urls(
        Settings(secret_key=key), storage="sqlite:///feedback.db", clock=later
    )
    citizen = system.login("0912345678", "cong-dan-123")
    operator = system.login("tiepnhan", OPERATOR_PASSWORD)
    second = system.submit_report(
        citizen.id, title="Đèn đường hỏng", content="Tối om.", category="giao_thong", address="QL22"
    )
    system.accept_report(operator.id, second.id)
    system.close()
    capsys.readouterr()

    code, out, _ = run_cli(capsys, "reports --limit 1")
    assert (0, True) == (code, "Đèn đường hỏng" in out)
    token = out.strip().splitlines()[-1].removeprefix("Trang sau: --after ")
    code, out, _ = run_cli(capsys, f"reports --limit 1 --after {token}")
    assert (0, True) == (code, "Rác thải ùn ứ tại chợ" in out)
    token = out.strip().splitlines()[-1].removeprefix("Trang sau: --after ")
    assert (0, "Phản ánh: 0\n", "") == run_cli(capsys, f"reports --after {token}")

    code, out, _ = run_cli(capsys, "--lang en alerts --at 2030-01-01T00:00+00:00")
    assert (0, "Alerts in force at 01/01/2030 07:00: 0\n") == (code, out)
    code, out, _ = run_cli(capsys, "alerts")
    assert out.startswith("Cảnh báo đang hiệu lực lúc ")


def test_an_alert_in_force_is_listed_with_its_unit_and_times(capsys):
    assert 0 == main(["demo"])
    capsys.readouterr()
    # The demo's alert runs 07:00-18:00 Vietnam time the day after the demo's morning.
    system, _ = cli_config.open_system(cli_config.Options())
    day = system.units()[0].created_at.in_timezone("Asia/Ho_Chi_Minh").add(days=1)
    system.close()
    code, out, _ = run_cli(capsys, f"alerts --at {day.replace(hour=8, minute=0).isoformat()}")
    assert 0 == code
    assert "- Cắt nước khu vực phường 1 | sotnmt (Sở Tài nguyên và Môi trường) | từ " in out


# errors: one line, the right exit code, never a traceback ------------------------------------


@pytest.mark.parametrize(
    ("command", "exit_code", "expected"),
    [
        ("--storage nosuch: alerts", 2, "--storage: "),
        ("alerts --at 2026-03-02T08:00", 2, "--at: Thời gian phải kèm theo múi giờ."),
        ("alerts --at 'hôm qua'", 2, "--at: Giá trị phải là ngày giờ."),
        ("--lang en tick --now 2026-03-02", 2, "--now: A time with a time zone"),
        ("alerts", 1, "feedback-core init"),
        ("reports --status submitted", 2, "--status chỉ dùng được cùng --as."),
        ("reports --as tiepnhan", 2, "FEEDBACK_PASSWORD"),
        ("--transport jsonl:e.jsonl --transport nosuch: dispatch", 2, "--transport: "),
        ("bogus", 2, "(xem --help)"),
        ("--lang en bogus", 2, "(see --help)"),
        ("", 2, "LỆNH"),
        ("--lang en", 2, "COMMAND"),
        ("--lang=en reports --limit x", 2, "invalid int value"),
        ("create-account --role admin --as quantri", 2, "giá trị 'admin' không hợp lệ"),
    ],
)
def test_bad_input_is_one_line_and_a_nonzero_exit(capsys, command, exit_code, expected):
    code, out, err = run_cli(capsys, command)
    assert (exit_code, "") == (code, out)
    assert_one_line_error(err)
    assert expected in err


def test_no_key_file_is_created_for_a_mistyped_url(tmp_path, capsys):
    code, _, err = run_cli(capsys, "--storage nosuch: init")
    assert 2 == code
    assert "'nosuch:'" in err
    assert [] == list(tmp_path.iterdir())


@pytest.fixture
def admin_store(monkeypatch):
    monkeypatch.setenv("FEEDBACK_ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert 0 == main(["init", "--admin", "quantri"])
    monkeypatch.delenv("FEEDBACK_ADMIN_PASSWORD")


@pytest.mark.usefixtures("admin_store")
@pytest.mark.parametrize(
    ("command", "env", "exit_code", "expected"),
    [
        ("create-unit sotnmt Sở --as quantri", {"FEEDBACK_PASSWORD": "sai-mat-khau"}, 1,
         "--as: Số điện thoại, tên đăng nhập hoặc mật khẩu không đúng."),
        ("create-account --role unit_staff --unit nosuch --username nosuch_a --as quantri",
         {"FEEDBACK_PASSWORD": ADMIN_PASSWORD, "FEEDBACK_NEW_PASSWORD": "mot-mat-khau"}, 1,
         "--unit: "),
        ("--lang en create-unit 'BAD CODE' Sở --as quantri", {"FEEDBACK_PASSWORD": ADMIN_PASSWORD},
         2, "code: "),
        ("init --admin quantri2", {"FEEDBACK_ADMIN_PASSWORD": ADMIN_PASSWORD}, 1, "--admin: "),
        ("reports --as quantri --limit 0", {"FEEDBACK_PASSWORD": ADMIN_PASSWORD}, 2, "--limit: "),
        ("--key-file missing/feedback.key alerts", {}, 1, "missing/feedback.key"),
        ("alerts", {"FEEDBACK_SECRET_KEY": "not hex"}, 2, "FEEDBACK_SECRET_KEY"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_a_nonzero_exit(
    capsys, monkeypatch, command, env, exit_code, expected
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    code, _, err = run_cli(capsys, command)
    assert exit_code == code
    assert_one_line_error(err)
    assert expected in err


def test_a_damaged_key_file_is_refused(tmp_path, capsys):
    (tmp_path / "feedback.key").write_text("abcd\n")
    code, _, err = run_cli(capsys, "alerts")
    assert 1 == code
    assert_one_line_error(err)
    assert "feedback.key" in err


def test_system_errors_are_one_line(capsys):
    code, _, err = run_cli(capsys, "--key-file no/such/dir/feedback.key init")
    assert 1 == code
    assert_one_line_error(err)
    assert err.startswith("Lỗi hệ thống: ")


def test_help_exits_cleanly(capsys):
    code, out, _ = run_cli(capsys, "--help")
    assert 0 == code
    assert "create-account" in out


def test_version_prints_the_installed_version_and_exits_cleanly(capsys):
    code, out, err = run_cli(capsys, "--version")
    assert (0, f"feedback-core {metadata.version('feedback-core')}\n", "") == (code, out, err)


def test_the_package_version_is_the_installed_distributions():
    assert metadata.version("feedback-core") == feedback_core.__version__


def test_the_console_script_exits_with_mains_code(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["feedback-core", "--lang", "en", "bogus"])
    with pytest.raises(SystemExit) as stop:
        run()
    assert 2 == stop.value.code


# prompts on a terminal ---------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def typed(monkeypatch):
    """Answers to password prompts, as if typed at a terminal."""
    answers: list[str] = []

    def getpass(prompt):
        if not answers:
            raise KeyboardInterrupt
        return answers.pop(0)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(cli_config.getpass, "getpass", getpass)
    return answers


def test_passwords_are_asked_twice_at_a_terminal(capsys, typed):
    typed += [ADMIN_PASSWORD, ADMIN_PASSWORD]
    code, out, _ = run_cli(capsys, "init --admin quantri")
    assert (0, True) == (code, "quantri" in out)
    typed += [ADMIN_PASSWORD]
    assert 0 == main(["create-unit", "sotnmt", "Sở", "--as", "quantri"])


def test_two_different_passwords_are_refused(capsys, typed):
    typed += [ADMIN_PASSWORD, "something-else"]
    code, _, err = run_cli(capsys, "init --admin quantri")
    assert 2 == code
    assert_one_line_error(err)
    assert "không khớp" in err


def test_ctrl_c_is_one_line(capsys, typed):
    code, _, err = run_cli(capsys, "--lang en init --admin quantri")
    assert (130, "Stopped on request.\n") == (code, err)


def test_progress_spins_only_on_a_terminal():
    terminal, pipe = Terminal(), io.StringIO()
    with progress("working", terminal), progress("working", pipe):
        pass
    assert "working" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    assert "" == pipe.getvalue()


def test_a_key_file_made_meanwhile_by_another_process_is_used(tmp_path, monkeypatch):
    theirs = "ab" * 32
    real_link = os.link

    def link_after_them(source, target):
        Path(target).write_text(theirs)
        real_link(source, target)

    monkeypatch.setattr(cli_config.os, "link", link_after_them)
    key = cli_config.secret_key(cli_config.Options(), create=True)
    assert (bytes.fromhex(theirs), False) == (key.value, key.created)
    assert ["feedback.key"] == [p.name for p in tmp_path.iterdir()]
