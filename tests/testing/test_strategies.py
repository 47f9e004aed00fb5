"""The shipped strategies give inputs that the system accepts."""

import unicodedata

import pendulum
from hypothesis import assume, given
from hypothesis import strategies as st

from feedback_core.testing import World
from feedback_core.testing.strategies import (
    alert_forms,
    phone_forms,
    registration_forms,
    report_forms,
)
from feedback_memory import MemoryStorage, RecordingSmsSender

SEEDED_PHONE = "+84912345678"  # the World's citizen


def fresh_world():
    return World.build(MemoryStorage(), RecordingSmsSender())


def registered(world, data):
    """A new citizen registered with a generated form; (account, E.164 phone)."""
    written, e164 = data.draw(phone_forms(), label="phone")
    assume(e164 != SEEDED_PHONE)
    policy = world.system.settings.registration
    form = data.draw(registration_forms(policy, phones=st.just(written)), label="form")
    return world.system.register(form), e164


@given(data=st.data())
def test_registration_forms_are_accepted_by_the_system(data):
    world = fresh_world()
    _, phone = registered(world, data)
    assert world.sms.last_code(phone)


@given(data=st.data())
def test_report_forms_are_accepted_and_stored_as_nfc_text(data):
    world = fresh_world()
    form = data.draw(report_forms(world.system.settings.categories))
    report = world.system.submit_report(world.citizen.id, **form)
    assert unicodedata.normalize("NFC", form["title"]).strip() == report.draft.title


@given(data=st.data())
def test_alert_forms_can_be_submitted_and_approved_at_their_instant(data):
    world = fresh_world()
    now = world.clock.now()
    form = data.draw(alert_forms(now))
    alert = world.system.create_alert(world.staff[0].id, **form)
    world.system.submit_alert(world.staff[0].id, alert.id)
    approved = world.system.approve_alert(world.approvers[0].id, alert.id)
    assert now == approved.approved_at
    assert pendulum.instance(form["end"]) == approved.content.end
