"""The media stores keep the MediaStore contract; the folder store writes atomically."""

import uuid

import pytest

from feedback_core.errors import AdapterError
from feedback_core.plugin.manager import make_plugins
from feedback_core.reports.media import MediaKind
from feedback_core.testing.contracts import MediaStoreContract
from feedback_core.testing.contracts.media import AT, DATA, Refused, chunks, failing
from feedback_media.files import FileMediaStore
from feedback_media.memory import MemoryMediaStore


class TestFileMediaStore(MediaStoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        return FileMediaStore(tmp_path / "media")


class TestMemoryMediaStore(MediaStoreContract):
    @pytest.fixture
    def store(self):
        return MemoryMediaStore()


def every_file(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_refused_upload_leaves_no_file_not_even_a_temporary_one(tmp_path):
    store = FileMediaStore(tmp_path)
    report = uuid.uuid4()
    with pytest.raises(Refused):
        store.put(report, MediaKind.MP4, AT, failing(DATA))
    assert [] == every_file(tmp_path)


def test_a_kept_item_is_its_bytes_and_its_facts_under_random_names(tmp_path):
    store = FileMediaStore(tmp_path)
    item = store.put(uuid.uuid4(), MediaKind.MP4, AT, chunks(DATA))
    expected = [f"{item.report_id}/{item.id}", f"{item.report_id}/{item.id}.json"]
    assert expected == every_file(tmp_path)


def test_bytes_without_facts_are_never_listed_or_served(tmp_path):
    """A crash between the two renames leaves bytes nobody can reach."""
    store = FileMediaStore(tmp_path)
    item = store.put(uuid.uuid4(), MediaKind.PNG, AT, [b"png"])
    (tmp_path / str(item.report_id) / f"{item.id}.json").unlink()
    assert [] == store.items(item.report_id)
    assert store.get(item.report_id, item.id) is None


def test_the_folder_is_made_at_the_first_upload_only(tmp_path):
    store = FileMediaStore(tmp_path / "media")
    assert [] == store.items(uuid.uuid4())
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize(
    ("url", "root"), [("fs:///var/lib/media", "/var/lib/media"), ("fs:media", "media")]
)
def test_fs_urls_name_a_folder(url, root):
    store = make_plugins().adapters().media.create(url)
    assert str(store.root) == root


def test_an_fs_url_with_a_host_is_refused():
    with pytest.raises(AdapterError):
        FileMediaStore.from_url("fs://server/media")


def test_the_registry_serves_fs_memory_and_pillow():
    registry = make_plugins().adapters()
    assert {"fs", "memory"} <= set(registry.media.schemes)
    assert ["pillow"] == registry.cleaners.schemes
