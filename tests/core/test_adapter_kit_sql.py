"""The SQL store both dialects share: statements rendered per driver, the layout per dialect."""

import hashlib
import uuid

import pendulum
import pytest

from feedback_core.adapter_kit.codec import micros
from feedback_core.adapter_kit.sql import Dialect, SchemaDialect, migrations
from feedback_core.adapter_kit.sql.reports import report_page_sql
from feedback_core.paging import Cursor
from feedback_core.reports.model import ReportQuery, ReportStatus
from feedback_postgres.schema import MIGRATIONS as POSTGRES_MIGRATIONS
from feedback_sqlite.schema import MIGRATIONS as SQLITE_MIGRATIONS


def never(db, sql, args):
    raise AssertionError("not called")


QMARK = Dialect(param="?", insert_new=never, key=str)
FORMAT = Dialect(param="%s", insert_new=never)


def test_a_statement_is_rendered_in_the_drivers_placeholder_style():
    text = "SELECT data FROM units WHERE code = ? AND id = ?"
    assert text is QMARK.sql(text)
    assert "SELECT data FROM units WHERE code = %s AND id = %s" == FORMAT.sql(text)


def test_a_page_of_a_units_reports_reads_the_unit_index_after_the_cursor():
    unit, last = uuid.uuid4(), uuid.uuid4()
    at = pendulum.datetime(2026, 3, 2, tz="UTC")
    query = ReportQuery(unit_id=unit, status=ReportStatus.SUBMITTED, public_only=True)
    sql, args = report_page_sql(query, Cursor(at, last), 20, QMARK)
    assert sql.startswith("SELECT r.data FROM report_units u JOIN reports r")
    assert sql.endswith("ORDER BY u.submitted_at DESC, u.report_id DESC LIMIT ?")
    assert sql.count("?") == len(args)
    assert [str(unit), "submitted", True, micros(at), str(last), 20] == args


def test_a_page_with_no_filter_reads_every_report_newest_first():
    sql, args = report_page_sql(ReportQuery(), None, 5, FORMAT)
    newest = "SELECT r.data FROM reports r  ORDER BY r.submitted_at DESC, r.id DESC LIMIT ?"
    assert (newest, [5]) == (sql, args)


def test_every_type_of_the_layout_is_spelt_by_the_dialect():
    spelt = SchemaDialect(*(f"<{n}>" for n in range(7)), outbox_table="    <outbox>;")
    first, *later = migrations(spelt)
    assert all({"{", "}"}.isdisjoint(text) for text in (first, *later))
    assert all(f"<{n}>" in first for n in range(7))
    assert "\n    <outbox>;\n    CREATE TABLE outbox_deliveries" in first


# An applied migration is recorded by number: its text must never change, or a database
# made with the old text would not be the one the code expects. Add a migration instead.
APPLIED = {
    "sqlite": [
        "9aa17cad0d160db7f2acfebd21028b70400b61a0423e67f3351056abaab422a5",
        "73f4af6c739d988c8241fd553ff5fea1f10488e330a3de8d6d05cf9ffd43f115",  # 2: meta
        "237628f5446f0b8b44d89686eaca50c606fe8e7a561e3a33bf0637893be40b99",  # 3: sessions
        "1d5a4f11100c52177a76c2196168d497cacb11225d8f1f7276fe8b0d7e2f96f1",  # 4: API keys
    ],
    "postgres": [
        "27ef6f59944d5e5478f5ac240853e0966984dfbd3bf8e2ae82afbbd0a199fd40",
        "cf9531341fdaab4b27f787827afed60af51635d423cc19e8a5f001878daefc24",  # 2: meta
        "fe9ae87cbe52991730d11dd10f7632cd3c5bf12641b363d021beeb4ecd29967d",  # 3: sessions
        "9cb993981b864851ff97f1c14109fc4cde073c0c8218ce5aa84b40f3776f741a",  # 4: API keys
    ],
}


@pytest.mark.parametrize(
    ("dialect", "texts"), [("sqlite", SQLITE_MIGRATIONS), ("postgres", POSTGRES_MIGRATIONS)]
)
def test_an_applied_migration_keeps_its_text(dialect, texts):
    digests = [hashlib.sha256(text.encode()).hexdigest() for text in texts]
    assert APPLIED[dialect] == digests[: len(APPLIED[dialect])]
