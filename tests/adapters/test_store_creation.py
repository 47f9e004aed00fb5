"""Opening without creating: ``create=False`` finds a store or says it is missing, and makes
nothing; the registry passes the flag to factories that take it; old stores are migrated,
keeping every record.
"""

import json
import sqlite3
import uuid

import postgres_support as pg
import pytest
from psycopg import sql

from feedback_core import FeedbackSystem, Settings
from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.adapter_kit.codec import dumps
from feedback_core.errors import StorageFault
from feedback_core.plugin.registry import AdapterRegistry, takes_create
from feedback_core.testing import SECRET_KEY
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.api_keys import api_key
from feedback_core.testing.contracts.audit import entry
from feedback_core.testing.contracts.sessions import session
from feedback_core.testing.contracts.transactions import Seeded
from feedback_memory import MemoryStorage
from feedback_memory.plugin import memory_storage
from feedback_postgres import PostgresStorage
from feedback_postgres.schema import MIGRATIONS as PG_MIGRATIONS
from feedback_sqlite import SqliteStorage
from feedback_sqlite.schema import MIGRATIONS as SQLITE_MIGRATIONS

SETTINGS = Settings(secret_key=SECRET_KEY)


def assert_missing(raised, where):
    assert ("storage", "storage_missing") == (raised.value.field, raised.value.code)
    assert where in raised.value.render("en")


# the registry ------------------------------------------------------------------------------


def test_the_registry_passes_create_to_a_factory_that_takes_it():
    calls = []
    registry = AdapterRegistry()
    registry.add_storage("new", lambda url, *, create=True: calls.append((url, create)))
    registry.add_storage("kw", lambda url, **options: calls.append((url, options)))
    registry.storage.open("new:a", create=False)()
    registry.storage.open("new:b")()
    registry.storage.open("kw:c", create=False)()
    assert [("new:a", False), ("new:b", True), ("kw:c", {"create": False})] == calls


def test_a_factory_without_create_is_called_with_the_url_alone():
    calls = []
    registry = AdapterRegistry()
    registry.add_storage("old", calls.append)
    registry.storage.open("old:x", create=False)()
    assert ["old:x"] == calls
    assert (False, False) == (takes_create(calls.append), takes_create(len))


def test_open_checks_the_url_before_anything_is_opened():
    registry = AdapterRegistry()
    registry.add_storage("memory", memory_storage)
    with pytest.raises(LookupError):
        registry.storage.open("nosuch:x", create=False)


# memory ------------------------------------------------------------------------------------


def test_a_memory_store_never_exists_before_it_is_opened():
    with pytest.raises(StorageFault) as raised:
        memory_storage("memory:", create=False)
    assert_missing(raised, "memory:")
    assert isinstance(memory_storage("memory:"), MemoryStorage)
    with pytest.raises(StorageFault):
        FeedbackSystem.from_urls(SETTINGS, storage="memory:", create=False)


# SQLite ------------------------------------------------------------------------------------


def test_a_missing_sqlite_file_is_missing_and_nothing_is_created(tmp_path):
    url = f"sqlite:///{tmp_path}/feedbak.db"
    with pytest.raises(StorageFault) as raised:
        FeedbackSystem.from_urls(
            SETTINGS, storage=url, transports=[f"jsonl:{tmp_path}/events.jsonl"], create=False
        )
    assert_missing(raised, "feedbak.db")
    assert [] == list(tmp_path.iterdir())


def test_an_sqlite_file_without_our_tables_is_missing_and_stays_as_it_was(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for path in (empty, other):
        with pytest.raises(StorageFault) as raised:
            SqliteStorage(path, create=False)
        assert_missing(raised, path.name)
    assert before == {p.name: p.read_bytes() for p in tmp_path.iterdir()}


def test_an_existing_sqlite_store_opens_without_create(tmp_path):
    SqliteStorage(tmp_path / "feedback.db").close()
    store = SqliteStorage.from_url(f"sqlite:///{tmp_path}/feedback.db", create=False)
    with store.transaction() as tx:
        assert [] == tx.units.all()
    store.close()


def test_an_sqlite_memory_database_is_never_found():
    with pytest.raises(StorageFault):
        SqliteStorage(":memory:", create=False)
    SqliteStorage(":memory:").close()


# Migration 5 moved the activation codes into account_codes, keyed by purpose, and added
# the audit trail. Taking a store of today back to schema 4 undoes it, and stores the code
# states as schema 4 did: without the fields that came with purposes.
OLD_CODE_STATE = "SELECT account_id, data FROM account_codes WHERE purpose = 'activation'"


def as_schema_4_stored_it(data):
    state = json.loads(data)
    assert (state.pop("purpose"), state.pop("target")) == ("activation", None)
    return json.dumps(state)


def sqlite_back_to_schema_4(conn):
    old = [(a, as_schema_4_stored_it(d)) for a, d in conn.execute(OLD_CODE_STATE).fetchall()]
    conn.execute("CREATE TABLE activation_codes (account_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
    conn.executemany("INSERT INTO activation_codes VALUES (?, ?)", old)
    conn.execute("DROP TABLE account_codes")
    conn.execute("DROP TABLE audit_trail")
    conn.execute("DELETE FROM schema_version WHERE version > 4")


def old_sqlite_store(path):
    """A store as the first release made it: migration 1 only."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.executescript(SQLITE_MIGRATIONS[0])
        conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.close()


@pytest.mark.parametrize("create", [True, False])
def test_an_sqlite_store_of_the_first_release_is_migrated_when_opened(tmp_path, create):
    path = tmp_path / "feedback.db"
    old_sqlite_store(path)
    store = SqliteStorage(path, create=create)
    with sqlite3.connect(path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    conn.close()
    assert list(range(1, len(SQLITE_MIGRATIONS) + 1)) == versions
    system = FeedbackSystem(store, None, SETTINGS)  # records the key in the new meta table
    with store.transaction() as tx:
        assert tx.meta.get("secret_key_fingerprint") is not None
    system.close()


def sqlite_store_of_schema_2(path):
    """A store with records in it, as the release before sessions left it: migrations 1-2."""
    store = SqliteStorage(path)
    seeded = Seeded.commit(store)
    with store.transaction() as tx:
        before = seeded.everything(tx)
    store.close()
    with sqlite3.connect(path) as conn:  # migration 3 only adds the table (and its index)
        sqlite_back_to_schema_4(conn)
        conn.execute("DROP TABLE sessions")
        conn.execute("DROP TABLE api_keys")  # migration 4's, on top
        conn.execute("DELETE FROM schema_version WHERE version > 2")
        tables = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sessions%'")
        assert [] == tables.fetchall()
    conn.close()
    return seeded, before


@pytest.mark.parametrize("create", [True, False])
def test_an_sqlite_store_of_schema_2_gets_sessions_and_keeps_its_records(tmp_path, create):
    path = tmp_path / "feedback.db"
    seeded, before = sqlite_store_of_schema_2(path)
    store = SqliteStorage(path, create=create)
    s = session()
    try:
        with store.transaction() as tx:
            assert before == seeded.everything(tx)
            tx.sessions.add(s)
        with store.transaction() as tx:
            assert ([s], s) == (
                tx.sessions.of_account(s.account_id),
                tx.sessions.by_hash(s.token_hash),
            )
    finally:
        store.close()
    with sqlite3.connect(path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        indexes = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'"
        )
        named = {r[0] for r in indexes}
    conn.close()
    assert [1, 2, 3, 4, 5] == versions == list(range(1, len(SQLITE_MIGRATIONS) + 1))
    assert "sessions_by_account" in named


# PostgreSQL --------------------------------------------------------------------------------


def schema_exists(name):
    with pg.connect() as conn:
        return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name]).fetchone()


def test_a_missing_postgres_schema_is_missing_and_is_not_created(tmp_path, postgres_schema):
    with pytest.raises(StorageFault) as raised:
        PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    assert_missing(raised, f"schema={postgres_schema}")
    assert "@" not in raised.value.render("en")  # never the user, let alone a password
    assert schema_exists(postgres_schema) is None


def test_a_postgres_schema_never_set_up_is_missing_and_left_as_it_was(tmp_path, postgres_schema):
    with pg.connect() as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(postgres_schema)))
    with pytest.raises(StorageFault) as raised:
        PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    assert_missing(raised, postgres_schema)
    with pg.connect() as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = %s", [postgres_schema]
        ).fetchone()
    assert (0,) == tables


def test_an_existing_postgres_store_opens_without_create(tmp_path, postgres_schema):
    pg.open_store(tmp_path).close()
    store = PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    with store.transaction() as tx:
        assert [] == tx.units.all()
    store.close()


def postgres_back_to_schema_4(conn, schema):
    conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(schema)))
    old = [(a, as_schema_4_stored_it(d)) for a, d in conn.execute(OLD_CODE_STATE).fetchall()]
    conn.execute("CREATE TABLE activation_codes (account_id uuid PRIMARY KEY, data text NOT NULL)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO activation_codes VALUES (%s, %s)", old)
    conn.execute("DROP TABLE account_codes")
    conn.execute("DROP TABLE audit_trail")
    conn.execute("DELETE FROM schema_version WHERE version > 4")


def test_a_postgres_store_of_the_first_release_is_migrated_when_opened(tmp_path, postgres_schema):
    name = sql.Identifier(postgres_schema)
    with pg.connect() as conn, conn.transaction():
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(name))
        conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(name))
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        conn.execute(PG_MIGRATIONS[0])
        conn.execute("INSERT INTO schema_version VALUES (1)")
    store = PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    with store.transaction() as tx:
        tx.meta.put("secret_key_fingerprint", "ab" * 32)
    with pg.connect() as conn:
        versions = conn.execute(
            sql.SQL("SELECT array_agg(version ORDER BY version) FROM {}.schema_version").format(
                name
            )
        ).fetchone()
    assert (list(range(1, len(PG_MIGRATIONS) + 1)),) == versions
    store.close()


def test_a_postgres_store_of_schema_2_gets_sessions_and_keeps_its_records(
    tmp_path, postgres_schema
):
    store = pg.open_store(tmp_path)
    seeded = Seeded.commit(store)
    with store.transaction() as tx:
        before = seeded.everything(tx)
    store.close()
    name = sql.Identifier(postgres_schema)
    with pg.connect() as conn, conn.transaction():  # migration 3 only adds the table (and index)
        postgres_back_to_schema_4(conn, postgres_schema)
        conn.execute(sql.SQL("DROP TABLE {}.sessions").format(name))
        conn.execute(sql.SQL("DROP TABLE {}.api_keys").format(name))  # migration 4's, on top
        conn.execute(sql.SQL("DELETE FROM {}.schema_version WHERE version > 2").format(name))
    store = PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    s = session()
    try:
        with store.transaction() as tx:
            assert before == seeded.everything(tx)
            tx.sessions.add(s)
        with store.transaction() as tx:
            assert ([s], s) == (
                tx.sessions.of_account(s.account_id),
                tx.sessions.by_hash(s.token_hash),
            )
    finally:
        store.close()
    with pg.connect() as conn:
        versions = conn.execute(
            sql.SQL("SELECT array_agg(version ORDER BY version) FROM {}.schema_version").format(
                name
            )
        ).fetchone()
        index = conn.execute(
            "SELECT 1 FROM pg_indexes WHERE schemaname = %s AND indexname = 'sessions_by_account'",
            [postgres_schema],
        ).fetchone()
    assert ([1, 2, 3, 4, 5],) == versions
    assert (1,) == index


# Migration 4: API keys ----------------------------------------------------------------------


def keys_stored(store):
    """A key added to ``store`` and read back by hash and in the list."""
    k = api_key()
    try:
        with store.transaction() as tx:
            tx.api_keys.add(k)
        with store.transaction() as tx:
            return (k, [k]) == (tx.api_keys.by_hash(k.key_hash), tx.api_keys.all())
    finally:
        store.close()


@pytest.mark.parametrize("create", [True, False])
def test_an_sqlite_store_of_schema_3_gets_api_keys_and_keeps_its_records(tmp_path, create):
    path = tmp_path / "feedback.db"
    store = SqliteStorage(path)
    seeded = Seeded.commit(store)
    with store.transaction() as tx:
        before = seeded.everything(tx)
    store.close()
    with sqlite3.connect(path) as conn:  # migration 4 only adds the table
        sqlite_back_to_schema_4(conn)
        conn.execute("DROP TABLE api_keys")
        conn.execute("DELETE FROM schema_version WHERE version > 3")
    conn.close()
    store = SqliteStorage(path, create=create)
    with store.transaction() as tx:
        assert before == seeded.everything(tx)
    assert keys_stored(store)
    with sqlite3.connect(path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    conn.close()
    assert [1, 2, 3, 4] == versions[:4]


def test_a_postgres_store_of_schema_3_gets_api_keys_and_keeps_its_records(
    tmp_path, postgres_schema
):
    store = pg.open_store(tmp_path)
    seeded = Seeded.commit(store)
    with store.transaction() as tx:
        before = seeded.everything(tx)
    store.close()
    name = sql.Identifier(postgres_schema)
    with pg.connect() as conn, conn.transaction():  # migration 4 only adds the table
        postgres_back_to_schema_4(conn, postgres_schema)
        conn.execute(sql.SQL("DROP TABLE {}.api_keys").format(name))
        conn.execute(sql.SQL("DELETE FROM {}.schema_version WHERE version > 3").format(name))
    store = PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    with store.transaction() as tx:
        assert before == seeded.everything(tx)
    assert keys_stored(store)
    with pg.connect() as conn:
        versions = conn.execute(
            sql.SQL("SELECT array_agg(version ORDER BY version) FROM {}.schema_version").format(
                name
            )
        ).fetchone()
    assert [1, 2, 3, 4] == versions[0][:4]


# Migration 5: codes by purpose, and the audit trail -------------------------------------------


def state_of_schema_4():
    """An activation state in the middle of its tries, as schema 4 stored it; its text."""
    state = CodeState(uuid.uuid4(), 3, rec.T0, 2, False, 7)
    return state, as_schema_4_stored_it(dumps(state))


def after_migration_5(store, state):
    """What the migrated store holds of the account's codes, and what it takes of new kinds."""
    account_id, record = state.account_id, entry()
    try:
        with store.transaction() as tx:
            found = [tx.codes.lock(account_id, p) for p in CodePurpose]
            tx.codes.save(CodeState(account_id, 1, rec.T0, purpose=CodePurpose.RESET))
            tx.audit.add(record)
        with store.transaction() as tx:
            return {
                "states": found,
                "reset after a save": tx.codes.lock(account_id, CodePurpose.RESET).counter,
                "activation after a save": tx.codes.lock(account_id, CodePurpose.ACTIVATION),
                "trail": tx.audit.about(record.subject_id),
            }, record
    finally:
        store.close()


def kept_and_working(state, record):
    """What `after_migration_5` should find: the state kept, the new kinds working."""
    fresh = [CodeState(state.account_id, purpose=p) for p in CodePurpose]
    return {
        "states": [state, *fresh[1:]],
        "reset after a save": 1,
        "activation after a save": state,
        "trail": [record],
    }


@pytest.mark.parametrize("create", [True, False])
def test_an_sqlite_activation_state_of_schema_4_survives_migration_5(tmp_path, create):
    path = tmp_path / "feedback.db"
    state, text = state_of_schema_4()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for number, script in enumerate(SQLITE_MIGRATIONS[:4], start=1):
            conn.executescript(script)
            conn.execute("INSERT INTO schema_version VALUES (?)", (number,))
        conn.execute("INSERT INTO activation_codes VALUES (?, ?)", (str(state.account_id), text))
    conn.close()
    held, record = after_migration_5(SqliteStorage(path, create=create), state)
    assert kept_and_working(state, record) == held
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    conn.close()
    assert ("activation_codes" not in tables, [1, 2, 3, 4, 5]) == (True, versions)


def test_a_postgres_activation_state_of_schema_4_survives_migration_5(tmp_path, postgres_schema):
    state, text = state_of_schema_4()
    name = sql.Identifier(postgres_schema)
    with pg.connect() as conn, conn.transaction():
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(name))
        conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(name))
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        for number, script in enumerate(PG_MIGRATIONS[:4], start=1):
            conn.execute(script)
            conn.execute("INSERT INTO schema_version VALUES (%s)", [number])
        conn.execute("INSERT INTO activation_codes VALUES (%s, %s)", [state.account_id, text])
    store = PostgresStorage.from_url(pg.url_for(postgres_schema), create=False)
    held, record = after_migration_5(store, state)
    assert kept_and_working(state, record) == held
    with pg.connect() as conn:
        left = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename = %s",
            [postgres_schema, "activation_codes"],
        ).fetchone()
        versions = conn.execute(
            sql.SQL("SELECT array_agg(version ORDER BY version) FROM {}.schema_version").format(
                name
            )
        ).fetchone()
    assert ((0,), ([1, 2, 3, 4, 5],)) == (left, versions)
