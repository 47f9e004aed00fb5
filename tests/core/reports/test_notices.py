"""Reporters are told what became of their reports: by SMS through the outbox, in their
language, never with a report's words, and not at all once they turn notices off."""

import json
import unicodedata

import attrs
import pytest
from hypothesis import given

from feedback_core import Language, ValidationError
from feedback_core.outbox.notices import SMS_NOTICES
from feedback_core.outbox.wire import event_to_dict
from feedback_core.reports.events import ReporterNotice
from feedback_core.reports.model import ReportAction
from feedback_core.reports.notices import reference
from feedback_core.testing import World
from feedback_core.testing.strategies import vietnamese_text
from feedback_memory import MemoryStorage, RecordingSmsSender

A = ReportAction
FORM = {
    "title": "Ổ gà trên đường 30/4",
    "content": "Ổ gà lớn giữa đường, xe máy dễ ngã.",
    "category": "giao_thong",
    "address": "Đường 30/4, phường 2, TP Tây Ninh",
}
PHONE = "+84912345678"  # the world's citizen


class Push:
    """A host's push service behind a transport: it keeps every notice it is given."""

    def __init__(self):
        self.notices = []

    def deliver(self, event):
        if isinstance(event, ReporterNotice):
            self.notices.append(event)

    def close(self):
        pass


def texts(world):
    """What the citizen's phone got after the activation code."""
    return [sms.text for sms in world.sms.sent if sms.phone == PHONE][1:]


def submitted(world, **changes):
    return world.system.submit_report(world.citizen.id, **(FORM | changes))


def accepted(world, **changes):
    report = submitted(world, **changes)
    return world.system.accept_report(world.operator.id, report.id)


def resolved(world, **changes):
    report = accepted(world, **changes)
    report = world.system.assign_report(world.operator.id, report.id, [world.unit_ids[0]])
    report = world.system.start_report(world.staff[0].id, report.id)
    return world.system.resolve_report(world.staff[0].id, report.id, "Đã vá ổ gà.")


def test_an_accepted_report_is_texted_to_its_reporter_once_dispatched(world):
    report = accepted(world)
    assert [] == texts(world)  # nothing is sent inside the use case
    world.system.dispatch()
    ref = reference(report.id)
    assert [f"Phản ánh {ref} của bạn đã được tiếp nhận và đang được xử lý."] == texts(world)
    world.system.dispatch()
    assert 1 == len(texts(world))


def refuse(world):
    world.system.refuse_report(world.operator.id, submitted(world).id, "Trùng lặp")


def give_back(world):
    report = accepted(world)
    report = world.system.assign_report(world.operator.id, report.id, [world.unit_ids[0]])
    world.system.return_report(world.staff[0].id, report.id, "Không thuộc thẩm quyền")


def close(world):
    world.system.close_report(world.operator.id, resolved(world).id)


@pytest.mark.parametrize(
    ("step", "told"),
    [
        (refuse, "không được tiếp nhận; lý do được ghi trên cổng thông tin"),
        (give_back, "đang được chuyển đến cơ quan có thẩm quyền"),
        (close, "đã được đóng"),
    ],
)
def test_refused_returned_and_closed_reports_are_texted(world, step, told):
    step(world)
    world.system.dispatch()
    assert told in texts(world)[-1]


def test_the_whole_flow_texts_accept_and_answer_and_nothing_else(world):
    resolved(world)
    world.system.dispatch()
    assert 2 == len(texts(world))
    assert "đã có kết quả trả lời" in texts(world)[1]


def test_a_reporter_closing_their_own_report_is_not_told_of_it(world):
    report = resolved(world)
    world.system.close_report(world.citizen.id, report.id)
    world.system.dispatch()
    assert 2 == len(texts(world))  # accepted, answered; not the close they did


def test_a_reporter_who_chose_english_is_told_in_english(world):
    world.system.set_preferences(world.citizen.id, language="en")
    report = accepted(world)
    world.system.dispatch()
    assert [f"Your report {reference(report.id)} has been accepted and is being handled."] == (
        texts(world)
    )


def test_a_citizen_registered_in_english_is_told_in_english():
    world = World.build(MemoryStorage(), RecordingSmsSender())
    citizen = world.system.register(
        {"phone": "0987654321", "password": "mot-mat-khau-dai", "full_name": "An", "language": "en"}
    )
    assert Language.EN == citizen.preferences.language


def test_a_citizen_who_turned_notices_off_gets_no_notice_and_no_text(world):
    world.system.set_preferences(world.citizen.id, notices=False)
    resolved(world)
    world.system.dispatch()
    assert [] == texts(world)
    assert not [e for e in world.system.events(limit=500) if isinstance(e[1], ReporterNotice)]


def test_notices_waiting_when_a_citizen_turns_them_off_are_not_texted(world):
    accepted(world)
    world.system.set_preferences(world.citizen.id, notices=False)
    result = world.system.dispatch()
    assert [] == texts(world)
    assert [] == world.system.pending_events()  # done with, not left waiting
    assert 1 == next(run for run in result.transports if run.destination == SMS_NOTICES).delivered


def test_a_down_sms_gateway_loses_no_notice(world):
    world.sms.down = True
    accepted(world)
    down = world.system.dispatch()
    assert (0, 1) == (down.delivered, down.failed)
    world.sms.down = False
    world.clock.advance(world.system.settings.dispatch.first_retry)
    world.system.dispatch()
    assert 1 == len(texts(world))


def test_a_hosts_push_transport_gets_the_same_notices(world):
    push = Push()
    system = world.system_with(transports={"push:": push})
    report = system.accept_report(world.operator.id, submitted(world).id)
    system.dispatch()
    [notice] = push.notices
    assert (world.citizen.id, report.id, A.ACCEPT) == (
        notice.recipient_id,
        notice.report_id,
        notice.action,
    )
    assert 1 == len(texts(world))


def test_with_sms_notices_off_only_the_transports_get_notices(world):
    push = Push()
    settings = attrs.evolve(world.system.settings, sms_notices=False)
    system = world.system_with(transports={"push:": push}, settings=settings)
    system.accept_report(world.operator.id, submitted(world).id)
    result = system.dispatch()
    assert 1 == len(push.notices)
    assert [] == texts(world)
    assert [SMS_NOTICES] not in [[run.destination] for run in result.transports]


@given(words=vietnamese_text(120, min_size=12))
def test_no_word_of_a_private_report_leaves_in_a_notice(words):
    world = World.build(MemoryStorage(), RecordingSmsSender())
    push = Push()
    system = world.system_with(transports={"push:": push})
    marker = unicodedata.normalize("NFC", "Bí mật " + words)
    report = system.submit_report(
        world.citizen.id, **(FORM | {"title": marker[:200], "content": marker, "public": False})
    )
    system.refuse_report(world.operator.id, report.id, marker[:500])
    system.dispatch()
    [notice] = push.notices
    sent = json.dumps(event_to_dict(notice), ensure_ascii=False) + " ".join(texts(world))
    assert marker not in sent
    assert "Bí mật" not in sent


@pytest.mark.parametrize(
    ("change", "field"),
    [({"language": "fr"}, "language"), ({"notices": "no"}, "notices"), ({"notices": 0}, "notices")],
)
def test_a_bad_preference_is_refused_naming_it_and_changes_nothing(world, change, field):
    with pytest.raises(ValidationError) as refused:
        world.system.set_preferences(world.citizen.id, **change)
    assert field in refused.value.errors
    again = world.system.set_preferences(world.citizen.id)
    assert (Language.VI, True) == (again.preferences.language, again.preferences.notices)


def test_a_bad_language_at_registration_is_one_field_among_the_others(world):
    with pytest.raises(ValidationError) as refused:
        world.system.register({"phone": "0987654321", "password": "short", "language": "fr"})
    assert {"password", "language", "full_name"} <= set(refused.value.errors)
