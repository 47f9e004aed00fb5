"""What the citizens' browser tests share: the API calls officials make, a citizen, a photo.

The officials' steps (accept, assign, resolve) go through the HTTP API the portal mounts
at /api, as an operator's or a unit's app would: the citizens' tests are about what the
citizen sees, whatever page the officials use.
"""

import io
import json
import re
import urllib.request

from portal_support import CODE

CITIZEN_PASSWORD = "cong-dan-123"
TIME = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")  # Vietnam time, day first


def api(portal, path, body=None, token=None):
    """A JSON call to the portal's API, as an app makes it; the answer's body."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body or {}).encode()
    request = urllib.request.Request(portal.url + "/api" + path, data, headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def token_of(portal, login_id, password):
    return api(portal, "/sessions", {"login_id": login_id, "password": password})["token"]


def active_citizen(portal, phone, name="Nguyễn Văn An"):
    """A citizen registered and activated through the API (the register page has its test)."""
    e164 = "+84" + phone.removeprefix("0")
    api(portal, "/accounts", {"phone": phone, "password": CITIZEN_PASSWORD, "full_name": name})
    code = CODE.search(portal.texts_to(e164)[-1]).group(1)
    api(portal, "/accounts/activation", {"phone": phone, "code": code})


def log_in(page, portal, login_id, password=CITIZEN_PASSWORD):
    page.goto(portal.url + "/login")
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill(login_id)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/my/reports")


def jpeg(width=64, height=48):
    """A small photo, as a phone's camera would send one (smaller)."""
    from PIL import Image  # noqa: PLC0415 - the media extra's library

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def width_shown(image):
    """The photo's width once the browser loaded and decoded it (0 if it could not)."""
    image.scroll_into_view_if_needed()  # photos load lazily, as a phone scrolls to them
    return image.evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)")


def read_code_on_the_phone(page, portal, e164):
    """The last code texted to ``e164``, read on the SMS page in a tab of its own."""
    inbox = page.context.new_page()
    inbox.goto(portal.url + "/sms")
    texts = inbox.locator("tr.sms", has=inbox.locator("td.phone", has_text=e164))
    code = CODE.search(texts.first.locator("td.text").inner_text()).group(1)
    inbox.close()
    return code
