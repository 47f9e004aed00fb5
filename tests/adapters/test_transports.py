"""The transports keep the transport contract; the SMS plugin serves the jsonl: scheme."""

import io
import json

import pytest

from feedback_core import DeliveryFailed
from feedback_core.outbox.wire import event_to_dict
from feedback_core.plugin.registry import AdapterRegistry
from feedback_core.testing.contracts import TransportContract, sample_events
from feedback_memory import RecordingTransport
from feedback_sms import ConsoleTransport, JsonLinesTransport
from feedback_sms import plugin as sms_plugin


class TestJsonLinesTransport(TransportContract[JsonLinesTransport]):
    @pytest.fixture
    def transport(self, tmp_path):
        return JsonLinesTransport(tmp_path / "events.jsonl")

    def delivered_events(self, transport):
        return transport.events()

    def break_it(self, transport):
        transport.file.path.mkdir()


class TestConsoleTransport(TransportContract[ConsoleTransport]):
    @pytest.fixture
    def transport(self):
        return ConsoleTransport(io.StringIO())

    def delivered_events(self, transport):
        return [json.loads(line) for line in transport.stream.getvalue().splitlines()]

    def break_it(self, transport):
        transport.stream.close()


class TestRecordingTransport(TransportContract[RecordingTransport]):
    @pytest.fixture
    def transport(self):
        return RecordingTransport()

    def delivered_events(self, transport):
        return [event_to_dict(event) for event in transport.delivered]

    def break_it(self, transport):
        transport.down = True


def test_the_events_file_holds_one_event_dict_per_line(tmp_path):
    event = sample_events()[0]
    JsonLinesTransport(tmp_path / "events.jsonl").deliver(event)
    [line] = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert event_to_dict(event) == json.loads(line)


def test_an_events_file_that_cannot_be_written_fails_naming_the_transports(tmp_path):
    transport = JsonLinesTransport(tmp_path / "missing-folder" / "events.jsonl")
    with pytest.raises(DeliveryFailed) as caught:
        transport.deliver(sample_events()[0])
    assert "transports" == caught.value.field


def test_a_recording_transport_notes_that_it_was_closed():
    transport = RecordingTransport()
    transport.close()
    assert transport.closed


def test_the_sms_plugin_serves_console_and_jsonl_transports():
    registry = AdapterRegistry()
    sms_plugin.feedback_register_adapters(registry=registry)
    assert ["console", "jsonl"] == registry.transports.schemes


def test_a_jsonl_url_creates_a_transport_writing_to_that_file(tmp_path):
    registry = AdapterRegistry()
    sms_plugin.feedback_register_adapters(registry=registry)
    transport = registry.transports.create(f"jsonl://{tmp_path}/events.jsonl")
    assert tmp_path / "events.jsonl" == transport.file.path
