"""API keys: administrators make them (shown once, only the hash kept), list and revoke them."""

import datetime as dt
import hashlib

import pytest

from feedback_core import InvalidCredentials, NotFound, PermissionDenied, ValidationError
from feedback_core.accounts.api_keys import KEY_PREFIX


def test_a_new_key_is_shown_once_and_only_its_hash_is_stored(world):
    made = world.system.create_api_key(world.admin.id, "Ứng dụng Zalo phường 3")
    assert made.key.startswith(KEY_PREFIX)
    assert len(made.key) > 40
    assert made.key not in repr(made)
    assert made.key not in repr(made.record)
    stored = world.storage.tables.api_keys[made.record.id]
    assert hashlib.sha256(made.key.encode()).hexdigest() == stored.key_hash
    assert made.key not in repr(world.storage.snapshot())
    assert (world.admin.id, world.clock.now(), None) == (
        stored.created_by,
        stored.created_at,
        stored.revoked_at,
    )
    assert made.record == world.system.api_key_client(made.key)


def test_keys_are_listed_newest_first_revoked_ones_too(world):
    first = world.system.create_api_key(world.admin.id, "Kiosk").record
    world.clock.advance(dt.timedelta(minutes=1))
    second = world.system.create_api_key(world.admin.id, "Zalo").record
    gone = world.system.revoke_api_key(world.admin.id, first.id)
    assert [second, gone] == world.system.api_keys(world.admin.id)


def test_a_revoked_key_stops_at_once_and_revoking_again_changes_nothing(world):
    made = world.system.create_api_key(world.admin.id, "Zalo")
    world.clock.advance(dt.timedelta(minutes=1))
    gone = world.system.revoke_api_key(world.admin.id, made.record)
    assert world.clock.now() == gone.revoked_at
    with pytest.raises(InvalidCredentials) as raised:
        world.system.api_key_client(made.key)
    assert ("api_key_invalid", "api_key") == (raised.value.code, raised.value.field)
    world.clock.advance(dt.timedelta(minutes=1))
    assert gone == world.system.revoke_api_key(world.admin.id, str(made.record.id))


@pytest.mark.parametrize("key", ["", "fck_unknown", "x" * 500, None, 7])
def test_anything_but_a_live_key_is_refused_with_one_message(world, key):
    with pytest.raises(InvalidCredentials) as raised:
        world.system.api_key_client(key)
    assert "api_key_invalid" == raised.value.code


@pytest.mark.parametrize("who", ["operator", "citizen"])
def test_only_administrators_manage_keys(world, who):
    actor = getattr(world, who)
    made = world.system.create_api_key(world.admin.id, "Zalo")
    for attempt in (
        lambda: world.system.create_api_key(actor.id, "Của tôi"),
        lambda: world.system.api_keys(actor.id),
        lambda: world.system.revoke_api_key(actor.id, made.record.id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert made.record == world.system.api_key_client(made.key)


def test_a_label_is_required_and_an_unknown_key_id_is_not_found(world):
    with pytest.raises(ValidationError):
        world.system.create_api_key(world.admin.id, "  ")
    with pytest.raises(NotFound):
        world.system.revoke_api_key(world.admin.id, "8a7c0c7e-0000-4000-8000-000000000000")
    assert [] == world.system.api_keys(world.admin.id)
