"""The pieces storage adapters share: the cache of decoded versions and the row codec."""

import uuid

import cattrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Unit
from feedback_core.adapter_kit import VersionCache, instant, micros
from feedback_core.adapter_kit.codec import dumps, forget_decoded, loads

INSTANTS = st.datetimes(
    min_value=pendulum.datetime(1, 1, 2).naive(),
    max_value=pendulum.datetime(9999, 12, 30).naive(),
    timezones=st.just(pendulum.UTC),
)


def test_the_cache_evicts_the_least_recently_used_version_beyond_its_size():
    cache = VersionCache(size=2)
    cache.publish({("a", 1): "A1", ("b", 1): "B1"})
    cache.get(("a", 1))  # "b" is now the least recently used
    cache.publish({("c", 1): "C1"})
    assert ["A1", None, "C1"] == cache.get_many([("a", 1), ("b", 1), ("c", 1)])


def test_the_cache_gives_none_for_a_version_never_published():
    cache = VersionCache()
    cache.publish({})
    cache.publish({("a", 1): "A1"})
    assert (None, "A1") == (cache.get(("a", 2)), cache.get(("a", 1)))


@given(INSTANTS)
def test_an_instant_survives_its_microseconds_exactly(t):
    at = pendulum.instance(t)
    assert repr(at) == repr(instant(micros(at)))


def test_a_text_read_again_is_decoded_once_and_is_the_same_record():
    unit = Unit(uuid.uuid4(), "sotnmt", "Sở Tài nguyên và Môi trường", pendulum.now("UTC"))
    text = dumps(unit)
    forget_decoded()
    first, again = loads(text, Unit), loads(text.encode().decode(), Unit)  # equal, not the same
    assert (unit, True) == (first, first is again)
    forget_decoded()
    assert first is not loads(text, Unit)


def test_the_same_text_as_another_kind_is_decoded_as_that_kind():
    state = CodeState(uuid.uuid4())
    text = dumps(state)
    assert state == loads(text, CodeState)
    with pytest.raises(cattrs.BaseValidationError):
        loads(text, Unit)  # and a failure is not kept either
    with pytest.raises(cattrs.BaseValidationError):
        loads(text, Unit)
