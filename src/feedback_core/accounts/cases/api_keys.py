"""API keys: administrators make, list and revoke them; Open311 POSTs are checked by them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.accounts import audit
from feedback_core.accounts.api_keys import (
    LABEL_LIMIT,
    MAX_KEY_LENGTH,
    ApiKey,
    key_hash,
    new_key,
)
from feedback_core.accounts.permissions import Action, require
from feedback_core.errors import InvalidCredentials
from feedback_core.messages import message
from feedback_core.work import Context, actor, new_id, not_found

if TYPE_CHECKING:
    import uuid

    import pendulum

    from feedback_core.work import UnitOfWork


@attrs.frozen
class NewApiKey:
    """A new key with its record: the key is shown here once, never stored."""

    key: str = attrs.field(repr=False)
    record: ApiKey


def create_api_key(ctx: Context, actor_id: object, label: object) -> NewApiKey:
    """An administrator makes a key for an application, e.g. "Zalo mini app"."""
    name = fields.text("label", label, limit=LABEL_LIMIT)
    key = new_key()
    with ctx.transaction() as tx:
        admin = actor(tx, actor_id)
        require(admin, Action.MANAGE_API_KEYS)
        record = ApiKey(new_id(), name, key_hash(key), ctx.clock.now(), admin.id)
        tx.api_keys.add(record)
        _audit(tx, record, audit.AuditAction.API_KEY_CREATED, admin.id, record.created_at)
    return NewApiKey(key, record)


def api_keys(ctx: Context, actor_id: object) -> list[ApiKey]:
    """Every key, revoked ones too, newest first: what an administrator manages."""
    with ctx.transaction() as tx:
        require(actor(tx, actor_id), Action.MANAGE_API_KEYS)
        return tx.api_keys.all()


def revoke_api_key(ctx: Context, actor_id: object, key_id: object) -> ApiKey:
    """Stop a key at once; revoking a revoked key changes nothing."""
    chosen = fields.identifier("key_id", key_id)
    with ctx.transaction() as tx:
        admin = actor(tx, actor_id)
        require(admin, Action.MANAGE_API_KEYS)
        record = tx.api_keys.get(chosen)
        if record is None:
            raise not_found("api_key", "key_id")
        if record.is_live:
            now = ctx.clock.now()
            record = attrs.evolve(record, revoked_at=now)
            tx.api_keys.update(record)
            _audit(tx, record, audit.AuditAction.API_KEY_REVOKED, admin.id, now)
        return record


def api_key_client(ctx: Context, key: object) -> ApiKey:
    """The live key ``key`` is; InvalidCredentials (field "api_key") for anything else."""
    with ctx.transaction() as tx:
        record = _live(tx, key)
    if record is None:
        raise InvalidCredentials(message("api_key_invalid"), field="api_key")
    return record


def _live(tx: UnitOfWork, key: object) -> ApiKey | None:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH:
        return None
    record = tx.api_keys.by_hash(key_hash(key))
    return record if record is not None and record.is_live else None


def _audit(
    tx: UnitOfWork, key: ApiKey, action: audit.AuditAction, admin: uuid.UUID, at: pendulum.DateTime
) -> None:
    # The key's id and label name it; the key itself and its hash never go in the trail.
    tx.audit.add(audit.record(at, action, admin, None, key_id=str(key.id), label=key.label))
