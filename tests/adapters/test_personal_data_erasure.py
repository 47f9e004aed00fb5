"""After a citizen deletes their account, no table of a real store holds their data.

Every column of every table is read as text (SQLite's own catalog, PostgreSQL's
information_schema list them, so a table added later is scanned too) and searched for the
citizen's phone numbers, name, e-mail, national id and address.
"""

import datetime as dt
import sqlite3

import postgres_support as pg
from psycopg import sql

from feedback_core.testing.world import PASSWORD, World
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage

PROFILE = {
    "full_name": "Trần Thị Riêng Tư",
    "email": "rieng.tu@example.vn",
    "national_id": "079123456789",
    "address": "12 Đường Bí Mật, Tây Ninh",
}
REPORT = {
    "title": "Đèn đường hỏng",
    "content": "Đèn đường trước chợ tắt từ ba hôm nay.",
    "category": "giao_thong",
    "address": "Chợ Long Hoa, Hòa Thành",
    "public": True,
}
# The citizen's numbers: first registered, then moved to, then asked to move to.
NUMBERS = ("912345678", "987654321", "356789012")


def live_a_life_and_leave(world):
    """Everything that writes something about the citizen, then the deletion."""
    system, citizen = world.system, world.citizen
    system.update_profile(citizen.id, PROFILE)
    system.open_session("0912345678", PASSWORD, "Android app")
    reports = [system.submit_report(citizen.id, **REPORT) for _ in range(2)]
    system.accept_report(world.operator.id, reports[0].id)
    system.request_phone_change(citizen.id, "0987654321", PASSWORD)
    system.confirm_phone_change(citizen.id, world.sms.last_code("+84987654321"))
    world.clock.advance(dt.timedelta(minutes=2))
    system.request_password_reset("0987654321")
    system.request_phone_change(citizen.id, "0356789012", PASSWORD)  # never confirmed
    system.delete_account(citizen.id, PASSWORD)
    return reports


def assert_nothing_of_them(rows):
    text = "\n".join(rows)
    for number in NUMBERS:
        assert number not in text
    for value in PROFILE.values():
        assert value not in text
    assert REPORT["content"] in text  # the scan does read the reports, which stay


def test_no_sqlite_table_holds_the_deleted_citizen(tmp_path):
    path = tmp_path / "feedback.db"
    world = World.build(SqliteStorage(path), RecordingSmsSender())
    live_a_life_and_leave(world)
    world.storage.close()
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = [repr(row) for table in tables for row in conn.execute(f'SELECT * FROM "{table}"')]
    assert "account_codes" in tables
    assert "audit_trail" in tables
    assert_nothing_of_them(rows)


@pg.needs_server
def test_no_postgresql_table_holds_the_deleted_citizen(tmp_path):
    world = World.build(pg.open_store(tmp_path), RecordingSmsSender())
    live_a_life_and_leave(world)
    world.storage.close()
    schema = pg.schema_for(tmp_path)
    with pg.connect() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                [schema],
            )
        ]
        rows = [
            repr(row)
            for table in tables
            for row in conn.execute(
                sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, table))
            )
        ]
    assert "audit_trail" in tables
    assert_nothing_of_them(rows)


def test_the_reports_stay_readable_after_the_deletion(tmp_path):
    world = World.build(SqliteStorage(tmp_path / "feedback.db"), RecordingSmsSender())
    reports = live_a_life_and_leave(world)
    kept = [world.system.read_report(world.operator.id, r.id).report for r in reports]
    assert world.citizen.id not in {r.reporter_id for r in kept}
    assert REPORT["title"] == world.system.public_report(reports[0].id).title  # accepted: public
