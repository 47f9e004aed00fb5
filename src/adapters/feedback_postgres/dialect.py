"""What PostgreSQL (through psycopg) changes in the shared SQL statements.

Transactions run READ COMMITTED beside many others (see repositories.py): a read that a
write depends on locks its rows, and claimers skip what another is claiming. Ids bind as
native uuid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.adapter_kit.sql import Dialect

if TYPE_CHECKING:
    from collections.abc import Sequence

    from feedback_core.adapter_kit.sql import Db


def _insert_new(db: Db, sql: str, args: Sequence[object]) -> bool:
    # ON CONFLICT DO NOTHING and the row count: a unique violation would abort the
    # transaction, and this waits for a concurrent insert of the same key to commit or
    # roll back.
    return db.execute(f"{sql} ON CONFLICT DO NOTHING", args).rowcount == 1


POSTGRES: Final = Dialect(
    param="%s",
    insert_new=_insert_new,
    # Every account update of the core (login throttling, activation) follows that read.
    lock_login=" FOR NO KEY UPDATE",
    # Milestones another tick is claiming right now are skipped rather than waited for.
    skip_claimed=" FOR UPDATE OF d SKIP LOCKED",
)
