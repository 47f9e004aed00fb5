"""A use case's unit of work: the acting account is looked up on the field actor."""

import uuid

import pytest

from feedback_core import NotFound, ValidationError


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def test_an_unknown_actor_is_not_found_on_the_actor_field(world):
    with pytest.raises(NotFound) as info:
        world.system.list_reports(uuid.uuid4())
    assert "actor" == info.value.field
    with pytest.raises(ValidationError) as bad:
        world.system.list_reports("nobody")
    assert {"actor": ["invalid_id"]} == codes(bad.value)
