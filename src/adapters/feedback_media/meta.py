"""An item's facts as the JSON a store keeps beside its bytes."""

from __future__ import annotations

import json
import uuid
from typing import cast

import pendulum

from feedback_core.reports.media import MediaItem, MediaKind


def item_json(item: MediaItem) -> bytes:
    """The item's facts as UTF-8 JSON."""
    facts = {
        "id": str(item.id),
        "report_id": str(item.report_id),
        "kind": item.kind.value,
        "size": item.size,
        "added_at": item.added_at.isoformat(),
    }
    return json.dumps(facts, sort_keys=True).encode()


def item_of(data: bytes) -> MediaItem:
    """The item the JSON of `item_json` describes."""
    facts = json.loads(data)
    added = pendulum.parse(facts["added_at"])
    return MediaItem(
        id=uuid.UUID(facts["id"]),
        report_id=uuid.UUID(facts["report_id"]),
        kind=MediaKind(facts["kind"]),
        size=int(facts["size"]),
        added_at=cast("pendulum.DateTime", added).in_timezone("UTC"),
    )
