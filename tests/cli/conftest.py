"""What every command-line test starts from."""

import os

import pytest


@pytest.fixture(autouse=True)
def clean_environment(tmp_path, monkeypatch):
    """Each test runs in its own folder, with no FEEDBACK_* variable from outside."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FEEDBACK_"):
            monkeypatch.delenv(name)
