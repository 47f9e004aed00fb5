"""Hypothesis profiles: fast by default, thorough in CI (HYPOTHESIS_PROFILE=ci)."""

import os

import pytest
from hypothesis import HealthCheck, settings

from feedback_core.testing import World
from feedback_memory import MemoryStorage, RecordingSmsSender

# Loaded here rather than through its entry point, so coverage sees its imports.
pytest_plugins = ["feedback_core.testing.pytest_plugin"]

settings.register_profile("fast", max_examples=25, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture
def feedback_storage() -> MemoryStorage:
    """The in-memory store; adapter suites override this fixture with their own."""
    return MemoryStorage()


@pytest.fixture
def feedback_sms() -> RecordingSmsSender:
    """An SMS sender that records, so tests read the code back."""
    return RecordingSmsSender()


@pytest.fixture
def world(feedback_world: World) -> World:
    """Short name for the seeded system."""
    return feedback_world
