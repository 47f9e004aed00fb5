"""Every sqlite3 error reaches the host as a FeedbackError that says whether to retry.

A damaged file, a missing folder, a read-only place and a full disk are StorageFault with
what to do (never "try again"); busy and locked are StorageUnavailable ("try again"). A
read-only file still serves reads.
"""

import os
import sqlite3
import subprocess

import mounts
import pytest

from feedback_core import FeedbackSystem, Settings
from feedback_core.errors import FeedbackError, StorageFault, StorageUnavailable
from feedback_core.testing import SECRET_KEY, World, cheap_hasher
from feedback_core.testing.world import PASSWORD
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage
from feedback_sqlite import errors as sqlite_errors
from feedback_sqlite import store as sqlite_store
from feedback_sqlite.errors import translate

REPORT = {"title": "Đèn đường hỏng", "content": "Tối om.", "category": "giao_thong"}


def assert_fault(raised, code, path):
    error = raised.value
    assert (StorageFault, "storage", code) == (type(error), error.field, error.code)
    assert str(path) in error.render("en")
    assert "try again" not in error.render("en")
    assert "thử lại" not in error.render("vi")
    assert isinstance(error.__cause__, sqlite3.Error | type(None))


def seeded(path):
    """A store with every kind of account, its key recorded; closed."""
    world = World.build(SqliteStorage(path), RecordingSmsSender())
    report = world.system.submit_report(world.citizen, **REPORT, address="QL22", public=True)
    world.system.accept_report(world.operator, report)  # public reports show once accepted
    world.system.close()
    return world


def system_on(store):
    settings = Settings(secret_key=SECRET_KEY)
    return FeedbackSystem(store, RecordingSmsSender(), settings, hasher=cheap_hasher())


# what each result code means ---------------------------------------------------------------


def error_with(code):
    error = sqlite3.OperationalError("what SQLite said")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        (sqlite3.SQLITE_BUSY, StorageUnavailable, "storage_unavailable"),
        (sqlite3.SQLITE_BUSY_SNAPSHOT, StorageUnavailable, "storage_unavailable"),
        (sqlite3.SQLITE_LOCKED, StorageUnavailable, "storage_unavailable"),
        (sqlite3.SQLITE_PROTOCOL, StorageUnavailable, "storage_unavailable"),
        (sqlite3.SQLITE_CORRUPT, StorageFault, "storage_corrupt"),
        (sqlite3.SQLITE_NOTADB, StorageFault, "storage_corrupt"),
        (sqlite3.SQLITE_READONLY, StorageFault, "storage_read_only"),
        (sqlite3.SQLITE_READONLY_DBMOVED, StorageFault, "storage_read_only"),
        (sqlite3.SQLITE_FULL, StorageFault, "storage_full"),
        (sqlite3.SQLITE_IOERR_WRITE, StorageFault, "storage_io"),
        (sqlite3.SQLITE_PERM, StorageFault, "storage_refused"),
        (sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, StorageFault, "storage_refused"),
        (sqlite3.SQLITE_ERROR, StorageFault, "storage_refused"),
        (None, StorageUnavailable, "storage_unavailable"),  # a closed connection
    ],
)
def test_each_result_code_is_the_error_that_says_what_to_do(code, kind, message):
    error = translate(error_with(code), "feedback.db")
    assert (kind, message, "storage") == (type(error), error.code, error.field)
    worth_retrying = "try again" in error.render("en")
    assert (kind is StorageUnavailable) == worth_retrying


def test_an_io_error_where_the_disk_has_no_room_left_is_a_full_disk(monkeypatch):
    class Full:
        f_bavail, f_frsize = 3, 4096

    monkeypatch.setattr(sqlite_errors.os, "statvfs", lambda _: Full)
    growing_shm = error_with(sqlite3.SQLITE_IOERR_SHMSIZE)  # how a full tmpfs shows
    assert "storage_full" == translate(growing_shm, "feedback.db").code


def test_a_file_that_cannot_be_opened_is_told_apart_by_its_folder(tmp_path):
    cannot_open = error_with(sqlite3.SQLITE_CANTOPEN)
    assert "storage_no_folder" == translate(cannot_open, str(tmp_path / "no" / "f.db")).code
    assert "storage_missing" == translate(cannot_open, str(tmp_path / "f.db")).code
    (tmp_path / "f.db").touch()
    assert "storage_read_only" == translate(cannot_open, str(tmp_path / "f.db")).code


# a damaged file ----------------------------------------------------------------------------


def overwrite_page_of(path, table):
    """Overwrite the first page of ``table`` as a disk fault would (the issue's 0xab bytes)."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root[0] - 1) * page_size
    data[start + 8 : start + page_size] = b"\xab" * (page_size - 8)
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_storage_corrupt_naming_the_file(tmp_path):
    path = tmp_path / "feedback.db"
    seeded(path)
    overwrite_page_of(path, "accounts")
    system = system_on(SqliteStorage(path, create=False))
    with pytest.raises(StorageFault) as raised:
        system.login("tiepnhan", PASSWORD)
    assert_fault(raised, "storage_corrupt", path)
    assert "restore it from a backup" in raised.value.render("en")
    assert 1 == len(system.public_reports().items)  # what is not damaged still reads
    system.close()


def test_a_file_that_is_not_a_database_is_storage_corrupt_when_opened(tmp_path):
    path = tmp_path / "feedback.db"
    path.write_bytes(b"\xab" * 8192)
    for create in (True, False):
        with pytest.raises(StorageFault) as raised:
            SqliteStorage(path, create=create)
        assert_fault(raised, "storage_corrupt", path)


def test_a_connection_that_cannot_roll_back_is_replaced_by_a_new_one(tmp_path):
    store = SqliteStorage(tmp_path / "feedback.db")
    broken = store._connection()

    class Boom(Exception):
        pass

    def fail_after_breaking_the_connection():
        with store.transaction():
            broken.close()  # the rollback that follows fails
            raise Boom

    with pytest.raises(Boom):
        fail_after_breaking_the_connection()
    with store.transaction() as tx:
        assert [] == tx.units.all()
    assert broken not in store._connections
    store.close()


# a missing folder --------------------------------------------------------------------------


def test_a_missing_folder_is_storage_no_folder_and_nothing_is_made(tmp_path):
    path = tmp_path / "no" / "such" / "feedback.db"
    with pytest.raises(StorageFault) as raised:
        FeedbackSystem.from_urls(Settings(secret_key=SECRET_KEY), storage=f"sqlite:///{path}")
    assert_fault(raised, "storage_no_folder", path)
    assert [] == list(tmp_path.iterdir())


# busy: worth a retry -----------------------------------------------------------------------


def test_a_store_locked_by_another_writer_is_storage_unavailable(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "feedback.db"
    store = SqliteStorage(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageUnavailable) as raised, store.transaction():
            pass
    finally:
        holder.rollback()
        holder.close()
    assert ("storage", "storage_unavailable") == (raised.value.field, raised.value.code)
    assert "try again" in raised.value.render("en")
    with store.transaction() as tx:  # and it was: the lock is gone
        assert [] == tx.units.all()
    store.close()


# read-only ---------------------------------------------------------------------------------


def check_read_only_store(path):
    """Reads work without create; writes and setting up are storage_read_only."""
    store = SqliteStorage(path, create=False)
    assert store.read_only
    system = system_on(store)
    assert "tiepnhan" == system.login("tiepnhan", PASSWORD).login_id
    assert [REPORT["title"]] == [r.title for r in system.public_reports().items]
    with pytest.raises(StorageFault) as raised:
        system.create_unit(system.login("quantri", PASSWORD), "soyte", "Sở Y tế")
    assert_fault(raised, "storage_read_only", path)
    assert "can only be read" in raised.value.render("en")
    system.close()
    with pytest.raises(StorageFault) as raised:
        SqliteStorage(path)  # setting it up (init) needs to write
    assert_fault(raised, "storage_read_only", path)


def test_a_file_this_process_may_not_write_is_opened_read_only(tmp_path, monkeypatch):
    path = tmp_path / "feedback.db"
    seeded(path)
    real_access = os.access

    def no_writing(target, mode, **kwargs):
        return False if mode & os.W_OK else real_access(target, mode, **kwargs)

    monkeypatch.setattr(sqlite_store.os, "access", no_writing)
    check_read_only_store(path)
    assert ["feedback.db"] == [p.name for p in tmp_path.iterdir()]  # immutable: no -shm made


@pytest.fixture
def tmpfs(tmp_path):
    # Room for a seeded store and its WAL (512k no longer held them once sessions came).
    yield from mounts.mounted(tmp_path / "mnt", size="1m")


def test_a_store_on_a_read_only_file_system_serves_reads(tmpfs):
    path = tmpfs.folder / "feedback.db"
    seeded(path)
    tmpfs.read_only()
    check_read_only_store(path)


def test_a_store_of_an_old_release_that_is_read_only_must_be_upgraded_first(tmpfs):
    path = tmpfs.folder / "feedback.db"
    SqliteStorage(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM schema_version WHERE version > 1")
    conn.close()
    tmpfs.read_only()
    with pytest.raises(StorageFault) as raised:
        SqliteStorage(path, create=False)
    assert_fault(raised, "storage_old", path)


@pytest.fixture
def immutable_file(tmp_path):
    """A store whose file (not folder) nobody may write, root included."""
    path = tmp_path / "feedback.db"
    seeded(path)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode:
        pytest.skip("chattr +i is not available here (needs root and a file system with it)")
    yield path
    subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_store_whose_file_is_immutable_serves_reads(immutable_file):
    check_read_only_store(immutable_file)


def test_a_new_store_in_a_read_only_folder_cannot_be_created_and_names_its_path(tmpfs):
    tmpfs.read_only()
    path = tmpfs.folder / "feedback.db"
    with pytest.raises(StorageFault) as raised:
        SqliteStorage(path)
    assert_fault(raised, "storage_cannot_create", path)


# a full disk -------------------------------------------------------------------------------


def test_a_full_disk_is_storage_full_and_the_store_still_reads(tmpfs):
    path = tmpfs.folder / "feedback.db"
    world = World.build(SqliteStorage(path), RecordingSmsSender())
    with pytest.raises(StorageFault) as raised:  # noqa: PT012 - until the disk is full
        for n in range(1000):
            world.system.submit_report(
                world.citizen, **{**REPORT, "content": f"{n} " + "x" * 3900}, address="QL22"
            )
    assert_fault(raised, "storage_full", path)
    assert "free some space" in raised.value.render("en")
    page = world.system.list_reports(world.citizen, limit=1)
    assert 1 == len(page.items)
    world.system.close()


def test_no_sqlite_error_escapes_a_store_whatever_fails(tmp_path):
    store = SqliteStorage(tmp_path / "feedback.db")
    with pytest.raises(FeedbackError), store.transaction() as tx:
        tx.accounts._db.execute("SELECT * FROM no_such_table", ())
    store.close()
