"""Sessions a browser or an app holds: a bearer token whose hash alone is stored, that
ends when unused for the idle time, at its lifetime, at logout or when its owner ends it."""

import datetime as dt

import attrs
import pytest

from feedback_core import (
    AccountStatus,
    InvalidCredentials,
    NotFound,
    SessionEnded,
    SessionPolicy,
    ValidationError,
)
from feedback_core.accounts.sessions import token_hash
from feedback_core.testing.world import PASSWORD

POLICY = SessionPolicy()


def open_for_citizen(world, label=None):
    return world.system.open_session("912345678", PASSWORD, label)  # typed without its 0


def days(n):
    return dt.timedelta(days=n)


def test_a_session_opened_with_the_password_acts_for_its_account(world):
    opened = open_for_citizen(world, "Android app")
    assert opened.token.startswith("fcs_")
    assert world.citizen.id == opened.account.id == opened.session.account_id
    assert world.citizen.id == world.system.session_account(opened.token).id
    assert "Android app" == opened.session.label


def test_only_the_tokens_hash_is_stored(world):
    opened = open_for_citizen(world)
    stored = repr(world.storage.snapshot())
    assert opened.token not in stored
    assert token_hash(opened.token) in stored
    assert opened.token not in repr(opened)


def test_a_wrong_password_opens_no_session(world):
    with pytest.raises(InvalidCredentials):
        world.system.open_session("0912345678", "not the password")
    assert [] == world.system.sessions(world.citizen.id)


@pytest.mark.parametrize(
    "token", ["fcs_not-a-real-token", "", "x" * 101, "fcs_" + "a" * 43, "Bearer fcs_abc"]
)
def test_a_token_that_names_no_session_gets_one_answer(world, token):
    open_for_citizen(world)
    with pytest.raises(SessionEnded) as ended:
        world.system.session_account(token)
    assert "token" == ended.value.field
    assert "token: The session has ended; log in again." == ended.value.render("en")


@pytest.mark.parametrize("token", [None, 42, b"fcs_bytes"])
def test_a_token_that_is_no_text_is_a_validation_error(world, token):
    with pytest.raises(ValidationError) as refused:
        world.system.session_account(token)
    assert "token" in refused.value.errors


def test_a_session_used_within_the_idle_time_lives_on(world):
    opened = open_for_citizen(world)
    for _ in range(3):
        world.clock.advance(POLICY.idle - days(1))
        world.system.session_account(opened.token)  # each use moves its end
    assert world.clock.now() > opened.session.expires_at


def test_a_session_unused_for_the_idle_time_ends_and_is_removed(world):
    opened = open_for_citizen(world)
    world.clock.advance(POLICY.idle)
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)
    with world.storage.transaction() as tx:
        assert tx.sessions.by_hash(token_hash(opened.token)) is None


def test_no_use_keeps_a_session_past_its_lifetime(world):
    opened = open_for_citizen(world)
    while world.clock.now() < opened.session.created_at + POLICY.lifetime - days(1):
        world.system.session_account(opened.token)
        world.clock.advance(days(1))
    world.system.session_account(opened.token)
    world.clock.advance(days(1))
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)


def test_uses_close_together_write_the_session_once(world):
    opened = open_for_citizen(world)
    world.clock.advance(POLICY.touch_every - dt.timedelta(seconds=1))
    world.system.session_account(opened.token)
    [unchanged] = world.system.sessions(world.citizen.id)
    assert opened.session == unchanged
    world.clock.advance(dt.timedelta(seconds=1))
    world.system.session_account(opened.token)
    [moved] = world.system.sessions(world.citizen.id)
    assert (world.clock.now(), world.clock.now() + POLICY.idle) == (
        moved.last_seen_at,
        moved.expires_at,
    )


def test_logout_ends_the_session_at_once_and_twice_is_harmless(world):
    opened = open_for_citizen(world)
    world.system.end_session(opened.token)
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)
    world.system.end_session(opened.token)
    world.system.end_session("fcs_never-issued")


def test_a_citizen_lists_their_live_sessions_newest_first(world):
    first = open_for_citizen(world, "điện thoại")
    world.clock.advance(dt.timedelta(minutes=1))
    second = open_for_citizen(world, "trình duyệt")
    world.system.open_session("tiepnhan", PASSWORD)  # someone else's
    listed = world.system.sessions(world.citizen)
    assert [second.session.id, first.session.id] == [s.id for s in listed]


def test_a_citizen_ends_one_session_or_all_of_their_own(world):
    first, second, third = (open_for_citizen(world) for _ in range(3))
    official = world.system.open_session("tiepnhan", PASSWORD)
    assert 1 == world.system.end_sessions(world.citizen.id, first.session.id)
    with pytest.raises(SessionEnded):
        world.system.session_account(first.token)
    assert 2 == world.system.end_sessions(world.citizen.id)
    for ended in (second, third):
        with pytest.raises(SessionEnded):
            world.system.session_account(ended.token)
    assert world.operator.id == world.system.session_account(official.token).id


def test_nobody_ends_another_accounts_session(world):
    official = world.system.open_session("tiepnhan", PASSWORD)
    with pytest.raises(NotFound) as refused:
        world.system.end_sessions(world.citizen.id, official.session.id)
    assert "session_id" == refused.value.field
    assert world.operator.id == world.system.session_account(official.token).id


def test_a_session_of_an_account_no_longer_active_acts_no_more(world):
    opened = open_for_citizen(world)
    with world.storage.transaction() as tx:
        tx.accounts.update(attrs.evolve(world.citizen, status=AccountStatus.LOCKED))
    with pytest.raises(SessionEnded):
        world.system.session_account(opened.token)


def test_a_label_too_long_is_refused_naming_it_and_opens_nothing(world):
    with pytest.raises(ValidationError) as refused:
        open_for_citizen(world, "x" * 101)
    assert "label" in refused.value.errors
    assert [] == world.system.sessions(world.citizen.id)
