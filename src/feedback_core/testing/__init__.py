"""Tools for testing feedback-core and the systems built on it.

`World` seeds a system with one account of every role in two units; `strategies` and
`machines` hold Hypothesis strategies and rule-based state machines that testers reuse
against any storage adapter.
"""

from feedback_core.testing.world import World, cheap_hasher

__all__ = ["World", "cheap_hasher"]
