"""The citizens' account pages: register, activate with the texted code, ask for a new one.

The reports' pages (`citizen_reports`) and the public ones (`citizen_public`) are routers
of their own, included here, so the app includes one router for the citizens' side.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from feedback_core import FeedbackError, SendCooldown, ValidationError, normalize_phone
from portal import citizen_public, citizen_reports, texts
from portal.citizen_reports import blank_is_required, errors_of
from portal.web import Page, page_of, posted

router = APIRouter()
router.include_router(citizen_reports.router)
router.include_router(citizen_public.router)

REGISTER_FIELDS: Final = (
    "phone",
    "password",
    "full_name",
    "email",
    "national_id",
    "address",
    "language",
)
ALWAYS_REQUIRED: Final = frozenset({"phone", "password"})


@router.get("/register", response_class=HTMLResponse)
def register_form(request: Request) -> Response:
    """The registration form; the texts the citizen gets default to the page's language."""
    page = page_of(request)
    return _register_page(page, {"language": page.lang}, {})


@router.post("/register")
async def register(request: Request) -> Response:
    """Register and text the first code; then enter it on the activation page."""
    page = page_of(request)
    form = await posted(request, page)
    sent = {name: form.get(name, "") for name in REGISTER_FIELDS}
    try:
        # Hashing the password is slow on purpose: off the event loop.
        account = await run_in_threadpool(page.system.register, sent)
    except FeedbackError as error:
        errors = blank_is_required(page, errors_of(page, error), sent, ("phone", "password"))
        kept = {name: value for name, value in sent.items() if name != "password"}
        return _register_page(page, kept, errors, status=400)
    return page.redirect(activation_url(page, account.login_id))


@router.get("/activate", response_class=HTMLResponse)
def activate_form(request: Request, phone: str = "", sent: str = "") -> Response:
    """Enter the texted code; ``sent`` (when the last code went) starts the resend wait."""
    page = page_of(request)
    return _activate_page(page, national(phone), sent, {})


@router.post("/activate")
async def activate(request: Request) -> Response:
    """The right code activates the account: then log in."""
    page = page_of(request)
    form = await posted(request, page)
    phone, sent = form.get("phone", ""), form.get("sent", "")
    try:
        page.system.activate(phone, form.get("code", ""))
    except FeedbackError as error:
        return _activate_page(page, phone, sent, errors_of(page, error), status=400)
    return page.redirect("/login?done=activated")


@router.post("/activate/resend")
async def resend(request: Request) -> Response:
    """Text a new code (the old one dies), unless the core says it is too early."""
    page = page_of(request)
    form = await posted(request, page)
    phone, sent = form.get("phone", ""), form.get("sent", "")
    try:
        page.system.send_activation_code(phone)
    except SendCooldown as error:
        errors = {"resend": page.error(error)}
        return _activate_page(page, phone, sent, errors, wait=error.retry_after, status=429)
    except FeedbackError as error:
        return _activate_page(page, phone, sent, {"resend": page.error(error)}, status=400)
    return page.redirect(activation_url(page, phone))


def national(phone: str) -> str:
    """A number as Vietnamese people write it ("0912345678"); as given if it is none."""
    try:
        e164 = normalize_phone(phone)
    except ValidationError:
        return phone
    return "0" + e164.removeprefix("+84")


def activation_url(page: Page, phone: str) -> str:
    """The activation page for ``phone``, a code just sent to it (its wait starts now)."""
    now = page.system.clock.now().int_timestamp
    return "/activate?" + urlencode({"phone": national(phone), "sent": now})


def seconds_to_wait(page: Page, sent: str) -> int:
    """Seconds until a new code may be asked for, from when the last one went.

    The core keeps when it texted a number but does not say it, so the page carries the
    time of its own send; at most the cooldown, so a changed URL cannot show more.
    """
    if not sent.isdigit():
        return 0
    cooldown = int(page.system.settings.activation.cooldown.total_seconds())
    left = int(sent) + cooldown - page.system.clock.now().int_timestamp
    return max(0, min(cooldown, left))


def _register_page(
    page: Page, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    required = ALWAYS_REQUIRED | page.system.settings.registration.required
    form_error = " ".join(v for k, v in errors.items() if k not in REGISTER_FIELDS)
    return page.render(
        "citizen/register.html",
        status,
        values=values,
        errors=errors,
        required=required,
        form_error=form_error,
    )


def _activate_page(
    page: Page,
    phone: str,
    sent: str,
    errors: dict[str, str],
    *,
    wait: int | None = None,
    status: int = 200,
) -> Response:
    wait = seconds_to_wait(page, sent) if wait is None else wait
    return page.render(
        "citizen/activate.html",
        status,
        values={"phone": phone},
        errors=errors,
        sent=sent,
        wait=wait,
        code_minutes=int(page.system.settings.activation.ttl.total_seconds() // 60),
        reload=f"/activate?{urlencode({'phone': phone, 'sent': sent})}",
    )


texts.add(
    vi={
        "register_title": "Đăng ký tài khoản",
        "register_intro": "Đăng ký bằng số điện thoại di động; mã kích hoạt sẽ được gửi qua SMS.",
        "phone": "Số điện thoại di động",
        "phone_hint": "Ví dụ: 0912345678",
        "password_hint": "Ít nhất 8 ký tự.",
        "full_name": "Họ và tên",
        "email": "Thư điện tử",
        "national_id": "Số căn cước công dân",
        "national_id_hint": "12 chữ số.",
        "address": "Địa chỉ",
        "language": "Ngôn ngữ của tin nhắn",
        "register_submit": "Đăng ký",
        "have_account": "Đã có tài khoản?",
        "activate_title": "Kích hoạt tài khoản",
        "activate_intro": "Nhập mã 6 chữ số đã được gửi qua SMS đến số điện thoại của bạn.",
        "code": "Mã kích hoạt",
        "code_hint": "6 chữ số, có hiệu lực {minutes} phút.",
        "activate_submit": "Kích hoạt",
        "no_code": "Không nhận được mã?",
        "resend_code": "Gửi lại mã",
        "resend_in": "Bạn có thể yêu cầu mã mới sau {seconds} giây.",
        "resend_ready": "Bạn đã có thể yêu cầu mã mới.",
        "reload_page": "Tải lại trang khi hết thời gian chờ",
        "account_activated": "Tài khoản đã được kích hoạt. Mời bạn đăng nhập.",
    },
    en={
        "register_title": "Create an account",
        "register_intro": "Register with your mobile number; the activation code comes by SMS.",
        "phone": "Mobile number",
        "phone_hint": "For example: 0912345678",
        "password_hint": "At least 8 characters.",
        "full_name": "Full name",
        "email": "E-mail",
        "national_id": "Citizen ID number",
        "national_id_hint": "12 digits.",
        "address": "Address",
        "language": "Language of the text messages",
        "register_submit": "Register",
        "have_account": "Already have an account?",
        "activate_title": "Activate your account",
        "activate_intro": "Enter the 6-digit code texted to your phone number.",
        "code": "Activation code",
        "code_hint": "6 digits, valid for {minutes} minutes.",
        "activate_submit": "Activate",
        "no_code": "No code received?",
        "resend_code": "Send the code again",
        "resend_in": "You can ask for a new code in {seconds} seconds.",
        "resend_ready": "You can ask for a new code now.",
        "reload_page": "Reload the page when the wait is over",
        "account_activated": "Your account has been activated. Please log in.",
    },
)
