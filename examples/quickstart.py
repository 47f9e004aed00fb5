"""The seed scenario end to end, in memory: register, activate, report, alert, answer."""

import secrets

import pendulum

from feedback_core import BUSINESS_TZ, FeedbackSystem, FixedClock, Settings
from feedback_memory import MemoryStorage, RecordingSmsSender

clock = FixedClock(pendulum.now(BUSINESS_TZ).replace(hour=9, minute=0, second=0, microsecond=0))
sms = RecordingSmsSender()
system = FeedbackSystem(
    MemoryStorage(), sms, Settings(secret_key=secrets.token_bytes(32)), clock=clock
)

# An administrator sets up a unit, its leader ("sotnmt_pheduyet") and an operator.
admin = system.bootstrap_admin("quantri", "mat-khau-quan-tri")
unit = system.create_unit(admin.id, "sotnmt", "Sở Tài nguyên và Môi trường")
leader = system.create_official(
    admin.id, role="unit_approver", unit_code="sotnmt", password="lanh-dao-so"
)
operator = system.create_official(
    admin.id, role="operator", username="tiepnhan", password="tiep-nhan-1022"
)
print("unit leader account:", leader.login_id)

# A citizen registers with "912345678", reads the SMS code, activates, logs in with "0912345678".
citizen = system.register(
    {"phone": "912345678", "password": "cong-dan-123", "full_name": "Nguyễn Văn An"}
)
code = sms.last_code(citizen.login_id)
print("SMS to", citizen.login_id, ":", sms.sent[-1].text)
system.activate("0912345678", code)
citizen = system.login("0912345678", "cong-dan-123")
report = system.submit_report(
    citizen.id,
    title="Rác thải ùn ứ tại chợ",
    content="Rác không được thu gom ba ngày nay.",
    category="moi_truong",
    address="Chợ Long Hoa, Hòa Thành, Tây Ninh",
)
print("report", report.id, report.status)

# The unit leader drafts an alert for tomorrow 07:00-18:00 Vietnam time and approves it.
tomorrow = clock.now().in_timezone(BUSINESS_TZ).add(days=1)
alert = system.create_alert(
    leader.id,
    headline="Cắt nước khu vực phường 1",
    description="Tạm ngưng cấp nước để sửa chữa đường ống.",
    area="Phường 1, thành phố Tây Ninh",
    start=tomorrow.replace(hour=7, minute=0),
    end=tomorrow.replace(hour=18, minute=0),
)
system.submit_alert(leader.id, alert.id)
system.approve_alert(leader.id, alert.id)
print("alert approved; active now:", len(system.active_alerts()))

# The clock moves: the alert goes active, then expires; tick announces each once.
clock.set(tomorrow.replace(hour=7, minute=30))
print("07:30 tick:", [e.name for e in system.tick()], "active:", len(system.active_alerts()))
clock.set(tomorrow.replace(hour=18, minute=0))
print("18:00 tick:", [e.name for e in system.tick()], "active:", len(system.active_alerts()))

# An operator accepts and routes the report; the unit answers; the citizen rates it.
system.accept_report(operator.id, report.id)
system.assign_report(operator.id, report.id, [unit.id])
system.start_report(leader.id, report.id)
system.resolve_report(leader.id, report.id, "Đã thu gom rác và nhắc nhở ban quản lý chợ.")
system.rate_report(citizen.id, report.id, 5)
view = system.read_report(citizen.id, report.id)
print("report", view.report.status, "rated", view.report.rating)
for step in view.history:
    print(
        " ",
        step.at.in_timezone(BUSINESS_TZ).format("DD/MM HH:mm"),
        step.action,
        "->",
        step.to_status,
    )
