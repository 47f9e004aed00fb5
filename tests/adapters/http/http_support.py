"""What the HTTP tests share: the bodies of a report and an alert, and a free port."""

import socket

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
