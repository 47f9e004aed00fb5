"""pytest plugin (entry point ``pytest11``): fixtures for hosts and adapter authors.

`feedback_world` seeds a system on whatever store the test suite provides as the
``feedback_storage`` fixture, texting through its ``feedback_sms`` fixture (a sender that
can read back the last code, such as feedback_memory's RecordingSmsSender). The core
names no adapter, so the suite chooses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from feedback_core.testing.world import World

if TYPE_CHECKING:
    from feedback_core.ports import Storage
    from feedback_core.testing.world import RecordingSender


@pytest.fixture
def feedback_world(feedback_storage: Storage, feedback_sms: RecordingSender) -> World:
    """A seeded system: two units with staff and approvers, an operator, a citizen."""
    return World.build(feedback_storage, feedback_sms)
