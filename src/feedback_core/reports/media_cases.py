"""Use cases of a report's photos and videos: attach one, list them, read one.

Media follow their report: whoever may see the report (`read_report`, or the public view
for a public report) may see its media, and to anyone else a report's media do not exist
(NotFound, exactly as for an unknown report). Only the reporter attaches, while the report
is open (submitted, accepted, assigned or in progress).

An upload is streamed: its kind is read from its first bytes, its size is counted as it
arrives and it is refused the moment it passes its limit; photos are re-encoded without
their metadata by the system's `ImageCleaner` before the store sees a byte of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core import fields
from feedback_core.accounts.permissions import Action, may
from feedback_core.errors import (
    InvalidTransition,
    NotConfigured,
    PermissionDenied,
    ValidationError,
)
from feedback_core.messages import message
from feedback_core.reports.media import MediaContent, claims_match, sniff
from feedback_core.reports.media_stream import as_chunks, limited, split_head, without_location
from feedback_core.reports.model import ReportStatus
from feedback_core.reports.views import is_public
from feedback_core.work import Context, actor, not_found

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable, Iterator

    from feedback_core.accounts.model import Account
    from feedback_core.reports.media import (
        ImageCleaner,
        MediaItem,
        MediaKind,
        MediaPolicy,
        MediaStore,
    )
    from feedback_core.reports.model import Report
    from feedback_core.work import UnitOfWork

OPEN_STATUSES: Final = frozenset(
    {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.ASSIGNED, ReportStatus.IN_PROGRESS}
)
CLAIM_LIMIT: Final = 255


def attach_media(
    ctx: Context,
    actor_id: object,
    report_id: object,
    chunks: object,
    content_type: object = None,
    filename: object = None,
) -> MediaItem:
    """The reporter attaches a photo or video, streamed in ``chunks`` (or a file object)."""
    rid = fields.identifier("report_id", report_id)
    declared = fields.optional_text("content_type", content_type, limit=CLAIM_LIMIT)
    name = fields.optional_text("filename", filename, limit=CLAIM_LIMIT)
    store, policy = _store(ctx), ctx.settings.media
    with ctx.transaction() as tx:
        who = actor(tx, actor_id)
        _may_attach(who, _seen(tx, who, rid))
    _room_for_one(store, rid, policy)
    head, rest = split_head(as_chunks(chunks))
    kind = _kind(head, policy, declared, name)
    stream = limited(head, rest, policy.limit(kind))
    cleaned = _cleaner(ctx).clean(kind, stream) if kind.is_photo else without_location(stream)
    item = store.put(rid, kind, ctx.clock.now(), cleaned)
    if item.id not in {kept.id for kept in store.items(rid)[: policy.max_items]}:
        store.delete(item)  # uploads that raced each other for the last place: later ones go
        raise _too_many(policy)
    return item


def list_media(ctx: Context, viewer_id: object, report_id: object) -> list[MediaItem]:
    """A report's media, oldest first, for whoever may read the report."""
    rid = fields.identifier("report_id", report_id)
    store = _store(ctx)
    with ctx.transaction() as tx:
        _seen(tx, actor(tx, viewer_id), rid)
    return store.items(rid)


def report_media(
    ctx: Context, viewer_id: object, report_id: object, media_id: object
) -> MediaContent:
    """One photo or video and its bytes, for whoever may read the report."""
    rid = fields.identifier("report_id", report_id)
    mid = fields.identifier("media_id", media_id)
    store = _store(ctx)
    with ctx.transaction() as tx:
        _seen(tx, actor(tx, viewer_id), rid)
    return _content(store, rid, mid)


def public_list_media(ctx: Context, report_id: object) -> list[MediaItem]:
    """A public report's media, oldest first, for anyone."""
    rid = fields.identifier("report_id", report_id)
    store = _store(ctx)
    _public(ctx, rid)
    return store.items(rid)


def public_first_media(ctx: Context, report_ids: Iterable[object]) -> dict[uuid.UUID, MediaItem]:
    """The first item of each public report that has one, in one transaction for them all.

    A report that is not public, or has no media, is left out: a listing of public reports
    reads its media here without one transaction per report.
    """
    rids = [fields.identifier("report_id", rid) for rid in report_ids]
    store = ctx.media
    if store is None or not rids:
        return {}
    # The store first: most reports carry no media, and a report without any needs no
    # read (nor decode) to be left out. Only what a report still public shows is returned,
    # checked after the store answered, so a report hidden meanwhile shows nothing.
    firsts = {rid: items[0] for rid in rids if (items := store.items(rid))}
    if not firsts:
        return {}
    with ctx.transaction() as tx:
        return {
            rid: item
            for rid, item in firsts.items()
            if (report := tx.reports.get(rid)) is not None and is_public(report)
        }


def public_report_media(ctx: Context, report_id: object, media_id: object) -> MediaContent:
    """One photo or video of a public report, for anyone."""
    rid = fields.identifier("report_id", report_id)
    mid = fields.identifier("media_id", media_id)
    store = _store(ctx)
    _public(ctx, rid)
    return _content(store, rid, mid)


def _store(ctx: Context) -> MediaStore:
    if ctx.media is None:
        raise NotConfigured(message("media_off"), field="media")
    return ctx.media


def _cleaner(ctx: Context) -> ImageCleaner:
    if ctx.cleaner is None:
        raise NotConfigured(message("media_off"), field="media")
    return ctx.cleaner


def _seen(tx: UnitOfWork, who: Account, rid: uuid.UUID) -> Report:
    """The report if ``who`` may read it; NotFound otherwise, as if it did not exist."""
    report = tx.reports.get(rid)
    if report is None or not may(
        who, Action.READ_REPORT, units=report.units, owner_id=report.reporter_id
    ):
        raise not_found("report", "report_id")
    return report


def _public(ctx: Context, rid: uuid.UUID) -> None:
    with ctx.transaction() as tx:
        report = tx.reports.get(rid)
    if report is None or not is_public(report):
        raise not_found("report", "report_id")


def _may_attach(who: Account, report: Report) -> None:
    if who.id != report.reporter_id:
        raise PermissionDenied(message("permission_denied", action="attach_media"), field="actor")
    if report.status not in OPEN_STATUSES:
        raise InvalidTransition(
            message("invalid_transition", action="attach_media", status=report.status.value),
            field="status",
        )


def _room_for_one(store: MediaStore, rid: uuid.UUID, policy: MediaPolicy) -> None:
    if len(store.items(rid)) >= policy.max_items:
        raise _too_many(policy)


def _too_many(policy: MediaPolicy) -> ValidationError:
    return ValidationError.single("media", "too_many", limit=policy.max_items)


def _kind(head: bytes, policy: MediaPolicy, declared: str | None, name: str | None) -> MediaKind:
    if not head:
        raise ValidationError.single("media", "required")
    kind = sniff(head)
    if kind is None or kind not in policy.kinds:
        allowed = ", ".join(sorted(policy.kinds))
        raise ValidationError.single("media", "invalid_choice", choices=allowed)
    if not claims_match(kind, declared, name):
        raise ValidationError.single("media", "media_unreadable")
    return kind


def _content(store: MediaStore, rid: uuid.UUID, mid: uuid.UUID) -> MediaContent:
    item = store.get(rid, mid)
    if item is None:
        raise not_found("media", "media_id")
    chunks: Iterator[bytes] = store.read(item)
    return MediaContent(item, chunks)
