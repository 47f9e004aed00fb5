"""The backend flow on PostgreSQL, the store that many backend instances share.

    export FEEDBACK_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test
    python examples/postgres_backend.py

Runs in a schema of its own (dropped at the end), so it leaves the database as it found it.
"""

import os
import secrets
import sys
import tempfile
from pathlib import Path

import psycopg
from backend import run, show
from psycopg import sql

url = os.environ.get("FEEDBACK_POSTGRES_URL")
if not url:
    sys.exit("Set FEEDBACK_POSTGRES_URL=postgresql://user@host:5432/database")
schema = f"example_{secrets.token_hex(4)}"
try:
    show(run(f"{url}?schema={schema}", Path(tempfile.mkdtemp(prefix="feedback-"))))
finally:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
        )
