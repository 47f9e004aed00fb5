"""The citizens' account pages in Chromium, on a phone: register, activate, log in."""

import re

from citizen_support import CITIZEN_PASSWORD, log_in, read_code_on_the_phone
from playwright.sync_api import expect


def test_a_citizen_registers_without_the_0_activates_with_the_texted_code_and_logs_in(
    portal, phone, axe, shot
):
    phone.goto(portal.url + "/register")
    assert "Các trường có dấu * là bắt buộc." in phone.locator("main").inner_text()
    # Phone and password always, the full name by the default policy; the rest optional.
    for name in ("phone", "password", "full_name"):
        assert phone.locator(f"label[for=f-{name}] .req").is_visible()
    for name in ("email", "national_id", "address"):
        assert 0 == phone.locator(f"label[for=f-{name}] .req").count()
    axe(phone)
    register_through_the_errors(phone, axe, shot)
    phone.wait_for_url("**/activate?phone=0912345678&sent=*")
    assert "0912345678" == phone.get_by_label("Số điện thoại di động").input_value()
    wait_before_another_code(phone, portal, axe, shot)

    code = read_code_on_the_phone(phone, portal, "+84912345678")
    phone.get_by_label("Mã kích hoạt").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    phone.get_by_role("button", name="Kích hoạt").click()
    assert "Mã không đúng; còn 4 lần thử." == phone.locator("#e-code").inner_text()
    # With the keyboard only: the code, then Enter.
    phone.get_by_label("Mã kích hoạt").focus()
    phone.keyboard.type(code)
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/login?done=activated")
    assert "Tài khoản đã được kích hoạt" in phone.get_by_role("status").inner_text()

    log_in(phone, portal, "0912345678")
    assert "Nguyễn Văn An" in phone.locator("header").inner_text()
    assert "Bạn chưa gửi phản ánh nào." in phone.locator("main").inner_text()


def register_through_the_errors(phone, axe, shot):
    """Send the form empty, then with a bad e-mail, then right: each error where it belongs."""
    phone.get_by_role("button", name="Đăng ký").click()
    for name in ("phone", "password", "full_name"):
        assert "Trường này là bắt buộc." == phone.locator(f"#e-{name}").inner_text()
        field = phone.locator(f"#f-{name}")
        assert "true" == field.get_attribute("aria-invalid")
        assert f"e-{name}" in field.get_attribute("aria-describedby")
    axe(phone)
    shot(phone, "citizen-register")

    phone.get_by_label("Số điện thoại di động").fill("912345678")
    phone.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    phone.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    phone.get_by_label("Thư điện tử").fill("an@")
    phone.get_by_role("button", name="Đăng ký").click()
    assert "Địa chỉ thư điện tử không hợp lệ." == phone.locator("#e-email").inner_text()
    assert 0 == phone.locator("#e-phone").count()
    assert "912345678" == phone.get_by_label("Số điện thoại di động").input_value()
    assert "Nguyễn Văn An" == phone.get_by_label("Họ và tên").input_value()
    assert "" == phone.get_by_label("Mật khẩu").input_value()  # never sent back

    phone.get_by_label("Thư điện tử").fill("an@example.vn")
    phone.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    phone.get_by_role("button", name="Đăng ký").click()


def wait_before_another_code(phone, portal, axe, shot):
    """The wait is said in seconds, counts down, and keeps the button disabled."""
    resend = phone.get_by_role("button", name="Gửi lại mã")
    wait = phone.locator("#resend-wait")
    seconds = int(re.search(r"sau (\d+) giây", wait.inner_text()).group(1))
    assert 50 < seconds <= 60
    assert resend.is_disabled()
    expect(wait).not_to_have_text(wait.inner_text(), timeout=3000)
    axe(phone)
    shot(phone, "citizen-activate")

    # The server keeps the wait, not the button: a request sent anyway gets the core's answer.
    resend.evaluate("button => { button.disabled = false; }")
    resend.click()
    said = phone.locator("#e-resend").inner_text()
    assert re.fullmatch(r"Vui lòng chờ \d+ giây trước khi yêu cầu mã mới\.", said)
    assert phone.get_by_role("button", name="Gửi lại mã").is_disabled()
    assert 1 == len(portal.texts_to("+84912345678"))


def test_the_register_page_speaks_english_when_asked(portal, phone, axe):
    phone.goto(portal.url + "/register")
    phone.get_by_role("link", name="English").click()
    assert "Fields marked * are required." in phone.locator("main").inner_text()
    phone.get_by_role("button", name="Register").click()
    assert "This field is required." == phone.locator("#e-full_name").inner_text()
    axe(phone)
