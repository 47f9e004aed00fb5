"""A citizen's reports in Chromium, on a phone: send, follow, see public, rate the answer.

The seed scenario as the citizen lives it; the officials act through the API.
"""

import re

from citizen_support import (
    CITIZEN_PASSWORD,
    TIME,
    active_citizen,
    api,
    jpeg,
    log_in,
    token_of,
    width_shown,
)
from portal_support import PASSWORD


def test_a_citizen_sends_a_report_with_a_photo_and_follows_it_to_the_public_list(
    portal, phone, axe, shot
):
    active_citizen(portal, "0987654321")
    log_in(phone, portal, "987654321")
    phone.get_by_role("navigation").get_by_role("link", name="Gửi phản ánh").click()
    phone.wait_for_url("**/reports/new")
    assert phone.get_by_label("Công khai phản ánh").is_checked()
    assert not phone.get_by_label("Khẩn cấp").is_checked()
    axe(phone)
    phone.get_by_role("button", name="Gửi phản ánh").click()
    for name in ("category", "title", "content"):
        assert "Trường này là bắt buộc." == phone.locator(f"#e-{name}").inner_text()
    assert "hoặc nhập địa chỉ" in phone.locator("#e-address").inner_text()
    axe(phone)
    shot(phone, "citizen-new-report")
    send_the_report(phone)

    phone.wait_for_url(re.compile(r".*/my/reports/[0-9a-f-]{36}$"))
    report_url = phone.url
    accept_by = see_the_new_report(phone, axe, shot)
    # A file that is no photo is refused, in place, and the report keeps its photo.
    not_a_photo = {"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}
    phone.get_by_label("Thêm ảnh, video").set_input_files([not_a_photo])
    phone.get_by_role("button", name="Đính kèm").click()
    assert "anh.jpg: " in phone.locator("#e-photos").inner_text()
    assert "e-photos" in phone.get_by_label("Thêm ảnh, video").get_attribute("aria-describedby")
    assert 1 == phone.locator(".gallery li").count()
    phone.get_by_role("navigation").get_by_role("link", name="Phản ánh của tôi").click()
    row = phone.locator("li.report", has_text="Rác thải ùn ứ tại chợ")
    assert "chờ tiếp nhận" in row.inner_text()
    assert f"Tiếp nhận trước {accept_by}" in row.inner_text()
    axe(phone)
    shot(phone, "citizen-my-reports")

    see_it_public_once_accepted(phone, portal, report_url.rsplit("/", 1)[1], axe, shot)
    phone.goto(report_url)
    assert "đã tiếp nhận" in phone.locator("p.status").inner_text()
    assert TIME.fullmatch(phone.locator("dt:has-text('Hạn giải quyết') + dd").inner_text())
    assert "cán bộ tiếp nhận" == phone.locator("li.step .by").nth(1).inner_text()


def send_the_report(phone):
    phone.get_by_label("Lĩnh vực").select_option(label="Môi trường")
    phone.get_by_label("Tiêu đề").fill("Rác thải ùn ứ tại chợ")
    phone.get_by_label("Nội dung phản ánh").fill("Rác không được thu gom ba ngày nay.")
    phone.get_by_label("Địa chỉ").fill("Chợ Long Hoa, Hòa Thành, Tây Ninh")
    phone.get_by_label("Vĩ độ").fill("11,2851")  # a decimal comma, as many type it
    phone.get_by_label("Kinh độ").fill("106,1312")
    phone.get_by_label("Khẩn cấp").check()
    photo = {"name": "rac.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    phone.get_by_label("Ảnh, video").set_input_files([photo])
    phone.get_by_role("button", name="Gửi phản ánh").click()


def see_the_new_report(phone, axe, shot):
    """The report's page: what was sent, its status, deadlines, history, photo."""
    assert "Rác thải ùn ứ tại chợ" == phone.get_by_role("heading", level=1).inner_text()
    assert "chờ tiếp nhận" in phone.locator("p.status").inner_text()
    facts = phone.locator("dl.facts").inner_text()
    assert "Môi trường" in facts
    assert "11.28510, 106.13120" in facts
    assert "Khẩn cấp" in facts
    assert "Được tính từ khi phản ánh được tiếp nhận" in facts
    accept_by = phone.locator("dt:has-text('Hạn tiếp nhận') + dd").inner_text()
    assert TIME.fullmatch(accept_by)
    step = phone.locator("li.step").first
    assert "gửi" == step.locator(".action").inner_text()
    assert "Bạn" == step.locator(".by").inner_text()  # the reporter's own step
    assert "chờ tiếp nhận" == step.locator(".to").inner_text()
    assert TIME.fullmatch(step.locator(".at").inner_text())
    assert 64 == width_shown(phone.get_by_role("img", name="Ảnh 1"))
    axe(phone)
    shot(phone, "citizen-my-report")
    return accept_by


def see_it_public_once_accepted(phone, portal, report_id, axe, shot):
    """Public only once an operator accepted it, and never with who sent it."""
    phone.goto(portal.url + "/public/reports")
    assert "Chưa có phản ánh công khai nào." in phone.locator("main").inner_text()
    api(portal, f"/reports/{report_id}/accept", token=token_of(portal, "tiepnhan", PASSWORD))
    phone.reload()
    card = phone.locator("li.report", has_text="Rác thải ùn ứ tại chợ")
    assert "đã tiếp nhận" in card.inner_text()
    axe(phone)
    shot(phone, "citizen-public-reports")
    card.get_by_role("link").click()
    phone.wait_for_url(f"**/public/reports/{report_id}")
    assert "Nguyễn Văn An" not in phone.locator("main").inner_text()
    assert 64 == width_shown(phone.get_by_role("img", name="Ảnh 1"))
    axe(phone)
    shot(phone, "citizen-public-report")


def test_a_citizen_reads_the_answer_and_rates_it(portal, phone, axe):
    active_citizen(portal, "0912345678")
    citizen = token_of(portal, "0912345678", CITIZEN_PASSWORD)
    report = api(
        portal,
        "/reports",
        {
            "title": "Đèn đường hỏng",
            "content": "Đèn đường trước số 12 không sáng.",
            "category": "giao_thong",
            "address": "12 Đường 30/4, Tây Ninh",
        },
        token=citizen,
    )
    operator = token_of(portal, "tiepnhan", PASSWORD)
    unit = token_of(portal, "sotnmt_pheduyet", PASSWORD)
    api(portal, f"/reports/{report['id']}/accept", token=operator)
    api(portal, f"/reports/{report['id']}/assign", {"units": ["sotnmt"]}, token=operator)
    api(portal, f"/reports/{report['id']}/start", token=unit)
    answer = {"response": "Đã thay bóng đèn."}
    api(portal, f"/reports/{report['id']}/resolve", answer, token=unit)

    log_in(phone, portal, "0912345678")
    phone.get_by_role("link", name="Đèn đường hỏng").click()
    main = phone.locator("main")
    assert "đã xử lý xong" in phone.locator("p.status").inner_text()
    assert "Đã thay bóng đèn." in main.inner_text()
    assert "Sở Tài nguyên và Môi trường" in main.inner_text()
    rows = phone.locator("li.step")
    steps = [row.locator(".action").inner_text() for row in rows.all()]
    assert ["gửi", "tiếp nhận", "chuyển xử lý", "bắt đầu xử lý", "hoàn tất xử lý"] == steps
    assert "cán bộ đơn vị" == rows.last.locator(".by").inner_text()
    assert "Đã thay bóng đèn." in rows.last.inner_text()  # the step's note
    axe(phone)

    phone.get_by_role("button", name="Gửi đánh giá").click()
    assert "từ 1 đến 5" in phone.locator("#e-rating").inner_text()
    phone.get_by_label("5 sao").check()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    assert "Bạn đã đánh giá 5/5." in main.inner_text()
    assert 0 == phone.get_by_role("button", name="Gửi đánh giá").count()


def test_only_the_reporter_sees_a_report_and_officials_are_sent_to_their_own_pages(
    portal, phone, desk
):
    active_citizen(portal, "0912345678")
    token = token_of(portal, "0912345678", CITIZEN_PASSWORD)
    private = {
        "title": "Tiếng ồn ban đêm",
        "content": "Quán karaoke mở nhạc đến 2 giờ sáng.",
        "category": "an_ninh_trat_tu",
        "address": "Phường 3, Tây Ninh",
        "public": False,
    }
    report = api(portal, "/reports", private, token=token)
    active_citizen(portal, "0987654321", name="Trần Thị Bình")
    log_in(phone, portal, "0987654321")
    phone.goto(portal.url + f"/my/reports/{report['id']}")
    assert "Không tìm thấy trang." in phone.locator("main").inner_text()

    desk.goto(portal.url + "/login")
    desk.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("tiepnhan")
    desk.get_by_label("Mật khẩu").fill(PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.wait_for_url("**/queue")
    response = desk.goto(portal.url + "/my/reports")
    assert 403 == response.status
    assert "Chỉ tài khoản công dân" in desk.locator("main").inner_text()
