"""What a web or mobile backend does with feedback-core, on any store given by URL.

`sqlite_backend.py` and `postgres_backend.py` run it on their store. In development the
SMS sender is `file:`: every text goes to a JSON-lines file, where the developer (and this
program) reads the activation code; in production it is an SMS gateway's URL.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING

from feedback_core import FeedbackSystem, Settings
from feedback_sms import FileSmsSender

if TYPE_CHECKING:
    from pathlib import Path

PASSWORD = "mot-mat-khau-dai"  # noqa: S105 - an example account's password


def run(storage: str, folder: Path) -> dict[str, object]:
    """Set up a province, follow one report to its answer; return what a host would show."""
    settings = Settings(secret_key=secrets.token_bytes(32))
    sms_file, events_file = folder / "sms.jsonl", folder / "events.jsonl"
    with FeedbackSystem.from_urls(
        settings,
        storage=storage,
        sms=f"file:{sms_file}",
        transports=[f"jsonl:{events_file}"],
    ) as system:
        admin = system.bootstrap_admin("quantri", PASSWORD)
        system.create_unit(admin, "sotnmt", "Sở Tài nguyên và Môi trường")
        leader = system.create_official(
            admin, role="unit_approver", unit_code="sotnmt", password=PASSWORD
        )
        operator = system.create_official(
            admin, role="operator", username="tiepnhan", password=PASSWORD
        )
        system.register({"phone": "912345678", "password": PASSWORD, "full_name": "Lê Văn Cường"})
        code = FileSmsSender(sms_file).last_code("+84912345678")  # what the phone received
        system.activate("0912345678", code)
        citizen = system.login("0912345678", PASSWORD)
        report = system.submit_report(
            citizen,
            title="Cống thoát nước bị tắc",
            content="Nước tràn lên mặt đường mỗi khi mưa.",
            category="moi_truong",
            address="Đường 30/4, Phường 1, Tây Ninh",
        )
        system.accept_report(operator, report)
        system.assign_report(operator, report, ["sotnmt"])
        system.start_report(leader, report)
        system.resolve_report(leader, report, "Đã nạo vét cống.")
        # Events leave through the outbox: the jsonl: transport gets every one, and the
        # citizen is texted that the report was accepted, then answered.
        delivered = system.dispatch().delivered
    # A second instance over the same store sees everything the first one wrote.
    with FeedbackSystem.from_urls(settings, storage=storage, sms=f"file:{sms_file}") as again:
        view = again.read_report(again.login("0912345678", PASSWORD), report.id)
    texts = [sms["text"] for sms in FileSmsSender(sms_file).messages()]
    return {
        "status": str(view.report.status),
        "steps": [str(step.action) for step in view.history],
        "events_delivered": delivered,
        "events_in_file": len(events_file.read_text(encoding="utf-8").splitlines()),
        # A text names the report by the first 8 hex digits of its id, in capitals.
        "texts_after_the_code": [t.replace(report.id.hex[:8].upper(), "…") for t in texts[1:]],
    }


def show(outcome: dict[str, object]) -> None:
    """Print the outcome as one JSON line (the tests read it back)."""
    print(json.dumps(outcome, ensure_ascii=False))
