"""What administrators do to existing accounts, and the audit trail that records it."""

import datetime as dt
import itertools

import pytest

from feedback_core import (
    AccountNotActive,
    Conflict,
    InvalidCredentials,
    NotFound,
    PermissionDenied,
    SessionEnded,
    ValidationError,
)
from feedback_core.accounts.audit import AuditAction
from feedback_core.testing.world import PASSWORD

NEW_PASSWORD = "mat khau moi 2026"


def alert_form(world):
    now = world.clock.now()
    return {
        "headline": "Cảnh báo mưa lớn",
        "description": "Mưa lớn kéo dài, nguy cơ ngập úng cục bộ.",
        "area": "Thành phố Tây Ninh",
        "start": now.add(hours=1),
        "end": now.add(days=1),
    }


def trail(world, limit=500):
    return list(world.system.audit_trail(world.admin.id, limit=limit).items)


# disable and enable ---------------------------------------------------------------------


def test_a_disabled_account_cannot_log_in_and_its_sessions_end_at_once(world):
    opened = world.system.open_session("0912345678", PASSWORD)
    world.system.disable_account(world.admin.id, world.citizen.id)
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)
    with pytest.raises(AccountNotActive):
        world.system.login("0912345678", PASSWORD)
    with pytest.raises(PermissionDenied):
        world.system.submit_report(
            world.citizen.id, title="t", content="c", category="moi_truong", address="a"
        )


def test_an_administrator_finds_an_account_by_its_login_id(world):
    assert world.citizen.id == world.system.find_account(world.admin.id, "912 345 678").id
    assert world.operator.id == world.system.find_account(world.admin.id, "tiepnhan").id
    with pytest.raises(NotFound):
        world.system.find_account(world.admin.id, "0987654321")
    with pytest.raises(PermissionDenied):
        world.system.find_account(world.operator.id, "tiepnhan")


def test_enabling_gives_back_the_account(world):
    world.system.disable_account(world.admin.id, world.citizen.id)
    account = world.system.enable_account(world.admin.id, world.citizen.id)
    assert account.is_active
    assert world.citizen.id == world.system.login("0912345678", PASSWORD).id


def test_a_disabled_officials_pending_alert_stays_for_its_unit(world):
    alert = world.system.create_alert(world.staff[0].id, **alert_form(world))
    world.system.submit_alert(world.staff[0].id, alert.id)
    world.system.disable_account(world.admin.id, world.staff[0].id)
    approved = world.system.approve_alert(world.approvers[0].id, alert.id)
    assert "approved" == approved.status.value


def test_the_last_active_administrator_cannot_be_disabled_or_demoted(world):
    with pytest.raises(Conflict) as info:
        world.system.disable_account(world.admin.id, world.admin.id)
    assert "account_id" == info.value.field
    with pytest.raises(Conflict):
        world.system.change_role(world.admin.id, world.admin.id, "operator")
    second = world.system.create_official(
        world.admin.id, role="admin", username="quantri_hai", password=PASSWORD
    )
    world.system.disable_account(world.admin.id, second.id)
    with pytest.raises(Conflict):  # the disabled one does not count
        world.system.change_role(world.admin.id, world.admin.id, "operator")
    world.system.enable_account(world.admin.id, second.id)
    assert "operator" == world.system.change_role(second.id, world.admin.id, "operator").role


def test_only_administrators_manage_accounts(world):
    for who in (world.citizen, world.operator, world.approvers[0]):
        with pytest.raises(PermissionDenied):
            world.system.disable_account(who.id, world.staff[0].id)
        with pytest.raises(PermissionDenied):
            world.system.audit_trail(who.id)


# passwords, units and roles --------------------------------------------------------------


def test_an_officials_password_is_set_and_its_sessions_end(world):
    opened = world.system.open_session("tiepnhan", PASSWORD)
    world.system.set_official_password(world.admin.id, world.operator.id, NEW_PASSWORD)
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)
    assert world.operator.id == world.system.login("tiepnhan", NEW_PASSWORD).id


def test_a_citizens_password_is_theirs_alone(world):
    with pytest.raises(ValidationError) as info:
        world.system.set_official_password(world.admin.id, world.citizen.id, NEW_PASSWORD)
    assert "account_id" == info.value.field


def test_a_moved_official_writes_alerts_for_the_new_unit_only(world):
    staff = world.staff[0]
    world.system.move_official(world.admin.id, staff.id, "sogtvt")
    alert = world.system.create_alert(staff.id, **alert_form(world))
    assert world.units[1].id == alert.unit_id


def test_a_unit_leader_account_stays_with_its_unit(world):
    with pytest.raises(ValidationError) as info:
        world.system.move_official(world.admin.id, world.approvers[0].id, "sogtvt")
    assert ["approver_stays"] == [m.code for m in info.value.errors["account_id"]]


def test_only_the_leader_account_may_approve_for_a_unit(world):
    with pytest.raises(ValidationError) as info:
        world.system.change_role(world.admin.id, world.staff[0].id, "unit_approver")
    assert ["approver_name"] == [m.code for m in info.value.errors["role"]]
    with pytest.raises(ValidationError):
        world.system.create_official(
            world.admin.id,
            role="unit_approver",
            unit_code="sotnmt",
            username="sotnmt_phophong",
            password=PASSWORD,
        )


def test_a_leader_account_demoted_and_promoted_again(world):
    leader = world.approvers[0]
    assert "unit_staff" == world.system.change_role(world.admin.id, leader.id, "unit_staff").role
    assert (
        "unit_approver" == world.system.change_role(world.admin.id, leader.id, "unit_approver").role
    )


def test_a_unit_role_needs_a_unit_and_other_roles_none(world):
    with pytest.raises(ValidationError) as info:
        world.system.change_role(world.admin.id, world.operator.id, "unit_staff")
    assert "unit_code" == info.value.field
    staff = world.system.change_role(world.admin.id, world.operator.id, "unit_staff", "sotnmt")
    assert world.units[0].id == staff.unit_id
    with pytest.raises(ValidationError):
        world.system.change_role(world.admin.id, world.operator.id, "operator", "sotnmt")
    assert world.system.change_role(world.admin.id, world.operator.id, "operator").unit_id is None


# the audit trail ------------------------------------------------------------------------


def test_every_administrative_action_is_in_the_trail_with_who_and_whom(world):
    actions = [
        lambda: world.system.disable_account(world.admin.id, world.citizen.id),
        lambda: world.system.enable_account(world.admin.id, world.citizen.id),
        lambda: world.system.set_official_password(world.admin.id, world.operator.id, NEW_PASSWORD),
        lambda: world.system.move_official(world.admin.id, world.staff[0].id, "sogtvt"),
    ]
    for act in actions:
        world.clock.advance(dt.timedelta(seconds=1))  # records of one instant go by id
        act()
    records = trail(world)
    newest = [(r.action, r.actor_id, r.subject_id) for r in records[:4]]
    assert [
        (AuditAction.OFFICIAL_MOVED, world.admin.id, world.staff[0].id),
        (AuditAction.PASSWORD_SET, world.admin.id, world.operator.id),
        (AuditAction.ACCOUNT_ENABLED, world.admin.id, world.citizen.id),
        (AuditAction.ACCOUNT_DISABLED, world.admin.id, world.citizen.id),
    ] == newest
    assert {"unit": "sogtvt"} == dict(records[0].details)
    # the world's own setup: two units and five officials, by the administrator
    created = [r.action for r in records if r.actor_id == world.admin.id]
    assert 2 == created.count(AuditAction.UNIT_CREATED)
    assert 5 == created.count(AuditAction.OFFICIAL_CREATED)


def test_security_events_are_in_the_trail(world):
    world.clock.advance(dt.timedelta(seconds=1))
    for _ in range(world.system.settings.login.max_failures):
        with pytest.raises(InvalidCredentials):
            world.system.login("0912345678", "wrong password")
    newest = trail(world)[0]
    assert (AuditAction.LOGIN_LOCKED_OUT, None, world.citizen.id) == (
        newest.action,
        newest.actor_id,
        newest.subject_id,
    )


def test_the_trail_is_read_page_by_page_newest_first(world):
    for _ in range(3):
        world.system.disable_account(world.admin.id, world.citizen.id)
        world.system.enable_account(world.admin.id, world.citizen.id)
    everything = trail(world)
    seen, after = [], None
    while True:
        page = world.system.audit_trail(world.admin.id, after=after, limit=4)
        seen.extend(page.items)
        if page.next is None:
            break
        after = page.next
    assert everything == seen
    assert all(a.at >= b.at for a, b in itertools.pairwise(seen))


def test_the_trail_holds_no_password_code_key_or_phone(world):
    world.system.set_official_password(world.admin.id, world.operator.id, NEW_PASSWORD)
    created = world.system.create_api_key(world.admin.id, "Zalo mini app")
    world.system.request_phone_change(world.citizen.id, "0987654321", PASSWORD)
    code = world.sms.last_code("+84987654321")
    world.system.confirm_phone_change(world.citizen.id, code)
    text = repr(trail(world))
    # (the 6-digit code could turn up inside an id or a time by chance: its field is checked)
    for secret in (NEW_PASSWORD, PASSWORD, created.key, created.record.key_hash):
        assert secret not in text
    assert all(
        set(r.details) <= {"role", "unit", "key_id", "label", "purpose", "fields"}
        for r in trail(world)
    )
    for number in ("912345678", "987654321"):
        assert number not in text
