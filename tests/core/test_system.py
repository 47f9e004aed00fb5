"""The facade as a host developer meets it: records for ids, text for times, a context."""

import pytest

from feedback_core import FeedbackSystem, NotFound, ReportStatus, Settings, ValidationError
from feedback_core.testing import SECRET_KEY, cheap_hasher
from feedback_memory import MemoryStorage, RecordingSmsSender

REPORT = {"title": "Đèn đường hỏng", "content": "Đèn tắt ba đêm liền.", "category": "giao_thong"}


def submitted(world):
    return world.system.submit_report(world.citizen, **REPORT, address="Phường 1, Tây Ninh")


def accepted(world):
    return world.system.accept_report(world.operator, submitted(world))


def test_an_account_stands_wherever_an_actor_id_is_asked_for(world):
    report = world.system.submit_report(world.citizen, **REPORT, address="Phường 1")
    assert world.citizen.id == report.reporter_id


def test_a_record_stands_for_its_id(world):
    report = submitted(world)
    assert ReportStatus.ACCEPTED == world.system.accept_report(world.operator, report).status


def test_reports_are_assigned_to_units_by_code(world):
    report = world.system.assign_report(world.operator, accepted(world), ["sotnmt", "sogtvt"])
    assert world.unit_ids == report.units


def test_a_unit_named_twice_by_code_and_by_id_is_assigned_once(world):
    unit = world.units[0]
    report = world.system.assign_report(world.operator, accepted(world), [unit.code, unit.id])
    assert (unit.id,) == report.units


def test_an_unknown_unit_code_is_not_found_on_units(world):
    report = accepted(world)
    with pytest.raises(NotFound) as info:
        world.system.assign_report(world.operator, report, ["sokhongco"])
    assert "units" == info.value.field
    assert ReportStatus.ACCEPTED == world.system.read_report(world.operator, report).report.status


def test_a_malformed_unit_is_refused_on_units(world):
    with pytest.raises(ValidationError) as info:
        world.system.assign_report(world.operator, accepted(world), ["Sở TN&MT"])
    assert "units" == info.value.field


def test_times_may_be_iso_8601_text_with_their_offset(world):
    at = world.clock.now().in_timezone("Asia/Ho_Chi_Minh")
    assert [] == world.system.active_alerts(at.isoformat())
    assert [] == world.system.tick(at.isoformat())


class ClosingStore(MemoryStorage):
    closed = False

    def close(self):
        self.closed = True


def test_a_system_is_a_context_manager_that_closes_its_store():
    storage = ClosingStore()
    settings = Settings(secret_key=SECRET_KEY)
    with FeedbackSystem(storage, RecordingSmsSender(), settings, hasher=cheap_hasher()) as system:
        system.bootstrap_admin("quantri", "mat khau quan tri")
        assert not storage.closed
    assert storage.closed


def test_the_store_is_closed_when_the_block_raises():
    storage = ClosingStore()
    settings = Settings(secret_key=SECRET_KEY)
    with (
        pytest.raises(ValidationError),
        FeedbackSystem(storage, RecordingSmsSender(), settings, hasher=cheap_hasher()) as system,
    ):
        system.bootstrap_admin("", "")
    assert storage.closed
