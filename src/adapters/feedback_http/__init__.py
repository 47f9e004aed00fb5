"""The HTTP API over a `FeedbackSystem` (extra ``[http]``: FastAPI and uvicorn).

``create_app(system)`` is a whole ASGI app a host mounts under any prefix or serves alone
(``feedback-core serve``); ``router(system)`` and ``add_problem_handlers(app)`` are for a
FastAPI host that includes the endpoints in its own app.
"""

from feedback_http.app import create_app, router
from feedback_http.problems import add_problem_handlers

__all__ = ["add_problem_handlers", "create_app", "router"]
