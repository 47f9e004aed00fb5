"""An example portal over feedback-core: citizens' and officials' pages, and the HTTP API.

A host a developer can copy: `create_portal` mounts `feedback_http`'s API under /api and
adds server-rendered pages (Jinja2) that call the same `FeedbackSystem`. A browser keeps
its session as a cookie holding the store's session token, so every instance over one
store honours it, and every form carries a CSRF token.
"""

from portal.app import create_portal

__all__ = ["create_portal"]
