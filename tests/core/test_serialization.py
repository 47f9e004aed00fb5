import json
import uuid

import attrs
import cattrs
import pendulum
import pytest

from feedback_core.accounts import events as account_events
from feedback_core.accounts.model import Account
from feedback_core.alerts.events import AlertEvent
from feedback_core.alerts.model import Alert
from feedback_core.messages import Language
from feedback_core.outbox.wire import (
    EVENT_TYPES,
    KEPT_TEXTS,
    event_from_dict,
    event_from_json,
    event_json,
    event_to_dict,
)
from feedback_core.reports.events import ReporterNotice, ReportEvent
from feedback_core.reports.model import Report, ReportAction, ReportStatus
from feedback_core.serialization import converter


def through_json(data):
    return json.loads(json.dumps(data))


def sample_event(kind):
    at = pendulum.datetime(2026, 3, 2, 2, 0)
    extra = {
        account_events.UnitCreated: {"unit_id": uuid.uuid4(), "code": "sotnmt"},
        ReportEvent: {
            "report_id": uuid.uuid4(),
            "actor_id": uuid.uuid4(),
            "action": ReportAction.SUBMIT,
            "from_status": None,
            "to_status": ReportStatus.SUBMITTED,
        },
        ReporterNotice: {
            "recipient_id": uuid.uuid4(),
            "report_id": uuid.uuid4(),
            "action": ReportAction.ACCEPT,
            "to_status": ReportStatus.ACCEPTED,
            "language": Language.EN,
        },
        account_events.PhoneChanged: {"recipient_id": uuid.uuid4()},
    }
    if issubclass(kind, account_events.AccountEvent):
        return kind(at=at, account_id=uuid.uuid4())
    if issubclass(kind, AlertEvent):
        return kind(at=at, alert_id=uuid.uuid4(), unit_id=uuid.uuid4())
    return kind(at=at, **extra[kind])


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES.values(), key=lambda k: k.__name__))
def test_every_event_survives_a_json_round_trip(kind):
    event = sample_event(kind)
    assert event == event_from_dict(through_json(event_to_dict(event)))


def test_times_travel_with_their_offset_and_return_in_utc():
    event = account_events.AccountActivated(
        at=pendulum.datetime(2026, 3, 2, 9, 0, tz="Asia/Ho_Chi_Minh"), account_id=uuid.uuid4()
    )
    data = event_to_dict(event)
    assert "2026-03-02T09:00:00+07:00" == data["at"]
    assert pendulum.UTC == event_from_dict(data).at.tzinfo


def test_a_naive_time_is_refused_when_reading_back():
    data = event_to_dict(sample_event(account_events.AccountActivated))
    data["at"] = "2026-03-02T09:00:00"
    with pytest.raises(cattrs.ClassValidationError) as raised:
        event_from_dict(data)
    assert ["not an aware time: '2026-03-02T09:00:00'"] == [str(e) for e in raised.value.exceptions]


def test_accounts_reports_and_alerts_survive_a_json_round_trip(world):
    report = world.system.submit_report(
        world.citizen.id,
        title="Đèn đường hỏng",
        content="Tối om.",
        category="giao_thong",
        latitude=11.3,
        longitude=106.1,
        address="QL22",
    )
    alert = world.system.create_alert(
        world.staff[0].id,
        headline="Ngập",
        description="Mưa lớn",
        area="Phường 1",
        start=world.clock.now().add(hours=1),
        end=world.clock.now().add(hours=5),
        polygon=[(11.0, 106.0), (11.1, 106.0), (11.1, 106.1), (11.0, 106.0)],
    )
    for record, kind in ((world.citizen, Account), (report, Report), (alert, Alert)):
        assert record == converter.structure(through_json(converter.unstructure(record)), kind)


def test_an_event_read_from_its_text_is_sent_as_that_very_text():
    stored = json.dumps(event_to_dict(sample_event(ReportEvent)), ensure_ascii=False, indent=1)
    event = event_from_json(stored)
    assert stored is event_json(event)  # no second encoding per delivery


def test_another_event_object_is_encoded_afresh_even_with_the_same_id():
    event = event_from_json(event_json(sample_event(ReportEvent)))
    changed = attrs.evolve(event, to_status=ReportStatus.ACCEPTED)
    assert "accepted" == json.loads(event_json(changed))["to_status"]
    assert event_json(changed) == json.dumps(
        event_to_dict(changed), ensure_ascii=False, separators=(",", ":")
    )


def test_only_the_latest_texts_read_are_kept():
    first = event_from_json(json.dumps(event_to_dict(sample_event(ReportEvent)), indent=1))
    for _ in range(KEPT_TEXTS):
        event_from_json(event_json(sample_event(ReportEvent)))
    assert "\n" not in event_json(first)  # encoded again, compact
    assert first == event_from_json(event_json(first))
