"""The SMS senders keep the sender contract; their plugins serve the right URL schemes."""

import io
import json
from pathlib import Path

import pendulum
import pytest

from feedback_core import DeliveryFailed, FixedClock
from feedback_core.errors import AdapterError
from feedback_core.plugin.registry import AdapterRegistry
from feedback_core.testing.contracts import SmsSenderContract
from feedback_memory import MemoryStorage, RecordingSmsSender
from feedback_memory import plugin as memory_plugin
from feedback_sms import ConsoleSmsSender, FileSmsSender
from feedback_sms import plugin as sms_plugin

AT = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


class TestConsoleSmsSender(SmsSenderContract[ConsoleSmsSender]):
    @pytest.fixture
    def sender(self):
        return ConsoleSmsSender(io.StringIO())

    def sent_messages(self, sender):
        lines = sender.stream.getvalue().splitlines()
        return [tuple(line.removeprefix("SMS to ").split(": ", 1)) for line in lines]

    def break_it(self, sender):
        sender.stream.close()


class TestFileSmsSender(SmsSenderContract[FileSmsSender]):
    reads_codes = True

    @pytest.fixture
    def sender(self, tmp_path):
        return FileSmsSender(tmp_path / "sms.jsonl")

    def sent_messages(self, sender):
        return [(sms["phone"], sms["text"]) for sms in sender.messages()]

    def break_it(self, sender):
        sender.path.mkdir()


class TestRecordingSmsSender(SmsSenderContract[RecordingSmsSender]):
    reads_codes = True

    @pytest.fixture
    def sender(self):
        return RecordingSmsSender()

    def sent_messages(self, sender):
        return [(sms.phone, sms.text) for sms in sender.sent]

    def break_it(self, sender):
        sender.down = True


def test_the_console_sender_prints_one_line_per_message_to_stdout(capsys):
    ConsoleSmsSender.from_url("console:").send("+84912345678", "Mã kích hoạt: 048213")
    assert "SMS to +84912345678: Mã kích hoạt: 048213\n" == capsys.readouterr().out


def test_the_sms_file_holds_one_json_object_per_line_with_the_send_time(tmp_path):
    sender = FileSmsSender(tmp_path / "sms.jsonl", clock=FixedClock(AT))
    sender.send("+84912345678", "Mã kích hoạt: 048213")
    expected = {"phone": "+84912345678", "text": "Mã kích hoạt: 048213", "at": AT.isoformat()}
    [line] = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert expected == json.loads(line)


def test_the_sms_file_is_readable_by_its_owner_only(tmp_path):
    FileSmsSender(tmp_path / "sms.jsonl").send("+84912345678", "048213")
    assert 0o600 == (tmp_path / "sms.jsonl").stat().st_mode & 0o777


def test_a_file_that_cannot_be_written_fails_naming_the_sms_field(tmp_path):
    sender = FileSmsSender(tmp_path / "missing-folder" / "sms.jsonl")
    with pytest.raises(DeliveryFailed) as caught:
        sender.send("+84912345678", "048213")
    assert ("sms", FileNotFoundError) == (caught.value.field, type(caught.value.__cause__))


def test_a_sender_that_never_sent_has_read_back_nothing(tmp_path):
    assert [] == FileSmsSender(tmp_path / "sms.jsonl").messages()


def registry_of(plugin):
    registry = AdapterRegistry()
    plugin.feedback_register_adapters(registry=registry)
    return registry


def test_the_sms_plugin_serves_console_file_and_gateway_senders():
    registry = registry_of(sms_plugin)
    assert (["console", "file", "smsgw"], []) == (registry.sms.schemes, registry.storage.schemes)


def test_a_file_url_with_three_slashes_names_an_absolute_path(tmp_path):
    sender = registry_of(sms_plugin).sms.create(f"file://{tmp_path}/sms%20log.jsonl")
    assert tmp_path / "sms log.jsonl" == sender.path


def test_a_file_url_without_slashes_names_a_path_relative_to_the_working_directory():
    assert Path("sms.jsonl") == registry_of(sms_plugin).sms.create("file:sms.jsonl").path


def test_a_file_url_may_name_localhost(tmp_path):
    sender = registry_of(sms_plugin).sms.create(f"file://localhost{tmp_path}/sms.jsonl")
    assert tmp_path / "sms.jsonl" == sender.path


@pytest.mark.parametrize("url", ["file://sms.jsonl", "file://example.com/sms.jsonl", "file:"])
def test_a_file_url_on_another_host_or_without_a_path_is_refused(url):
    with pytest.raises(AdapterError) as caught:
        registry_of(sms_plugin).sms.create(url)
    assert "sms" == caught.value.field


def test_a_console_url_prints_to_standard_output():
    sender = registry_of(sms_plugin).sms.create("console:")
    assert (ConsoleSmsSender, None) == (type(sender), sender.stream)


def test_the_memory_plugin_serves_memory_storage_and_recording_senders():
    registry = registry_of(memory_plugin)
    schemes = (registry.storage.schemes, registry.sms.schemes, registry.transports.schemes)
    assert (["memory"], ["recording"], ["recording"]) == schemes


def test_memory_urls_create_fresh_in_memory_adapters():
    registry = registry_of(memory_plugin)
    created = (registry.storage.create("memory:"), registry.sms.create("recording:"))
    assert (MemoryStorage, RecordingSmsSender) == tuple(map(type, created))


def test_the_sms_and_memory_plugins_claim_no_scheme_twice():
    registry = AdapterRegistry()
    for plugin in (memory_plugin, sms_plugin):
        registry.current_plugin = plugin.__name__
        plugin.feedback_register_adapters(registry=registry)
    assert ["console", "file", "recording", "smsgw"] == registry.sms.schemes
