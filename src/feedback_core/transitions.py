"""One guarded transition, for every kind of record that moves along a table.

Reports and alerts (and, next, accounts) move the same way: load the record, require an
active actor, check the actor's permission, check the version the caller saw, move it by
the feature's rules, write it (with its history), and emit its events, all in one
transaction. A feature describes its records once as a `Kind`; its use cases then give
only the permission check and the move.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import attrs

from feedback_core import fields
from feedback_core.errors import Conflict
from feedback_core.events import Event
from feedback_core.messages import message
from feedback_core.work import UnitOfWork, actor, not_found

if TYPE_CHECKING:
    import pendulum

    from feedback_core.accounts.model import Account
    from feedback_core.work import Context


class Versioned(Protocol):
    """A stored record whose every write raises its version by one."""

    @property
    def version(self) -> int:
        """How many times it was written."""
        ...


R = TypeVar("R", bound=Versioned)
C = TypeVar("C")  # what a move returns: the new record with its history entry or event


@attrs.frozen
class Kind(Generic[R, C]):
    """What the runner must know of one kind of record."""

    entity: str  # names it in messages: "report"
    field: str  # the field its id comes in: "report_id"
    load: Callable[[UnitOfWork, uuid.UUID], R | None]
    # Writes a move's outcome (record and history) and says what to emit.
    write: Callable[[UnitOfWork, C], tuple[R, Sequence[Event]]]


Permit = Callable[["Account", R], None]
Move = Callable[["UnitOfWork", R, "Account", "pendulum.DateTime"], C]


def run(
    ctx: Context,
    kind: Kind[R, C],
    actor_id: object,
    record_id: object,
    expected_version: object,
    permit: Permit[R],
    move: Move[R, C],
) -> R:
    """Load, require, permit, check the version, move, write, record, emit: one transaction."""
    rid = fields.identifier(kind.field, record_id)
    version = fields.expected_version(expected_version)
    with ctx.transaction() as work:
        who = actor(work, actor_id)
        record = kind.load(work, rid)
        if record is None:
            raise not_found(kind.entity, kind.field)
        permit(who, record)
        if version is not None and version != record.version:
            raise Conflict(message("conflict", entity=kind.entity), field="expected_version")
        moved, events = kind.write(work, move(work, record, who, ctx.clock.now()))
        work.emit(events)
        return moved
