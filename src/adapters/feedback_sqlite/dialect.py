"""What SQLite (through sqlite3) changes in the shared SQL statements.

Every transaction holds the write lock from BEGIN IMMEDIATE on (see store.py), so no read
needs a lock clause and no claimer ever runs beside another. Ids are stored as text.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Final

from feedback_core.adapter_kit.sql import Dialect

if TYPE_CHECKING:
    from collections.abc import Sequence

    from feedback_core.adapter_kit.sql import Db


def _insert_new(db: Db, sql: str, args: Sequence[object]) -> bool:
    # A taken key raises; the failed statement leaves the transaction as it was.
    try:
        db.execute(sql, args)
    except sqlite3.IntegrityError:
        return False
    return True


SQLITE: Final = Dialect(param="?", insert_new=_insert_new, key=str)
