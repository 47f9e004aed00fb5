"""The public reports, for anyone; and what every report page shares, with its words.

A public report shows once an operator accepted it, never who sent it (the core's
`PublicReport` has no reporter); its photos are served by the API's public media route.
"""

from __future__ import annotations

import gettext
from functools import cache, partial
from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from feedback_core import NotConfigured, NotFound, ValidationError
from feedback_core.messages import DOMAIN, LOCALE_DIR
from feedback_core.reports.media_stream import megabytes
from feedback_core.vocabulary import VOCABULARY
from portal import texts
from portal.web import Page, page_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedback_core.reports.media import MediaItem

router = APIRouter()
PAGE_SIZE: Final = 20


@router.get("/public/reports", response_class=HTMLResponse)
def public_reports(request: Request, after: str = "") -> Response:
    """The public reports, newest first, a page at a time."""
    page = page_of(request)
    try:
        listed = page.system.public_reports(after=after or None, limit=PAGE_SIZE)
    except ValidationError as error:
        raise HTTPException(400, detail=page.error(error)) from None
    later = listed.next.token if listed.next else None
    return page.render(
        "citizen/public_reports.html", 200, reports=listed.items, later=later, **shared(page)
    )


@router.get("/public/reports/{report_id}", response_class=HTMLResponse)
def public_report(request: Request, report_id: str) -> Response:
    """One public report; any other is "not found", as the core answers."""
    page = page_of(request)
    try:
        report = page.system.public_report(report_id)
    except (NotFound, ValidationError):
        raise HTTPException(404) from None
    media = media_of(lambda: page.system.public_list_media(report.id))
    return page.render(
        "citizen/public_report.html", 200, report=report, media=media, **shared(page)
    )


def media_of(listing: Callable[[], list[MediaItem]]) -> list[MediaItem] | None:
    """A report's photos and videos; None when the portal keeps none."""
    try:
        return listing()
    except NotConfigured:
        return None


def shared(page: Page) -> dict[str, object]:
    """What every report page shows: category names, unit names, the core's words.

    The hints quote the province's own limits, so they say what the core will enforce.
    """
    settings = page.system.settings
    media, deadlines = settings.media, settings.deadlines
    return {
        "categories": settings.categories,
        "units": {unit.id: unit.name for unit in page.system.units()},
        "word": partial(word, lang=page.lang),
        "accept": ",".join(sorted(kind.content_type for kind in media.kinds)),
        "photos_hint": page.t(
            "photos_hint",
            photo=megabytes(media.max_photo_bytes),
            video=megabytes(media.max_video_bytes),
            items=media.max_items,
        ),
        "urgent_hint": page.t(
            "urgent_hint", urgent=deadlines.accept_hours_urgent, usual=deadlines.accept_hours
        ),
    }


def word(value: str, lang: str) -> str:
    """A word of the core's vocabulary (a status, a step, a role), as its messages say it.

    Through the core's own catalog, so a status reads the same here as in its messages.
    """
    return _catalog(lang).gettext(VOCABULARY.get(value, value))


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


texts.add(
    vi={
        "new_report_title": "Gửi phản ánh",
        "category": "Lĩnh vực",
        "choose_category": "— Chọn lĩnh vực —",
        "report_title": "Tiêu đề",
        "report_content": "Nội dung phản ánh",
        "location": "Vị trí",
        "location_hint": "Nhập địa chỉ, hoặc vĩ độ và kinh độ của điểm xảy ra sự việc.",
        "latitude": "Vĩ độ",
        "latitude_hint": "Ví dụ: 10,7769",
        "longitude": "Kinh độ",
        "longitude_hint": "Ví dụ: 106,7009",
        "public": "Công khai phản ánh",
        "public_hint": "Sau khi được tiếp nhận, mọi người xem được phản ánh, không kèm tên bạn.",
        "urgent": "Khẩn cấp",
        "urgent_hint": "Cần tiếp nhận trong {urgent} giờ làm việc thay vì {usual}.",
        "photos": "Ảnh, video",
        "photos_hint": "Ảnh JPEG, PNG, WebP (tối đa {photo} MB) hoặc video MP4, MOV, WebM "
        "(tối đa {video} MB); tối đa {items} tệp.",
        "send_report": "Gửi phản ánh",
        "submitted_at": "Gửi lúc",
        "status": "Trạng thái",
        "accept_by": "Tiếp nhận trước {at}",
        "resolve_by": "Giải quyết trước {at}",
        "accept_deadline": "Hạn tiếp nhận",
        "resolve_deadline": "Hạn giải quyết",
        "after_acceptance": "Được tính từ khi phản ánh được tiếp nhận",
        "overdue": "Trễ hạn",
        "visibility": "Chế độ",
        "is_public": "Công khai",
        "is_private": "Không công khai",
        "handling_units": "Đơn vị xử lý",
        "refusal_reason": "Lý do từ chối",
        "response": "Kết quả giải quyết",
        "your_rating": "Bạn đã đánh giá {rating}/5.",
        "no_reports": "Bạn chưa gửi phản ánh nào.",
        "older": "Trang sau",
        "files_failed": "Phản ánh đã được gửi, nhưng {count} tệp không đính kèm được; "
        "bạn có thể thêm lại bên dưới.",
        "no_photos": "Không có ảnh hoặc video.",
        "no_media_store": "Cổng này không lưu ảnh, video.",
        "photo_n": "Ảnh {n}",
        "video_n": "Video {n}",
        "add_photos": "Thêm ảnh, video",
        "attach": "Đính kèm",
        "your_answer": "Ý kiến của bạn về kết quả",
        "rate_legend": "Đánh giá kết quả giải quyết",
        "stars": "{n} sao",
        "rate": "Gửi đánh giá",
        "reopen_reason": "Lý do đề nghị xử lý lại",
        "reopen": "Đề nghị xử lý lại",
        "close_hint": "Đóng phản ánh khi bạn hài lòng với kết quả.",
        "close_report": "Đóng phản ánh",
        "history": "Quá trình xử lý",
        "by_you": "Bạn",
        "public_intro": "Các phản ánh công khai đã được tiếp nhận, không kèm tên người gửi.",
        "no_public_reports": "Chưa có phản ánh công khai nào.",
        "resolved_at": "Giải quyết lúc",
    },
    en={
        "new_report_title": "Send a report",
        "category": "Field",
        "choose_category": "— Choose a field —",
        "report_title": "Title",
        "report_content": "What happened",
        "location": "Place",
        "location_hint": "Give an address, or the latitude and longitude of the place.",
        "latitude": "Latitude",
        "latitude_hint": "For example: 10.7769",
        "longitude": "Longitude",
        "longitude_hint": "For example: 106.7009",
        "public": "Make the report public",
        "public_hint": "Once accepted, anyone may read it, without your name.",
        "urgent": "Urgent",
        "urgent_hint": "To be accepted within {urgent} working hours instead of {usual}.",
        "photos": "Photos, videos",
        "photos_hint": "JPEG, PNG, WebP photos (at most {photo} MB) or MP4, MOV, WebM videos "
        "(at most {video} MB); at most {items} files.",
        "send_report": "Send the report",
        "submitted_at": "Sent",
        "status": "Status",
        "accept_by": "To be accepted by {at}",
        "resolve_by": "To be resolved by {at}",
        "accept_deadline": "Accept by",
        "resolve_deadline": "Resolve by",
        "after_acceptance": "Counted from when the report is accepted",
        "overdue": "Overdue",
        "visibility": "Visibility",
        "is_public": "Public",
        "is_private": "Not public",
        "handling_units": "Handled by",
        "refusal_reason": "Why it was refused",
        "response": "The answer",
        "your_rating": "You rated it {rating}/5.",
        "no_reports": "You have sent no report yet.",
        "older": "Next page",
        "files_failed": "The report was sent, but {count} file(s) could not be attached; "
        "you can add them again below.",
        "no_photos": "No photo or video.",
        "no_media_store": "This portal keeps no photos or videos.",
        "photo_n": "Photo {n}",
        "video_n": "Video {n}",
        "add_photos": "Add photos, videos",
        "attach": "Attach",
        "your_answer": "What you think of the answer",
        "rate_legend": "Rate the answer",
        "stars": "{n} stars",
        "rate": "Send the rating",
        "reopen_reason": "Why it should be handled again",
        "reopen": "Ask to handle it again",
        "close_hint": "Close the report when you are satisfied with the answer.",
        "close_report": "Close the report",
        "history": "History",
        "by_you": "You",
        "public_intro": "Public reports an operator accepted, without who sent them.",
        "no_public_reports": "No public report yet.",
        "resolved_at": "Resolved",
    },
)
