"""The seed's scenario on PostgreSQL, with two instances of the portal over one store.

Both instances share the store, the photo folder and the secret key, as two servers
behind a load balancer would. A browser's cookies belong to the host, not the port, so
the citizen logged in on one instance is logged in on the other: the session lives in
the store. Each side of the scenario is split between the instances on purpose.
"""

import os
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pendulum
import portal_support as support
import psycopg
import pytest
from playwright.sync_api import expect
from portal_support import CODE, PASSWORD
from psycopg import sql

URL_VARIABLE = "FEEDBACK_TEST_POSTGRES_URL"
CITIZEN_PASSWORD = "cong-dan-123"
TITLE = "Cống thoát nước bị vỡ"
ALERT = "Ngập sâu tại đường Cách Mạng Tháng Tám"


@pytest.fixture
def two_portals(tmp_path):
    """Two portals over one PostgreSQL schema, one folder of files, one key."""
    server = os.environ.get(URL_VARIABLE)
    if not server:
        pytest.skip(f"set {URL_VARIABLE}=postgresql://... to run the PostgreSQL tests")
    schema = f"portal_{os.getpid()}_{secrets.token_hex(3)}"
    parts = urlsplit(server)
    query = urlencode([*parse_qsl(parts.query), ("schema", schema)])
    store = urlunsplit(parts._replace(query=query))
    env = {"FEEDBACK_SECRET_KEY": secrets.token_hex(32)}
    data = tmp_path / "portal-data"
    first = support.start_portal(data, store=store, env=env)
    try:
        second = support.start_portal(data, store=store, env=env)
    except BaseException:
        first.stop()
        raise
    yield first, second
    for portal in (first, second):
        portal.stop()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def log_in(page, portal, login_id, password):
    page.goto(portal.url + "/login")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(login_id)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_a_citizen_on_one_instance_follows_the_report_on_the_other(two_portals, phone, desk):
    one, other = two_portals
    # Register on one instance, with the number typed without its 0; activate on the other.
    phone.goto(one.url + "/register")
    phone.get_by_label("Số điện thoại di động").fill("912345678")
    phone.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    phone.get_by_label("Họ và tên").fill("Lê Thị Thu")
    phone.get_by_role("button", name="Đăng ký").click()
    phone.wait_for_url("**/activate**")
    code = CODE.search(other.texts_to("+84912345678")[-1]).group(1)
    phone.goto(other.url + "/activate?phone=0912345678")
    phone.get_by_label("Mã kích hoạt").fill(code)
    phone.get_by_role("button", name="Kích hoạt").click()
    expect(phone.locator("main")).to_contain_text("Tài khoản đã được kích hoạt")

    log_in(phone, one, "0912345678", CITIZEN_PASSWORD)
    phone.goto(one.url + "/reports/new")
    phone.get_by_label("Lĩnh vực").select_option(label="Môi trường")
    phone.get_by_label("Tiêu đề").fill(TITLE)
    phone.get_by_label("Nội dung phản ánh").fill("Nước thải tràn ra mặt đường từ sáng.")
    phone.get_by_label("Địa chỉ").fill("Đường 30/4, phường 3, Tây Ninh")
    phone.get_by_role("button", name="Gửi phản ánh").click()
    phone.wait_for_url("**/my/reports/*")

    phone.goto(other.url + "/my/reports")  # the same cookie, the other instance
    row = phone.locator("li.report", has_text=TITLE)
    assert "chờ tiếp nhận" in row.inner_text()

    log_in(desk, other, "tiepnhan", PASSWORD)
    desk.locator("tr", has_text=TITLE).get_by_role("button", name="Tiếp nhận").click()
    expect(desk.locator(".notice")).to_be_visible()

    phone.goto(one.url + "/my/reports")
    assert "đã tiếp nhận" in phone.locator("li.report", has_text=TITLE).inner_text()


def test_an_alert_written_on_one_instance_is_approved_on_the_other(two_portals, desk):
    one, other = two_portals
    now = pendulum.now("Asia/Ho_Chi_Minh")
    log_in(desk, one, "sotnmt_canbo", PASSWORD)
    desk.goto(one.url + "/alerts/manage")
    desk.get_by_label("Tiêu đề").fill(ALERT)
    desk.get_by_label("Nội dung cảnh báo").fill("Mực nước 40 cm; tránh đi qua khu vực.")
    desk.get_by_label("Khu vực").fill("Phường 3, thành phố Tây Ninh")
    desk.get_by_label("Bắt đầu").fill(now.strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_label("Kết thúc").fill(now.add(hours=3).strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_role("button", name="Lưu bản nháp").click()
    desk.locator("tr", has_text=ALERT).get_by_role("button", name="Gửi duyệt").click()
    expect(desk.locator("tr", has_text=ALERT)).to_contain_text("Chờ duyệt")
    desk.get_by_role("button", name="Đăng xuất").click()

    log_in(desk, other, "sotnmt_pheduyet", PASSWORD)
    desk.goto(other.url + "/alerts/manage")
    desk.locator("tr", has_text=ALERT).get_by_role("button", name="Duyệt").click()
    expect(desk.locator("tr", has_text=ALERT)).to_contain_text("Đang có hiệu lực")

    desk.goto(one.url + "/")
    expect(desk.locator(".alert-card", has_text=ALERT)).to_contain_text("Phường 3")
