"""The backend flow on the embedded default: one SQLite file, no server.

    python examples/sqlite_backend.py [FOLDER]

Writes feedback.db, sms.jsonl and events.jsonl into FOLDER (default: a new temporary one).
"""

import sys
import tempfile
from pathlib import Path

from backend import run, show

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="feedback-"))
show(run(f"sqlite:///{folder / 'feedback.db'}", folder))
