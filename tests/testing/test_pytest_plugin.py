"""The pytest plugin: `feedback_world` seeds a system on the suite's store and SMS sender."""

from feedback_core import AccountStatus, ReportStatus, Role
from feedback_sqlite import SqliteStorage


def test_feedback_world_runs_on_the_store_and_sender_the_suite_provides(
    feedback_world, feedback_storage, feedback_sms
):
    assert feedback_world.storage is feedback_storage
    assert feedback_world.sms is feedback_sms
    assert isinstance(feedback_storage, SqliteStorage)  # tests/testing/conftest.py


def test_feedback_world_has_an_active_account_of_every_role(feedback_world):
    accounts = [
        feedback_world.admin,
        feedback_world.operator,
        *feedback_world.staff,
        *feedback_world.approvers,
        feedback_world.citizen,
    ]
    assert {AccountStatus.ACTIVE} == {account.status for account in accounts}
    assert [
        *(Role.ADMIN, Role.OPERATOR, Role.UNIT_STAFF, Role.UNIT_STAFF),
        *(Role.UNIT_APPROVER, Role.UNIT_APPROVER, Role.CITIZEN),
    ] == [account.role for account in accounts]
    assert ["sotnmt", "sogtvt"] == [unit.code for unit in feedback_world.units]


def test_a_report_goes_from_the_citizen_to_a_unit(feedback_world):
    system = feedback_world.system
    report = system.submit_report(
        feedback_world.citizen.id,
        title="Đèn đường hỏng",
        content="Đèn đường trước số 12 không sáng đã ba ngày.",
        category="giao_thong",
        address="12 đường 30/4, Tây Ninh",
    )
    system.accept_report(feedback_world.operator.id, report.id)
    assigned = system.assign_report(
        feedback_world.operator.id, report.id, [feedback_world.unit_ids[1]]
    )
    assert ReportStatus.ASSIGNED == assigned.status
