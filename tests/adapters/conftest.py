"""Fixtures of the adapter tests: a PostgreSQL schema per test, dropped afterwards."""

import postgres_support
import pytest


@pytest.fixture
def postgres_schema(tmp_path):
    """A schema of this run for the test's own store; the test skips without a server."""
    postgres_support.server_url()
    return postgres_support.schema_for(tmp_path)


@pytest.fixture(autouse=True)
def _drop_postgres_schemas_after_each_test():
    # Keeps the server's catalog small through thousands of Hypothesis examples; a no-op
    # for tests that named no schema.
    yield
    postgres_support.drop_run_schemas()


@pytest.fixture(autouse=True, scope="session")
def _drop_postgres_schemas_at_the_end():
    yield
    postgres_support.drop_run_schemas()
