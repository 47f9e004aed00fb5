"""The ``feedback-core`` command: a demo, store set-up, look-ups and periodic jobs.

Built on argparse alone, so the library forces no framework on its hosts. Adapters are
picked by URL (``--storage``, ``--sms``, ``--transport``), never imported here.
"""

from feedback_core.cli.main import main, run

__all__ = ["main", "run"]
