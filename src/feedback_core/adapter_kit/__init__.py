"""Shared pieces for storage adapters: the row codec, the cache, the shared SQL store.

`feedback_core.adapter_kit.sql` is the SQL store that SQLite and PostgreSQL both run.

Adapters never import one another; what two stores share lives here, in the core, and
depends on nothing but the core (see docs/architecture.md, "Dependency direction").
"""

from feedback_core.adapter_kit.cache import VersionCache
from feedback_core.adapter_kit.codec import dumps, instant, loads, micros

__all__ = ["VersionCache", "dumps", "instant", "loads", "micros"]
