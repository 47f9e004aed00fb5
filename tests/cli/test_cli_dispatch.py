"""`dispatch` tells, per transport, what it delivered, what failed and why, what still waits
and until when, and warns of deliveries that wait for a transport not configured now."""

import os
import re
import shlex
import uuid

import pendulum
import pytest

from feedback_core.accounts.events import AccountRegistered
from feedback_core.cli import main
from feedback_core.cli.output import when
from feedback_sqlite import SqliteStorage

GOOD = "jsonl:events.jsonl"
BROKEN = "jsonl:nodir/events.jsonl"  # its folder is missing: every delivery fails
OLD = "jsonl:old.jsonl"
NO_FOLDER = (
    "transports: The event could not be delivered "
    "(nodir/events.jsonl: No such file or directory); it will be retried."
)
# A time as `when` prints it, within the minute the test runs in.
TIME = r"\d\d/\d\d/\d{4} \d\d:\d\d"
NOTICES_VI = "- notices:sms: đã chuyển 0, lỗi 0, còn chờ 0"
NOTICES_EN = "- notices:sms: delivered 0, failed 0, still waiting 0"


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch, capsys):
    """A fresh store in the test's folder, with no FEEDBACK_* variable from outside."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FEEDBACK_"):
            monkeypatch.delenv(name)
    assert 0 == main(["init"])
    capsys.readouterr()
    storage = SqliteStorage(tmp_path / "feedback.db")
    yield storage
    storage.close()


def queue(storage, count, destinations, at=None):
    """Write ``count`` events as if ``destinations`` were the transports configured then."""
    events = [
        AccountRegistered(at=at or pendulum.now("UTC"), account_id=uuid.uuid4())
        for _ in range(count)
    ]
    with storage.transaction() as tx:
        tx.outbox.add(events, destinations)
    return events


def dispatch(capsys, *transports, lang="vi"):
    """Run ``dispatch`` with ``transports``: exit code, stdout lines, stderr lines."""
    options = " ".join(f"--transport {shlex.quote(url)}" for url in transports)
    code = main(shlex.split(f"--lang {lang} {options} dispatch"))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_each_transport_gets_a_line_with_its_failures_last_error_and_retry_time(store, capsys):
    queue(store, 3, (GOOD, BROKEN))
    code, out, err = dispatch(capsys, GOOD, BROKEN)
    assert (1, []) == (code, err)
    assert "Đã chuyển 3 lượt sự kiện, 3 lượt lỗi (sẽ thử lại sau)." == out[0]
    assert "- jsonl:events.jsonl: đã chuyển 3, lỗi 0, còn chờ 0" == out[1]
    assert re.fullmatch(
        re.escape(f"- {BROKEN}: đã chuyển 0, lỗi 3 (lỗi gần nhất: {NO_FOLDER}), còn chờ 3")
        + rf" \(thử lại lúc {TIME} giờ Việt Nam\)",
        out[2],
    )
    assert [NOTICES_VI] == out[3:]  # the SMS notifier: no reporter to tell


def test_the_lines_speak_english_with_lang_en(store, capsys):
    queue(store, 2, (GOOD, BROKEN))
    code, out, err = dispatch(capsys, GOOD, BROKEN, lang="en")
    assert (1, []) == (code, err)
    assert "Delivered 2 events, 2 failed (retried later)." == out[0]
    assert "- jsonl:events.jsonl: delivered 2, failed 0, still waiting 0" == out[1]
    assert re.fullmatch(
        re.escape(f"- {BROKEN}: delivered 0, failed 2 (last error: {NO_FOLDER}), still waiting 2")
        + rf" \(next try at {TIME} Vietnam time\)",
        out[2],
    )


def test_deliveries_waiting_for_a_retry_show_its_time_and_the_error_recorded_before(store, capsys):
    [event] = queue(store, 1, (BROKEN,))
    retry = pendulum.now("UTC").add(hours=1)
    with store.transaction() as tx:
        tx.outbox.mark_failed(event.id, BROKEN, "refused\n  by the broker", retry)
    code, out, err = dispatch(capsys, BROKEN, lang="en")
    assert (0, []) == (code, err)
    assert [
        "Delivered 0 events, 0 failed (retried later).",
        (
            f"- {BROKEN}: delivered 0, failed 0, still waiting 1 (next try at {when(retry)} Vietnam"
            " time; last error: refused by the broker)"
        ),
        NOTICES_EN,
    ] == out


def test_events_not_yet_due_wait_with_their_time(store, capsys):
    later = pendulum.now("UTC").add(days=1)
    queue(store, 2, (GOOD,), at=later)
    code, out, err = dispatch(capsys, GOOD)
    assert (0, []) == (code, err)
    assert [
        "Đã chuyển 0 lượt sự kiện, 0 lượt lỗi (sẽ thử lại sau).",
        (
            f"- jsonl:events.jsonl: đã chuyển 0, lỗi 0, còn chờ 2 (thử lại lúc {when(later)} giờ"
            " Việt Nam)"
        ),
        NOTICES_VI,
    ] == out


@pytest.mark.parametrize(
    ("lang", "warning"),
    [
        (
            "vi",
            (
                "Cảnh báo: 4 lượt sự kiện đang chờ chuyển tới jsonl:old.jsonl, kênh này hiện không "
                "được cấu hình; muốn chuyển thì cấu hình nó (--transport jsonl:old.jsonl hoặc "
                "FEEDBACK_TRANSPORTS) rồi chạy lại dispatch."
            ),
        ),
        (
            "en",
            (
                "Warning: 4 deliveries wait for jsonl:old.jsonl, which is not configured now; to "
                "deliver them, configure it (--transport jsonl:old.jsonl or FEEDBACK_TRANSPORTS) "
                "and run dispatch again."
            ),
        ),
    ],
)
def test_deliveries_for_a_transport_not_configured_now_are_a_warning_not_a_failure(
    store, capsys, tmp_path, lang, warning
):
    queue(store, 4, (OLD, GOOD))
    code, out, err = dispatch(capsys, GOOD, lang=lang)
    assert (0, [warning]) == (code, err)
    assert 3 == len(out)
    code, out, err = dispatch(capsys, OLD, lang=lang)  # configured again: delivered
    assert (0, []) == (code, err)
    assert 4 == len((tmp_path / "old.jsonl").read_text(encoding="utf-8").splitlines())


def test_a_password_in_a_transports_url_is_not_printed(store, capsys):
    secret = "mqtt://bot:s3cr3t@broker.example.vn/feedback"
    queue(store, 1, (secret,))
    code, out, err = dispatch(capsys, GOOD, lang="en")
    assert 0 == code
    assert "s3cr3t" not in "\n".join(out + err)
    assert "mqtt://bot:***@broker.example.vn/feedback" in err[0]


def test_without_a_transport_dispatch_still_texts_the_notices_to_reporters(store, capsys):
    queue(store, 1, (OLD,))
    code, out, err = dispatch(capsys, lang="en")
    assert (0, ["Delivered 0 events, 0 failed (retried later).", NOTICES_EN]) == (code, out)
    assert 1 == len(err)
    assert err[0].startswith("Warning: 1 deliveries wait for jsonl:old.jsonl")
