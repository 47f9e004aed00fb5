"""The secret key's fingerprint: a store refuses every key but its own; one administrator."""

import hashlib
import hmac
import re
from contextlib import contextmanager

import pytest

from feedback_core import Conflict, FeedbackSystem, Settings
from feedback_core.accounts.keys import KEY_FINGERPRINT, LABEL, fingerprint, recorded_fingerprint
from feedback_core.errors import KeyMismatch, StorageFault
from feedback_core.messages import message
from feedback_core.testing import SECRET_KEY, cheap_hasher
from feedback_memory import MemoryStorage, RecordingSmsSender

OTHER_KEY = bytes(range(32))


def system_on(storage, key=SECRET_KEY):
    return FeedbackSystem(
        storage, RecordingSmsSender(), Settings(secret_key=key), hasher=cheap_hasher()
    )


def test_a_fingerprint_is_the_hmac_of_a_fixed_label_in_hex_and_never_shows_the_key():
    value = fingerprint(SECRET_KEY)
    assert re.fullmatch("[0-9a-f]{64}", value)
    assert hmac.new(SECRET_KEY, LABEL, hashlib.sha256).hexdigest() == value
    assert value == fingerprint(SECRET_KEY)  # the same key, the same fingerprint
    assert value != fingerprint(OTHER_KEY)
    assert SECRET_KEY.hex() not in value


def test_the_first_system_on_a_store_records_its_keys_fingerprint():
    storage = MemoryStorage()
    assert None is recorded_fingerprint(storage)
    system_on(storage)
    assert fingerprint(SECRET_KEY) == recorded_fingerprint(storage)


def test_the_same_key_opens_the_store_again_and_changes_nothing():
    storage = MemoryStorage()
    system_on(storage).bootstrap_admin("quantri", "mat khau quan tri")
    before = storage.snapshot()
    system_on(storage)
    assert before == storage.snapshot()


def test_another_key_is_refused_naming_the_start_of_the_stored_fingerprint():
    storage = MemoryStorage()
    system_on(storage)
    before = storage.snapshot()
    with pytest.raises(KeyMismatch) as raised:
        system_on(storage, OTHER_KEY)
    stored = fingerprint(SECRET_KEY)
    assert ("secret_key", message("key_mismatch", fingerprint=stored[:12])) == (
        raised.value.field,
        raised.value.message,
    )
    assert stored[:12] in raised.value.render("vi")
    assert stored not in raised.value.render("en")  # a short prefix, not the whole value
    assert before == storage.snapshot()


class RefusingMeta:
    """A meta repository whose writes fail with the StorageFault ``code``."""

    def __init__(self, meta, code):
        self._meta = meta
        self._code = code

    def get(self, name):
        return self._meta.get(name)

    def put(self, name, value):
        raise StorageFault(message(self._code, path="feedback.db"), field="storage")


class RefusingStorage(MemoryStorage):
    """A store that reads, but whose meta writes fail: read-only (by default) or full."""

    def __init__(self, code="storage_read_only"):
        super().__init__()
        self.code = code

    @contextmanager
    def transaction(self):
        with super().transaction() as tx:
            tx.meta = RefusingMeta(tx.meta, self.code)
            yield tx


def test_a_read_only_store_without_a_fingerprint_is_accepted_as_it_is():
    storage = RefusingStorage()
    system_on(storage)
    system_on(storage, OTHER_KEY)
    assert None is recorded_fingerprint(storage)


def test_a_read_only_store_with_a_fingerprint_still_refuses_another_key():
    storage = RefusingStorage()
    storage.tables.meta[KEY_FINGERPRINT] = fingerprint(SECRET_KEY)
    system_on(storage)
    with pytest.raises(KeyMismatch):
        system_on(storage, OTHER_KEY)


def test_any_other_storage_fault_while_checking_the_key_is_raised():
    with pytest.raises(StorageFault) as raised:
        system_on(RefusingStorage("storage_full"))
    assert "storage_full" == raised.value.code


def test_from_urls_closes_the_store_it_opened_when_the_key_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'feedback.db'}"
    FeedbackSystem.from_urls(Settings(secret_key=SECRET_KEY), storage=url).close()
    opened = []
    real = FeedbackSystem.__init__

    def remember(self, storage, *args, **kwargs):
        opened.append(storage)
        real(self, storage, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FeedbackSystem, "__init__", remember)
        with pytest.raises(KeyMismatch):
            FeedbackSystem.from_urls(Settings(secret_key=OTHER_KEY), storage=url)
    [store] = opened
    assert [] == store._connections  # closed: no connection left open


# the first administrator ---------------------------------------------------------------------


def test_bootstrapping_the_same_administrator_again_says_it_exists_and_changes_nothing(world):
    storage = world.storage
    before = storage.snapshot()
    with pytest.raises(Conflict) as raised:
        world.system.bootstrap_admin("quantri", "mot mat khau khac")
    assert ("username", message("already_exists", entity="admin")) == (
        raised.value.field,
        raised.value.message,
    )
    assert before == storage.snapshot()


def test_bootstrapping_another_administrator_names_the_one_the_store_has(world):
    before = world.storage.snapshot()
    with pytest.raises(Conflict) as raised:
        world.system.bootstrap_admin("quantri2", "mat khau quan tri")
    assert message("admin_exists", login="quantri") == raised.value.message
    assert "Kho dữ liệu đã có quản trị viên (quantri)" in raised.value.render("vi")
    assert "already has an administrator (quantri)" in raised.value.render("en")
    assert before == world.storage.snapshot()
