"""The portal's common pages in Chromium: home, login, language, the SMS inbox."""

from portal_support import PASSWORD


def test_the_home_page_is_in_vietnamese_and_switches_to_english(portal, phone, axe):
    phone.goto(portal.url)
    assert "vi" == phone.locator("html").get_attribute("lang")
    assert "Cảnh báo đang có hiệu lực" in phone.locator("main").inner_text()
    axe(phone)
    phone.get_by_role("link", name="English").click()
    assert "Alerts in force" in phone.locator("main").inner_text()
    assert "en" == phone.locator("html").get_attribute("lang")


def test_an_official_logs_in_and_out_with_the_keyboard_only(portal, desk, axe):
    desk.goto(portal.url + "/login")
    axe(desk)
    desk.get_by_label("Số điện thoại hoặc tên đăng nhập").focus()
    desk.keyboard.type("tiepnhan")
    desk.keyboard.press("Tab")
    desk.keyboard.type(PASSWORD)
    desk.keyboard.press("Enter")
    desk.wait_for_url("**/queue")
    assert "tiepnhan" in desk.locator("header").inner_text()
    desk.get_by_role("button", name="Đăng xuất").click()
    desk.wait_for_url(portal.url + "/")
    assert desk.get_by_role("link", name="Đăng nhập").is_visible()


def test_a_wrong_password_is_said_beside_the_field(portal, desk):
    desk.goto(portal.url + "/login")
    desk.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("tiepnhan")
    desk.get_by_label("Mật khẩu").fill("sai mat khau")
    desk.get_by_role("button", name="Đăng nhập").click()
    error = desk.locator("#e-login_id")
    assert "Số điện thoại, tên đăng nhập hoặc mật khẩu không đúng." == error.inner_text()
    assert "true" == desk.get_by_label("Số điện thoại hoặc tên đăng nhập").get_attribute(
        "aria-invalid"
    )
