"""Start the example portal on a seeded province: ``python examples/portal/serve.py``.

Everything lives in one folder (``--data``, ``portal-data`` by default): the SQLite store,
its photos, the secret key and the texts the portal "sends" (shown at /sms). With
``--store postgresql://...`` the reports live in PostgreSQL instead; start two with the
same ``--store``, ``--data`` and FEEDBACK_SECRET_KEY and they serve one province.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

import uvicorn

sys.path.insert(0, str(Path(__file__).parent))  # so `portal` imports when run as a script

from portal.seed import PASSWORD, seed_province

from feedback_core import FeedbackSystem, Settings
from portal import create_portal


def main(argv: list[str] | None = None) -> int:
    """Parse the options, seed the province, print where to log in, serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="portal-data", help="folder of the example's files")
    parser.add_argument("--store", help="storage URL (default: sqlite in --data)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    data = Path(args.data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    system = FeedbackSystem.from_urls(
        Settings(secret_key=_key(data)),
        storage=args.store or f"sqlite:///{data / 'portal.db'}",
        sms=f"file://{data / 'sms.jsonl'}",
        media=f"fs://{data / 'media'}",
    )
    logins = seed_province(system)
    app = create_portal(system, sms_inbox=data / "sms.jsonl")
    url = f"http://{args.host}:{args.port}"
    print(f"Cổng 1022 (ví dụ) / example portal: {url}", flush=True)
    print(f"Đăng nhập / log in (mật khẩu / password {PASSWORD}):", flush=True)
    for login, role in logins:
        print(f"  {login:<18} {role}", flush=True)
    print(f"Tin nhắn SMS / texts sent: {url}/sms", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        system.close()
    return 0


def _key(data: Path) -> bytes:
    """FEEDBACK_SECRET_KEY (hex), else the key file in the folder, made on the first run."""
    if "FEEDBACK_SECRET_KEY" in os.environ:
        return bytes.fromhex(os.environ["FEEDBACK_SECRET_KEY"])
    path = data / "portal.key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return bytes.fromhex(path.read_text().strip())


if __name__ == "__main__":
    sys.exit(main())
