"""A citizen's own data: a copy of all of it, and leaving with nothing of it kept."""

import datetime as dt
import json

import pytest

from feedback_core import InvalidCredentials, PermissionDenied, SendCooldown, ValidationError
from feedback_core.testing.world import PASSWORD

PROFILE = {
    "full_name": "Trần Thị Riêng Tư",
    "email": "rieng.tu@example.vn",
    "national_id": "079123456789",
    "address": "12 Đường Bí Mật, Tây Ninh",
}
REPORT = {
    "title": "Rác thải tràn ra đường",
    "content": "Bãi rác ở ấp 3 chưa được thu gom một tuần nay.",
    "category": "moi_truong",
    "address": "Ấp 3, xã Tân Bình, Tây Ninh",
}


@pytest.fixture
def person(world):
    world.system.update_profile(world.citizen.id, PROFILE)
    reports = [world.system.submit_report(world.citizen.id, **REPORT) for _ in range(3)]
    world.system.accept_report(world.operator.id, reports[0].id)
    return reports


def test_the_export_holds_the_account_its_reports_and_their_history(world, person):
    exported = world.system.export_personal_data(world.citizen.id)
    json.dumps(exported)  # a JSON document as it stands
    assert "+84912345678" == exported["account"]["phone"]
    assert PROFILE == {k: exported["account"]["profile"][k] for k in PROFILE}
    assert {str(r.id) for r in person} == {e["report"]["id"] for e in exported["reports"]}
    accepted = next(e for e in exported["reports"] if e["report"]["id"] == str(person[0].id))
    assert ["submit", "accept"] == [step["action"] for step in accepted["history"]]


def test_the_export_holds_no_password_hash_or_token_hash(world, person):
    opened = world.system.open_session("0912345678", PASSWORD)
    text = json.dumps(world.system.export_personal_data(world.citizen.id))
    assert "password_hash" not in text
    assert "token_hash" not in text
    assert opened.token not in text
    assert 1 == len(world.system.export_personal_data(world.citizen.id)["sessions"])


def test_a_deleted_account_leaves_no_personal_data_in_the_store(world, person):
    world.system.delete_account(world.citizen.id, PASSWORD)
    stored = repr(world.storage.snapshot())
    for value in ("912345678", *PROFILE.values()):
        assert value not in stored


def test_the_reports_stay_but_lead_to_no_one_nor_to_each_other(world, person):
    world.system.delete_account(world.citizen.id, PASSWORD)
    views = [world.system.read_report(world.operator.id, r.id) for r in person]
    reporters = {v.report.reporter_id for v in views}
    assert 3 == len(reporters)
    assert world.citizen.id not in reporters
    assert [r.draft for r in person] == [v.report.draft for v in views]
    # the history still says the reporter submitted it, under the report's new id
    assert all(v.history[0].actor_id == v.report.reporter_id for v in views)
    assert world.operator.id == views[0].history[1].actor_id


def test_the_number_is_free_to_register_again_but_keeps_its_daily_cap(world, person):
    world.system.delete_account(world.citizen.id, PASSWORD)
    form = {"phone": "0912345678", "password": PASSWORD, "full_name": "Bình"}
    with pytest.raises(SendCooldown):  # the texts sent to the number still count
        world.system.register(form)
    world.clock.advance(dt.timedelta(seconds=61))
    again = world.new_citizen("0912345678")
    assert again.id != world.citizen.id
    assert [] == list(world.system.list_reports(again.id).items)


def test_a_deleted_account_cannot_log_in_or_act(world, person):
    world.system.delete_account(world.citizen.id, PASSWORD)
    with pytest.raises(InvalidCredentials):
        world.system.login("0912345678", PASSWORD)
    with pytest.raises(Exception):  # noqa: B017, PT011 - NotFound: the id names no one
        world.system.export_personal_data(world.citizen.id)


def test_a_wrong_password_deletes_nothing(world, person):
    with pytest.raises(InvalidCredentials):
        world.system.delete_account(world.citizen.id, "not it")
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id
    assert 3 == len(world.system.export_personal_data(world.citizen.id)["reports"])


def test_notices_waiting_for_a_deleted_reporter_are_never_texted(world, person):
    world.system.delete_account(world.citizen.id, PASSWORD)
    before = len(world.sms.sent)
    world.system.dispatch()
    assert before == len(world.sms.sent)


def test_officials_are_managed_by_administrators_not_deleted_by_themselves(world):
    with pytest.raises(ValidationError):
        world.system.delete_account(world.operator.id, PASSWORD)
    with pytest.raises(ValidationError):
        world.system.export_personal_data(world.operator.id)
    with pytest.raises(PermissionDenied):
        world.system.disable_account(world.operator.id, world.citizen.id)
