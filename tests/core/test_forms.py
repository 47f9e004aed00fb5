"""Forms: every field's error at once, defaults for the fields that failed."""

import pytest

from feedback_core import ValidationError, fields
from feedback_core.forms import FormErrors


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def test_form_errors_collects_every_field_and_keeps_defaults():
    form = FormErrors()
    assert "x" == form.check(lambda: fields.text("a", "x", limit=5), "")
    assert "" == form.check(lambda: fields.text("b", None, limit=5), "")
    assert 0 == form.check(lambda: fields.integer("c", "9", low=0, high=9), 0)
    with pytest.raises(ValidationError) as info:
        form.raise_any()
    assert {"b": ["required"], "c": ["wrong_type"]} == codes(info.value)
    FormErrors().raise_any()  # nothing recorded: nothing raised
