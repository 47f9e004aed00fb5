"""An adapter's missing driver names the extra to install; a bug inside it stays a bug."""

import importlib

import pytest

from feedback_core import AdapterError
from feedback_core.plugin.registry import driver_of_extra


def test_a_missing_driver_names_the_extra(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "httpx", None)
    with (
        pytest.raises(AdapterError) as caught,
        driver_of_extra("webhook", ("httpx",), scheme="webhook", port="transports"),
    ):
        importlib.import_module("httpx")
    assert ("transports", "adapter_extra") == (caught.value.field, caught.value.code)
    assert "feedback-core[webhook]" in caught.value.render("en")


def test_a_missing_module_that_is_no_driver_is_raised_as_it_is():
    with (
        pytest.raises(ModuleNotFoundError),
        driver_of_extra("webhook", ("httpx",), scheme="webhook", port="transports"),
    ):
        importlib.import_module("feedback_no_such_module")


def test_other_errors_pass_through():
    with (
        pytest.raises(ZeroDivisionError),
        driver_of_extra("mqtt", ("paho",), scheme="mqtt", port="transports"),
    ):
        _ = 1 / 0
