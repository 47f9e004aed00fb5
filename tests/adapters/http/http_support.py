"""What the HTTP tests share: the test client, the bodies of a report and an alert, a port.

Imported by name (``from http_support import ...``): a module called ``conftest`` is
ambiguous when several test folders are collected at once.
"""

import socket
import warnings

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette asks for httpx2 instead of httpx; the client works the same with either.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

__all__ = ["REPORT", "SECRETS", "TestClient", "alert_body", "free_port"]

SECRETS = ("password_hash", "token_hash", "failed_logins", "login_blocked_until")

REPORT = {
    "title": "Cống thoát nước bị tắc",
    "content": "Nước tràn lên mặt đường mỗi khi mưa.",
    "category": "moi_truong",
    "address": "Đường 30/4, Phường 1, Tây Ninh",
}


def alert_body(start, end, **more):
    """An alert from ``start`` to ``end`` (aware datetimes)."""
    return {
        "headline": "Mưa lớn gây ngập",
        "description": "Mưa lớn kéo dài, nhiều tuyến đường ngập sâu.",
        "area": "Thành phố Tây Ninh",
        "severity": "Severe",
        "start": start.isoformat(),
        "end": end.isoformat(),
        **more,
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
