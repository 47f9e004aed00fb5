"""Photos and videos of reports: upload one (multipart, streamed), list them, fetch one.

Uploads are never read whole: a declared ``Content-Length`` past the policy's largest file
is refused before a byte is read, and otherwise the body is pulled chunk by chunk while
the core checks the kind and counts the size (`feedback_http.uploads`). The use case runs
in a worker thread; each chunk it asks for is fetched from the server on the event loop.
Items are served streamed, with their kind's content type, under the report's visibility.
"""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations.
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any, Final

from anyio import from_thread, to_thread
from fastapi import APIRouter, Depends, Request
from starlette.responses import StreamingResponse

from feedback_core.accounts.model import Account
from feedback_core.errors import ValidationError
from feedback_core.reports.media import CONTENT_TYPES, MediaContent, MediaItem, MediaPolicy
from feedback_core.reports.media_stream import megabytes
from feedback_http.auth import actor_of
from feedback_http.problems import problem_responses
from feedback_http.schemas import model_of, out
from feedback_http.uploads import OVERHEAD, FilePart, boundary_of, capped

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

MediaOut = model_of(MediaItem)
MediaList: Any = list[MediaOut]  # type: ignore[valid-type]  # a model made at import time
BINARY: Final = {"schema": {"type": "string", "format": "binary"}}
UPLOAD: Final = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}
SERVED: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "The photo or video",
        "content": dict.fromkeys(CONTENT_TYPES.values(), BINARY),
    }
}


def media_router(system: "FeedbackSystem") -> APIRouter:
    """The media endpoints over ``system``."""
    api = APIRouter(tags=["media"], responses=problem_responses(422, 501, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type

    @api.post(
        "/reports/{report_id}/media",
        status_code=201,
        operation_id="attach_media",
        response_model=MediaOut,
        responses=problem_responses(401, 403, 404, 409),
        openapi_extra=UPLOAD,
    )
    async def attach_media(report_id: uuid.UUID, request: Request, who: Actor) -> Any:  # noqa: ANN401
        """The reporter uploads a photo or video (the form field ``file``) to an open report."""
        policy = system.settings.media
        refuse_declared_oversize(request, policy)
        body = request.stream().__aiter__()
        pull = capped(lambda: from_thread.run(_next, body), policy.largest)
        upload = FilePart(boundary_of(request.headers.get("content-type")), pull)

        def attach() -> MediaItem:
            upload.find()
            return system.attach_media(
                who,
                report_id,
                upload.chunks(),
                content_type=upload.content_type,
                filename=upload.filename,
            )

        return out(await to_thread.run_sync(attach))

    @api.get(
        "/reports/{report_id}/media",
        operation_id="list_media",
        response_model=MediaList,
        responses=problem_responses(401, 404),
    )
    def list_media(report_id: uuid.UUID, who: Actor) -> Any:  # noqa: ANN401 - the model says
        """A report's photos and videos, oldest first, for those who may read the report."""
        return [out(item) for item in system.list_media(who, report_id)]

    @api.get(
        "/reports/{report_id}/media/{media_id}",
        operation_id="report_media",
        response_class=StreamingResponse,
        responses={**SERVED, **problem_responses(401, 404)},
    )
    def report_media(report_id: uuid.UUID, media_id: uuid.UUID, who: Actor) -> StreamingResponse:
        """One photo or video, for those who may read the report."""
        return served(system.report_media(who, report_id, media_id), public=False)

    @api.get(
        "/public/reports/{report_id}/media",
        operation_id="public_list_media",
        response_model=MediaList,
        responses=problem_responses(404),
    )
    def public_list_media(report_id: uuid.UUID) -> Any:  # noqa: ANN401 - the model says
        """A public report's photos and videos, oldest first."""
        return [out(item) for item in system.public_list_media(report_id)]

    @api.get(
        "/public/reports/{report_id}/media/{media_id}",
        operation_id="public_report_media",
        response_class=StreamingResponse,
        responses={**SERVED, **problem_responses(404)},
    )
    def public_report_media(report_id: uuid.UUID, media_id: uuid.UUID) -> StreamingResponse:
        """One photo or video of a public report."""
        return served(system.public_report_media(report_id, media_id), public=True)

    return api


async def _next(body: AsyncIterator[bytes]) -> bytes | None:
    try:
        return await body.__anext__()
    except StopAsyncIteration:
        return None


def refuse_declared_oversize(request: Request, policy: MediaPolicy) -> None:
    """Refuse a body whose declared length is past any file's limit, before reading it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.largest + OVERHEAD:
        limit = f"{megabytes(policy.largest)} MB"
        raise ValidationError.single("media", "too_large", limit=limit)


def served(content: MediaContent, *, public: bool) -> StreamingResponse:
    """The item's bytes streamed, typed by its kind; never sniffed or cached by strangers."""
    item = content.item
    headers = {
        "Content-Length": str(item.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'inline; filename="{item.id}.{item.kind.value}"',
        "Cache-Control": "public, max-age=300" if public else "private, no-store",
    }
    return StreamingResponse(content.chunks, media_type=item.content_type, headers=headers)
