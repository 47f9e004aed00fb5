"""The testing kit's own tests run `feedback_world` on a SQLite file, not in memory.

tests/conftest.py gives the whole suite an in-memory `feedback_storage`; this fixture,
closer to the tests below it, overrides it for them (docs/testing.md shows it).
"""

import pytest

from feedback_sqlite import SqliteStorage


@pytest.fixture
def feedback_storage(tmp_path):
    """A SQLite store in the test's own directory, closed after the test."""
    storage = SqliteStorage(tmp_path / "feedback.db")
    yield storage
    storage.close()
