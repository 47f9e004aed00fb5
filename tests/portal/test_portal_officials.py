"""The officials' pages in Chromium: the operator's queue, a unit's reports, alerts.

The portal runs in a process of its own, so a citizen's report is made the way an app
would make it, through the portal's HTTP API under /api. Reports overdue by weeks are
made before the portal starts, by a system over the same store whose clock is a month
back: the only way to get old reports without waiting for the real clock.
"""

import json
from contextlib import contextmanager

import httpx
import pendulum
import portal_support as support
import pytest
from playwright.sync_api import expect
from portal_support import CODE, PASSWORD

from feedback_core import FeedbackSystem, FixedClock, Settings

VIETNAM = pendulum.timezone("Asia/Ho_Chi_Minh")
CITIZEN_PASSWORD = "mat-khau-cong-dan"
UNIT = "Sở Tài nguyên và Môi trường"


@contextmanager
def api(portal, login_id, password=PASSWORD):
    """An HTTP client of the portal's API, logged in as ``login_id``."""
    with httpx.Client(base_url=portal.url + "/api", timeout=30) as client:
        opened = client.post("/sessions", json={"login_id": login_id, "password": password})
        opened.raise_for_status()
        client.headers["Authorization"] = f"Bearer {opened.json()['token']}"
        yield client


@contextmanager
def citizen(portal, phone="0912345678"):
    """A citizen registered and activated through the API, logged in."""
    with httpx.Client(base_url=portal.url + "/api", timeout=30) as client:
        body = {"phone": phone, "password": CITIZEN_PASSWORD, "full_name": "Nguyễn Văn An"}
        client.post("/accounts", json=body).raise_for_status()
        code = CODE.search(portal.texts_to("+84" + phone[1:])[-1]).group(1)
        client.post("/accounts/activation", json={"phone": phone, "code": code}).raise_for_status()
    with api(portal, phone, CITIZEN_PASSWORD) as client:
        yield client


def send_report(client, title):
    """A citizen's report, sent through the API; its JSON."""
    body = {
        "title": title,
        "content": f"{title}: nước thải đổ ra kênh mỗi đêm, mùi rất nặng.",
        "category": "moi_truong",
        "address": "Kênh Nhiêu Lộc, phường 7, quận 3",
    }
    sent = client.post("/reports", json=body)
    sent.raise_for_status()
    return sent.json()


def log_in(page, portal, login_id):
    page.goto(portal.url + "/login")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(login_id)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def said(page, text):
    """The page's notice says ``text`` (waited for: the step's answer is a new page)."""
    expect(page.locator(".notice")).to_have_text(text)


def row(page, text):
    """The table row that names ``text``."""
    return page.locator("tr", has_text=text)


def test_the_operator_accepts_and_assigns_and_the_unit_answers(portal, desk, axe, shot):
    with citizen(portal) as client:
        report = send_report(client, "Xả thải ra kênh Nhiêu Lộc")
    log_in(desk, portal, "tiepnhan")
    assert desk.url.endswith("/queue")
    new = row(desk.locator("#new-reports"), "Xả thải ra kênh Nhiêu Lộc")
    assert "Trễ hạn" not in new.inner_text()
    assert "overdue" not in new.get_attribute("class")
    axe(desk)
    shot(desk, "officials-queue")

    new.get_by_role("link", name="Xả thải ra kênh Nhiêu Lộc").click()
    assert desk.url.endswith(f"/queue/{report['id']}")
    assert "nước thải đổ ra kênh mỗi đêm" in desk.locator("#report-content").inner_text()
    assert "Môi trường" in desk.locator("main").inner_text()
    steps = desk.locator("#history tbody th")
    assert ["Gửi"] == steps.all_inner_texts()
    axe(desk)
    shot(desk, "officials-report")
    desk.get_by_role("button", name="Tiếp nhận").click()
    said(desk, "Đã tiếp nhận phản ánh.")
    assert ["Gửi", "Tiếp nhận"] == steps.all_inner_texts()

    desk.get_by_role("link", name="Phản ánh mới").first.click()
    accepted = row(desk.locator("#accepted-reports"), "Xả thải ra kênh Nhiêu Lộc")
    accepted.get_by_label(UNIT).check()
    accepted.get_by_role("button", name="Chuyển xử lý").click()
    said(desk, "Đã chuyển phản ánh đến đơn vị.")
    assert "Xả thải ra kênh Nhiêu Lộc" not in desk.locator("main").inner_text()
    log_out(desk)

    log_in(desk, portal, "sotnmt_canbo")
    assert desk.url.endswith("/unit/reports")
    mine = row(desk, "Xả thải ra kênh Nhiêu Lộc")
    assert "Đã chuyển đơn vị" in mine.inner_text()
    mine.get_by_role("button", name="Bắt đầu xử lý").click()
    said(desk, "Đã bắt đầu xử lý phản ánh.")
    assert "Đang xử lý" in mine.inner_text()
    axe(desk)
    mine.get_by_text("Trả lời", exact=True).click()
    mine.get_by_label("Nội dung trả lời công dân").fill("Đã kiểm tra và xử phạt cơ sở xả thải.")
    mine.get_by_role("button", name="Gửi trả lời").click()
    said(desk, "Đã gửi trả lời phản ánh.")
    assert "Đã giải quyết" in mine.inner_text()
    shot(desk, "unit-reports")

    mine.get_by_role("link", name="Xả thải ra kênh Nhiêu Lộc").click()
    assert "Đã kiểm tra và xử phạt cơ sở xả thải." in desk.locator("main").inner_text()
    assert UNIT in desk.locator("main").inner_text()
    axe(desk)


def test_a_refusal_needs_a_reason_and_a_stale_page_is_told(portal, desk):
    with citizen(portal) as client:
        send_report(client, "Rác thải ven đường")
        stale = send_report(client, "Khói bụi công trình")
    log_in(desk, portal, "tiepnhan")

    refused = row(desk, "Rác thải ven đường")
    refused.get_by_text("Từ chối", exact=True).click()
    refused.get_by_role("button", name="Gửi lý do từ chối").click()
    assert "Lý do: Trường này là bắt buộc." in desk.get_by_role("alert").inner_text()
    refused = row(desk, "Rác thải ven đường")
    refused.get_by_text("Từ chối", exact=True).click()
    refused.get_by_label("Lý do từ chối").fill("Không thuộc phạm vi tiếp nhận của tổng đài.")
    refused.get_by_role("button", name="Gửi lý do từ chối").click()
    said(desk, "Đã từ chối phản ánh.")
    assert "Rác thải ven đường" not in desk.locator("main").inner_text()

    # Another operator accepts it while this page still shows it as new.
    with api(portal, "tiepnhan") as other:
        other.post(f"/reports/{stale['id']}/accept").raise_for_status()
    row(desk.locator("#new-reports"), "Khói bụi công trình").get_by_role(
        "button", name="Tiếp nhận"
    ).click()
    assert "người khác" in desk.get_by_role("alert").inner_text()
    assert "Khói bụi công trình" in desk.locator("#accepted-reports").inner_text()


def test_the_operator_accepts_with_the_keyboard_only(portal, desk):
    with citizen(portal) as client:
        send_report(client, "Cây đổ chắn đường")
    log_in(desk, portal, "tiepnhan")
    tab_to(desk, "Tiếp nhận")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")
    said(desk, "Đã tiếp nhận phản ánh.")
    tab_to(desk, UNIT)
    desk.keyboard.press("Space")
    tab_to(desk, "Chuyển xử lý")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")
    said(desk, "Đã chuyển phản ánh đến đơn vị.")


def tab_to(page, name, most=60):
    """Press Tab until the element focused is ``name`` (its text or its label's)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText).trim(); }"
        )
        if focused == name:
            return
    pytest.fail(f"{name!r} is not reached with Tab")


def test_the_leader_approves_an_alert_and_the_home_page_shows_it(portal, desk, axe, shot):
    log_in(desk, portal, "sotnmt_canbo")
    desk.get_by_role("link", name="Thông tin cảnh báo").click()
    assert desk.get_by_role("columnheader", name="Duyệt").count() == 0  # staff do not approve
    now = pendulum.now(VIETNAM)
    desk.get_by_label("Tiêu đề").fill("Triều cường vượt báo động 3")
    desk.get_by_label("Nội dung cảnh báo").fill("Đỉnh triều 1,7 m lúc 17 giờ; hạn chế đi lại.")
    desk.get_by_label("Khu vực").fill("Quận 7, huyện Nhà Bè")
    # Minutes are what a datetime-local input holds: in force from this minute on.
    desk.get_by_label("Bắt đầu").fill(now.strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_label("Kết thúc").fill(now.add(hours=6).strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_role("button", name="Lưu bản nháp").click()
    said(desk, "Đã lưu bản nháp cảnh báo.")
    alert = row(desk, "Triều cường vượt báo động 3")
    assert "Bản nháp" in alert.inner_text()
    assert now.strftime("%d/%m/%Y %H:%M") in alert.inner_text()
    alert.get_by_role("button", name="Gửi duyệt").click()
    said(desk, "Đã gửi cảnh báo để lãnh đạo duyệt.")
    assert "Chờ duyệt" in alert.inner_text()
    desk.goto(portal.url + "/")
    assert "Triều cường vượt báo động 3" not in desk.locator("main").inner_text()
    log_out(desk)

    log_in(desk, portal, "sotnmt_pheduyet")
    assert desk.url.endswith("/alerts/manage")
    alert = row(desk, "Triều cường vượt báo động 3")
    assert "Chờ duyệt" in alert.inner_text()
    axe(desk)
    shot(desk, "alerts-manage")
    column = desk.get_by_role("columnheader", name="Duyệt")
    approval = alert.locator("td").nth(column.evaluate("th => th.cellIndex") - 1)
    approval.get_by_role("button", name="Duyệt").click()
    said(desk, "Đã duyệt cảnh báo.")
    assert "Đang có hiệu lực" in alert.inner_text()

    desk.get_by_role("link", name="Trang chủ").click()
    card = desk.locator(".alert-card", has_text="Triều cường vượt báo động 3")
    assert "Quận 7, huyện Nhà Bè" in card.inner_text()
    axe(desk)
    shot(desk, "home-alert")


def test_an_alert_is_on_the_home_page_from_its_start_to_its_end(portal, desk):
    # Through the API, whose times have seconds: an alert that ends in a few seconds.
    now = pendulum.now("UTC")
    soon = now.add(seconds=15)  # time to approve both and load the page, even on slow CI
    later = {"start": now.add(days=1).isoformat(), "end": now.add(days=2).isoformat()}
    with api(portal, "sotnmt_canbo") as staff, api(portal, "sotnmt_pheduyet") as leader:
        for headline, times in (
            ("Cắt điện khu vực Thủ Đức", {"start": now.isoformat(), "end": soon.isoformat()}),
            ("Phun thuốc diệt muỗi", later),
        ):
            body = {"headline": headline, "description": "Chi tiết.", "area": "TP. Thủ Đức"}
            made = staff.post("/alerts", json=body | times).json()
            staff.post(f"/alerts/{made['id']}/submit").raise_for_status()
            leader.post(f"/alerts/{made['id']}/approve").raise_for_status()

    desk.goto(portal.url)
    shown = desk.locator("main").inner_text()
    assert "Cắt điện khu vực Thủ Đức" in shown
    assert "Phun thuốc diệt muỗi" not in shown  # approved, not yet started
    desk.wait_for_timeout(max(0, (soon - pendulum.now("UTC")).total_seconds() * 1000) + 1000)
    desk.reload()
    assert "Cắt điện khu vực Thủ Đức" not in desk.locator("main").inner_text()


def test_the_leader_rejects_with_a_reason_and_cancels(portal, desk):
    now = pendulum.now("UTC")
    times = {"start": now.add(days=1).isoformat(), "end": now.add(days=2).isoformat()}
    with api(portal, "sotnmt_canbo") as staff, api(portal, "sotnmt_pheduyet") as leader:
        ids = {}
        for headline in ("Sạt lở bờ sông Sài Gòn", "Ngập nước đường Nguyễn Hữu Cảnh"):
            body = {"headline": headline, "description": "Chi tiết.", "area": "TP. Thủ Đức"}
            ids[headline] = staff.post("/alerts", json=body | times).json()["id"]
            staff.post(f"/alerts/{ids[headline]}/submit").raise_for_status()
        leader.post(f"/alerts/{ids['Ngập nước đường Nguyễn Hữu Cảnh']}/approve")
    log_in(desk, portal, "sotnmt_pheduyet")

    pending = row(desk, "Sạt lở bờ sông Sài Gòn")
    pending.get_by_text("Từ chối", exact=True).click()
    pending.get_by_label("Lý do từ chối").fill("Ghi rõ đoạn bờ sông bị sạt lở.")
    pending.get_by_role("button", name="Gửi lý do từ chối").click()
    said(desk, "Đã từ chối cảnh báo.")
    assert "Bản nháp" in pending.inner_text()
    assert "Bị từ chối: Ghi rõ đoạn bờ sông bị sạt lở." in pending.inner_text()

    approved = row(desk, "Ngập nước đường Nguyễn Hữu Cảnh")
    assert "Đã duyệt, chưa đến giờ" in approved.inner_text()
    approved.get_by_role("button", name="Hủy cảnh báo").click()
    said(desk, "Đã hủy cảnh báo.")
    assert "Đã hủy" in approved.inner_text()


def test_a_wrong_alert_form_is_said_beside_its_fields(portal, desk, axe):
    log_in(desk, portal, "sotnmt_canbo")
    desk.goto(portal.url + "/alerts/manage")
    desk.get_by_label("Khu vực").fill("Quận 1")
    desk.get_by_label("Kết thúc").fill("2030-01-01T08:00")
    desk.get_by_role("button", name="Lưu bản nháp").click()
    assert "Chưa lưu được" in desk.get_by_role("alert").inner_text()
    assert "Trường này là bắt buộc." == desk.locator("#e-headline").inner_text()
    assert "Nhập ngày và giờ" in desk.locator("#e-start").inner_text()
    assert "true" == desk.get_by_label("Bắt đầu").get_attribute("aria-invalid")
    assert "Quận 1" == desk.get_by_label("Khu vực").input_value()
    assert "2030-01-01T08:00" == desk.get_by_label("Kết thúc").input_value()
    axe(desk)


def test_each_page_is_for_its_roles(portal, desk):
    desk.goto(portal.url + "/queue")
    assert "/login?next=/queue" in desk.url
    log_in(desk, portal, "sotnmt_canbo")
    answer = desk.goto(portal.url + "/queue")
    assert 403 == answer.status
    assert "không được mở trang này" in desk.get_by_role("alert").inner_text()
    log_out(desk)
    log_in(desk, portal, "tiepnhan")
    for path in ("/unit/reports", "/alerts/manage"):
        assert 403 == desk.goto(portal.url + path).status


@pytest.fixture
def old_portal(tmp_path):
    """The example over a store where a report came a month ago and another was assigned.

    The portal seeds its province at its first start; stopped, its store gets the old
    reports from a system whose clock is a month back, and it starts again over them.
    """
    data = tmp_path / "portal-data"
    support.start_portal(data).stop()
    key = bytes.fromhex((data / "portal.key").read_text().strip())
    with FeedbackSystem.from_urls(
        Settings(secret_key=key),
        storage=f"sqlite:///{data / 'portal.db'}",
        sms=f"file://{data / 'sms.jsonl'}",
        media=f"fs://{data / 'media'}",
        clock=FixedClock(pendulum.now("UTC").subtract(days=30)),
    ) as system:
        phone = "+84912345678"
        system.register({"phone": phone, "password": CITIZEN_PASSWORD, "full_name": "Lê Thị Bình"})
        sent = json.loads((data / "sms.jsonl").read_text(encoding="utf-8").splitlines()[-1])
        reporter = system.activate(phone, CODE.search(sent["text"]).group(1))
        place = {"category": "giao_thong", "address": "Quốc lộ 13, Thủ Đức"}
        system.submit_report(reporter, title="Ổ gà trên quốc lộ 13", content="Sâu 20 cm.", **place)
        old = system.submit_report(reporter, title="Đèn tín hiệu hỏng", content="Tắt.", **place)
        operator = system.login("tiepnhan", PASSWORD)
        system.accept_report(operator, old)
        system.assign_report(operator, old, ["sotnmt"])
    running = support.start_portal(data)
    yield running
    running.stop()


def test_overdue_reports_are_marked_in_words_not_only_colour(old_portal, desk, axe, shot):
    log_in(desk, old_portal, "tiepnhan")
    late = row(desk.locator("#new-reports"), "Ổ gà trên quốc lộ 13")
    assert "overdue" in late.get_attribute("class")
    assert "Trễ hạn" in late.inner_text()
    axe(desk)
    shot(desk, "officials-overdue")
    desk.get_by_role("link", name="English").click()
    assert "Overdue" in row(desk.locator("#new-reports"), "Ổ gà trên quốc lộ 13").inner_text()
    desk.get_by_role("link", name="Tiếng Việt").click()
    log_out(desk)
    log_in(desk, old_portal, "sotnmt_canbo")
    late = row(desk, "Đèn tín hiệu hỏng")
    assert "overdue" in late.get_attribute("class")
    assert "Trễ hạn" in late.inner_text()
    late.get_by_role("link", name="Đèn tín hiệu hỏng").click()
    assert "Trễ hạn" in desk.locator("main").inner_text()
