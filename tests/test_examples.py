"""The programs in examples/ run as a developer would run them, and do what they say."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
POSTGRES_URL = os.environ.get("FEEDBACK_TEST_POSTGRES_URL")
RESOLVED = {
    "status": "resolved",
    "steps": ["submit", "accept", "assign", "start", "resolve"],
    "events_delivered": 16,  # 14 events to the file, and 2 texts to the citizen
    "events_in_file": 14,
    "texts_after_the_code": [
        "Phản ánh … của bạn đã được tiếp nhận và đang được xử lý.",
        "Phản ánh … của bạn đã có kết quả trả lời; mời xem trên cổng thông tin.",
    ],
}


def run(program, *args, env=None):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / program), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    assert 0 == result.returncode, result.stderr
    return result.stdout


def test_the_quickstart_follows_the_seed_scenario_to_a_rated_answer():
    out = run("quickstart.py")
    assert "unit leader account: sotnmt_pheduyet" in out
    assert "report resolved rated 5" in out


def test_the_sqlite_backend_keeps_everything_in_one_file(tmp_path):
    assert RESOLVED == json.loads(run("sqlite_backend.py", tmp_path))
    assert (tmp_path / "feedback.db").exists()
    assert "+84912345678" in (tmp_path / "sms.jsonl").read_text(encoding="utf-8")


@pytest.mark.skipif(not POSTGRES_URL, reason="set FEEDBACK_TEST_POSTGRES_URL to run it")
def test_the_postgres_backend_runs_in_a_schema_of_its_own():
    out = run("postgres_backend.py", env={"FEEDBACK_POSTGRES_URL": POSTGRES_URL})
    assert RESOLVED == json.loads(out)
