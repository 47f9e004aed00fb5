"""Shared pieces for storage adapters: the row codec and the cache of decoded versions.

Adapters never import one another; what two stores share lives here, in the core, and
depends on nothing but the core (see docs/architecture.md, "Dependency direction").
"""

from feedback_core.adapter_kit.cache import VersionCache
from feedback_core.adapter_kit.codec import dumps, instant, loads, micros

__all__ = ["VersionCache", "dumps", "instant", "loads", "micros"]
