"""The store and its key from the command line: only `init` and `demo` make them, a store
keeps its key, storage errors are one line that says what to do, `init` runs twice safely.
"""

import os
import shlex
import subprocess
from contextlib import suppress

import pytest

from feedback_core.accounts.keys import fingerprint
from feedback_core.cli import main
from feedback_sqlite import SqliteStorage
from feedback_sqlite import store as sqlite_store

ADMIN_PASSWORD = "mat-khau-quan-tri"
OPERATOR_PASSWORD = "tiep-nhan-1022"  # the demo's operator
OTHER_KEY = "cd" * 32


@pytest.fixture(autouse=True)
def admin_password(clean_environment, monkeypatch):
    """On top of the clean folder and environment (conftest.py): init's admin password."""
    monkeypatch.setenv("FEEDBACK_ADMIN_PASSWORD", ADMIN_PASSWORD)


def run_cli(capsys, command):
    """Run ``command`` (shell-quoted words) in-process: exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(shlex.split(command))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, command, code=1):
    """Run a command that must fail with one line on stderr and nothing on stdout."""
    got, out, err = run_cli(capsys, command)
    assert (code, "") == (got, out), err
    assert "Traceback" not in err
    assert 1 == len(err.strip().splitlines()), err
    return err


def files(folder):
    return sorted(p.name for p in folder.iterdir())


def stored_key(folder):
    return bytes.fromhex((folder / "feedback.key").read_text())


# 2. only init and demo make a store ---------------------------------------------------------

READING = [
    "alerts",
    "reports",
    "tick",
    "--transport jsonl:events.jsonl dispatch",
    "reports --as tiepnhan",
    "create-unit soyte 'Sở Y tế' --as quantri",
]


@pytest.mark.parametrize("command", READING)
def test_a_command_on_a_mistyped_store_names_it_and_init_and_creates_nothing(
    tmp_path, capsys, monkeypatch, command
):
    assert 0 == main(["init"])
    monkeypatch.setenv("FEEDBACK_PASSWORD", ADMIN_PASSWORD)
    before = files(tmp_path)
    err = refused(capsys, f"--lang en --storage sqlite:///feedbak.db {command}")
    assert "There is no store at sqlite:///feedbak.db" in err
    assert "`feedback-core init`" in err
    assert before == files(tmp_path)


@pytest.mark.parametrize("command", READING)
def test_a_command_where_nothing_was_set_up_creates_nothing(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setenv("FEEDBACK_PASSWORD", ADMIN_PASSWORD)
    err = refused(capsys, command)
    assert "Không có kho dữ liệu tại sqlite:///feedback.db" in err
    assert "`feedback-core init`" in err
    monkeypatch.setenv("FEEDBACK_SECRET_KEY", OTHER_KEY)
    assert "sqlite:///feedback.db" in refused(capsys, command)
    assert [] == files(tmp_path)


def test_a_memory_store_has_nothing_to_read_from_another_command(tmp_path, capsys):
    assert "memory:" in refused(capsys, "--storage memory: alerts")
    assert [] == files(tmp_path)


@pytest.mark.parametrize(
    ("command", "env", "named"),
    [
        ("--storage '' alerts", {}, "--storage"),
        ("--storage ' ' init", {}, "--storage"),
        ("alerts", {"FEEDBACK_STORAGE": ""}, "FEEDBACK_STORAGE"),
        ("--sms '' init", {}, "--sms"),
    ],
)
def test_an_empty_url_is_a_usage_error_never_the_default(
    tmp_path, capsys, monkeypatch, command, env, named
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    err = refused(capsys, f"--lang en {command}", code=2)
    assert err.startswith(f"{named} is empty")
    assert [] == files(tmp_path)


# 3. a store keeps its key -------------------------------------------------------------------


def test_init_never_makes_a_new_key_for_an_existing_store(tmp_path, capsys):
    assert 0 == main(["init", "--admin", "quantri"])
    shown = fingerprint(stored_key(tmp_path))[:12]
    (tmp_path / "feedback.key").rename(tmp_path / "k.bak")
    for command in ("init", "init --key-file other.key", "alerts"):
        err = refused(capsys, f"--lang en {command}")
        assert f"set up with the secret key of fingerprint {shown}" in err
        assert "FEEDBACK_SECRET_KEY" in err
        assert ["feedback.db", "k.bak"] == [
            n for n in files(tmp_path) if not n.startswith("feedback.db-")
        ]
    (tmp_path / "k.bak").rename(tmp_path / "feedback.key")
    code, out, _ = run_cli(capsys, "--lang en init")
    assert (0, "Using the secret key feedback.key.") == (code, out.splitlines()[0])


@pytest.mark.parametrize("given", ["--key-file other.key", "FEEDBACK_SECRET_KEY"])
def test_every_command_refuses_another_key_naming_the_stores(tmp_path, capsys, monkeypatch, given):
    assert 0 == main(["init"])
    shown = fingerprint(stored_key(tmp_path))[:12]
    (tmp_path / "other.key").write_text(OTHER_KEY)
    if given == "FEEDBACK_SECRET_KEY":
        monkeypatch.setenv("FEEDBACK_SECRET_KEY", OTHER_KEY)
        given = ""
    for command in ("init", "alerts", "tick"):
        err = refused(capsys, f"{given} {command}")
        assert f"dấu vân tay {shown}" in err
        assert fingerprint(bytes.fromhex(OTHER_KEY))[:12] not in err
        assert "secret_key" not in err  # the option, not the core's field


def test_a_store_from_before_fingerprints_takes_the_key_it_is_first_opened_with(tmp_path, capsys):
    SqliteStorage(tmp_path / "feedback.db").close()  # what init made before this release
    err = refused(capsys, "--lang en init")
    assert "The store sqlite:///feedback.db exists, but its secret key file feedback.key" in err
    assert ["feedback.db"] == files(tmp_path)
    (tmp_path / "feedback.key").write_text(OTHER_KEY)
    assert 0 == main(["alerts"])
    (tmp_path / "feedback.key").write_text("ab" * 32)
    assert fingerprint(bytes.fromhex(OTHER_KEY))[:12] in refused(capsys, "alerts")


def test_a_new_key_file_whose_folder_is_missing_stops_init_before_the_store_is_made(
    tmp_path, capsys
):
    err = refused(capsys, "--key-file no/such/dir/feedback.key init")
    assert err.startswith("Lỗi hệ thống: ")
    assert "no/such/dir" in err
    assert [] == files(tmp_path)


# 5. storage errors: one line that says what to do -------------------------------------------


def test_a_damaged_page_is_one_line_that_says_to_restore_a_backup(tmp_path, capsys, monkeypatch):
    assert 0 == main(["demo"])
    data = bytearray((tmp_path / "feedback.db").read_bytes())
    data[16392:20480] = b"\xab" * 4088  # the reproduction, byte for byte
    (tmp_path / "feedback.db").write_bytes(bytes(data))
    monkeypatch.setenv("FEEDBACK_PASSWORD", OPERATOR_PASSWORD)
    err = refused(capsys, "reports --as tiepnhan")
    assert "Cơ sở dữ liệu feedback.db bị hỏng" in err
    assert "hãy khôi phục từ bản sao lưu" in err
    assert "thử lại" not in err


def test_a_missing_folder_is_one_line_naming_the_store_and_nothing_is_made(tmp_path, capsys):
    err = refused(capsys, "--lang en --storage sqlite:///no/such/feedback.db init")
    assert "The folder of no/such/feedback.db does not exist" in err
    assert [] == files(tmp_path)


def check_read_only(capsys, monkeypatch):
    """Reads work on the demo store; init and writes name the store and say it is read-only."""
    code, out, _ = run_cli(capsys, "--lang en alerts")
    assert (0, True) == (code, out.startswith("Alerts in force at "))
    monkeypatch.setenv("FEEDBACK_PASSWORD", OPERATOR_PASSWORD)
    code, out, _ = run_cli(capsys, "--lang en reports --as tiepnhan")
    assert (0, True) == (code, "Rác thải ùn ứ tại chợ" in out)
    said = "The database feedback.db is read-only here; it can only be read."
    assert said in refused(capsys, "--lang en init")
    monkeypatch.setenv("FEEDBACK_PASSWORD", "mat-khau-quan-tri")
    assert said in refused(capsys, "--lang en create-unit soyte 'Sở Y tế' --as quantri")


def test_a_store_this_process_may_not_write_serves_reads(capsys, monkeypatch):
    assert 0 == main(["demo"])
    real_access = os.access

    def no_writing(target, mode, **kwargs):
        return False if mode & os.W_OK else real_access(target, mode, **kwargs)

    monkeypatch.setattr(sqlite_store.os, "access", no_writing)
    check_read_only(capsys, monkeypatch)


@pytest.fixture
def tmpfs(tmp_path, monkeypatch):
    """The test's folder on a tmpfs of its own, 2 MiB; skips where mounting needs root."""
    folder = tmp_path / "mnt"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)]
    result = subprocess.run(mount, capture_output=True, text=True, check=False)
    if result.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    monkeypatch.chdir(folder)
    yield folder
    monkeypatch.chdir(tmp_path)
    subprocess.run(["umount", "-l", str(folder)], check=False)


def read_only(folder):
    result = subprocess.run(
        ["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True, check=False
    )
    if result.returncode:
        pytest.skip(f"cannot remount read-only here: {result.stderr.strip()}")


def test_a_store_on_a_read_only_file_system_serves_reads(tmpfs, capsys, monkeypatch):
    assert 0 == main(["demo"])
    read_only(tmpfs)
    check_read_only(capsys, monkeypatch)
    err = refused(capsys, f"--lang en --key-file {tmpfs}/new.key init")
    assert "new.key" in err
    assert ".new.key." not in err  # never the name of a temporary file


def fill(folder):
    """Take every free byte of ``folder``'s file system."""
    with (folder / "filler").open("wb", buffering=0) as filler, suppress(OSError):
        while filler.write(b"\0" * 4096):
            pass


def test_a_full_disk_is_one_line_that_says_to_free_space(tmpfs, capsys, monkeypatch):
    assert 0 == main(["init", "--admin", "quantri"])
    fill(tmpfs)
    monkeypatch.setenv("FEEDBACK_PASSWORD", ADMIN_PASSWORD)
    err = refused(capsys, "--lang en create-unit soyte 'Sở Y tế' --as quantri")
    assert "The disk that holds feedback.db is full; free some space." in err
    assert "try again" not in err


# 10. init runs twice safely, and says what is true -----------------------------------------


@pytest.mark.parametrize(
    ("lang", "again", "other"),
    [
        ("en", "The store is already initialised: its administrator quantri exists",
         "The store already has an administrator (quantri); no other was created."),
        ("vi", "Kho dữ liệu đã được khởi tạo: quản trị viên quantri đã có",
         "Kho dữ liệu đã có quản trị viên (quantri); không tạo thêm quản trị viên nào."),
    ],
)  # fmt: skip
def test_init_is_idempotent_and_says_which_administrator_the_store_has(
    capsys, monkeypatch, lang, again, other
):
    assert 0 == main(["init", "--admin", "quantri"])
    code, out, err = run_cli(capsys, f"--lang {lang} init --admin quantri")
    assert (0, "") == (code, err)
    assert again in out
    code, out, err = run_cli(capsys, f"--lang {lang} init --admin quantri2")
    assert (1, other) == (code, err.strip().split(": ", 1)[-1])  # after the option's name
    assert "quantri2" not in out
    monkeypatch.setenv("FEEDBACK_PASSWORD", ADMIN_PASSWORD)
    refused(capsys, "create-unit soyte 'Sở Y tế' --as quantri2")  # no such account
    assert 0 == main(["create-unit", "soyte", "Sở Y tế", "--as", "quantri"])
