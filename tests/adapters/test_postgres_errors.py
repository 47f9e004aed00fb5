"""Every psycopg error reaches the host as a FeedbackError, by SQLSTATE: retry or not.

The table runs without a server; the rest needs one (FEEDBACK_TEST_POSTGRES_URL).
"""

from urllib.parse import urlsplit, urlunsplit

import postgres_support as pg
import psycopg
import pytest
from psycopg import errors as pgerrors
from psycopg import sql
from psycopg_pool import PoolTimeout

from feedback_core import Conflict, FeedbackSystem, Settings
from feedback_core.errors import StorageFault, StorageUnavailable
from feedback_core.testing import SECRET_KEY, World, cheap_hasher
from feedback_core.testing.world import PASSWORD
from feedback_memory import RecordingSmsSender
from feedback_postgres import PostgresStorage
from feedback_postgres.errors import translate

WHERE = "db.example.vn:5432/portal?schema=tn1022"


RETRY, FAULT = StorageUnavailable, StorageFault
REFUSED_LOGIN = '... failed: FATAL:  password authentication failed for user "a"'
UNKNOWN_ROLE = '... failed: FATAL:  role "nosuch" does not exist'
NO_DATABASE = '... failed: FATAL:  database "portal" does not exist'
NO_SERVER = "connection failed: ... port 5432 failed: Connection refused"


@pytest.mark.parametrize(
    ("error", "kind", "code"),
    [
        (pgerrors.SerializationFailure("x"), Conflict, "storage_conflict"),  # 40001
        (pgerrors.DeadlockDetected("x"), Conflict, "storage_conflict"),  # 40P01
        (pgerrors.ConnectionFailure("x"), RETRY, "storage_unavailable"),  # 08006
        (pgerrors.TransactionIntegrityConstraintViolation("x"), RETRY, "storage_unavailable"),
        (pgerrors.LockNotAvailable("x"), RETRY, "storage_unavailable"),  # 55P03
        (pgerrors.AdminShutdown("x"), RETRY, "storage_unavailable"),  # 57P01
        (pgerrors.QueryCanceled("x"), RETRY, "storage_unavailable"),  # 57014
        (pgerrors.TooManyConnections("x"), RETRY, "storage_unavailable"),  # 53300
        (PoolTimeout("couldn't get a connection"), RETRY, "storage_unavailable"),
        (psycopg.InterfaceError("the connection is closed"), RETRY, "storage_unavailable"),
        (psycopg.OperationalError(NO_SERVER), RETRY, "storage_unavailable"),
        (pgerrors.DiskFull("x"), FAULT, "storage_full"),  # 53100
        (pgerrors.InsufficientPrivilege("x"), FAULT, "storage_refused"),  # 42501
        (pgerrors.InvalidPassword("x"), FAULT, "storage_refused"),  # 28P01
        (psycopg.OperationalError(REFUSED_LOGIN), FAULT, "storage_refused"),
        (psycopg.OperationalError(UNKNOWN_ROLE), FAULT, "storage_refused"),
        (pgerrors.DataCorrupted("x"), FAULT, "storage_corrupt"),  # XX001
        (pgerrors.IndexCorrupted("x"), FAULT, "storage_corrupt"),  # XX002
        (pgerrors.ReadOnlySqlTransaction("x"), FAULT, "storage_read_only"),  # 25006
        (pgerrors.InvalidCatalogName("x"), FAULT, "storage_missing"),  # 3D000
        (psycopg.OperationalError(NO_DATABASE), FAULT, "storage_missing"),
        (pgerrors.UniqueViolation("x"), FAULT, "storage_refused"),  # 23505: none expected here
        (pgerrors.UndefinedTable("x"), FAULT, "storage_refused"),  # 42P01
    ],
)
def test_each_sqlstate_is_the_error_that_says_what_to_do(error, kind, code):
    translated = translate(error, WHERE)
    assert (kind, code, "storage") == (type(translated), translated.code, translated.field)
    said = translated.render("en")
    assert (kind is not StorageFault) == ("try again" in said)
    if kind is StorageFault and code != "storage_refused":  # refusals name the reason instead
        assert WHERE in said


# with a server -----------------------------------------------------------------------------


def with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def test_a_missing_database_is_storage_missing_and_names_no_password():
    url = with_database(pg.server_url(), "fc_no_such_database")
    parts = urlsplit(url)
    url = urlunsplit(
        parts._replace(
            netloc=f"{parts.username or 'postgres'}:s3cret@{parts.hostname}:{parts.port or 5432}"
        )
    )
    with pytest.raises(StorageFault) as raised:
        PostgresStorage.from_url(url)
    assert "storage_missing" == raised.value.code
    assert "fc_no_such_database" in raised.value.render("en")
    assert "s3cret" not in raised.value.render("en")


def test_a_role_the_server_does_not_know_is_storage_refused():
    parts = urlsplit(pg.server_url())
    url = urlunsplit(
        parts._replace(netloc=f"fc_no_such_role@{parts.hostname}:{parts.port or 5432}")
    )
    with pytest.raises(StorageFault) as raised:
        PostgresStorage.from_url(url)
    assert "storage_refused" == raised.value.code


def seeded(directory):
    world = World.build(pg.open_store(directory), RecordingSmsSender())
    world.system.close()
    return world


def system_on(store):
    settings = Settings(secret_key=SECRET_KEY)
    return FeedbackSystem(store, RecordingSmsSender(), settings, hasher=cheap_hasher())


def test_a_read_only_server_serves_reads_and_refuses_writes_and_set_up(tmp_path, postgres_schema):
    world = seeded(tmp_path)
    read_only = {"options": "-c default_transaction_read_only=on"}  # as on a hot standby
    url = pg.url_for(postgres_schema, **read_only)
    with pytest.raises(StorageFault) as raised:
        PostgresStorage.from_url(url)  # setting up needs to write
    assert "storage_read_only" == raised.value.code
    system = system_on(PostgresStorage.from_url(url, create=False))
    assert ["sogtvt", "sotnmt"] == [u.code for u in system.units()]
    with pytest.raises(StorageFault) as raised:  # login too: it locks the account's row
        system.login("quantri", PASSWORD)
    assert "storage_read_only" == raised.value.code
    with pytest.raises(StorageFault) as raised:
        system.create_unit(world.admin, "soyte", "Sở Y tế")
    assert ("storage", "storage_read_only") == (raised.value.field, raised.value.code)
    assert postgres_schema in raised.value.render("en")
    system.close()


@pytest.fixture
def reader(postgres_schema):
    """A role that may read the test's schema and nothing more."""
    role = f"{pg.RUN}_reader"
    yield role
    with pg.connect() as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_role_without_the_privilege_is_storage_refused_for_a_write(
    tmp_path, postgres_schema, reader
):
    world = seeded(tmp_path)
    role, schema = sql.Identifier(reader), sql.Identifier(postgres_schema)
    with pg.connect() as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, role))
        conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, role))
    parts = urlsplit(pg.url_for(postgres_schema))
    url = urlunsplit(parts._replace(netloc=f"{reader}@{parts.hostname}:{parts.port or 5432}"))
    system = system_on(PostgresStorage.from_url(url, create=False))
    assert 2 == len(system.units())
    with pytest.raises(StorageFault) as raised:
        system.create_unit(world.admin, "soyte", "Sở Y tế")
    assert ("storage_refused", True) == (
        raised.value.code,
        "ask its administrator" in raised.value.render("en"),
    )
    system.close()
