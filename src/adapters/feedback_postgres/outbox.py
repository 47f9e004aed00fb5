"""The PostgreSQL outbox: the shared one, with PostgreSQL's own writes, log and claims.

Dispatchers in many processes claim due deliveries at once: ``FOR UPDATE SKIP LOCKED``
makes each pass over the rows another one is claiming instead of waiting for them, and
the claim moves the delivery's due time to the end of the lease in the same statement.

The log cannot be read in ``seq`` order alone. ``seq`` is taken when a row is inserted,
before its transaction commits: with many writers, A can take 5 and commit after B took 6
and committed, and a reader between the two commits would see 6, read on after it and
never see 5. So each row also keeps the id of the transaction that wrote it (``tx``,
schema.py), and the log shows only rows whose transaction is older than every
transaction still running (``tx < pg_snapshot_xmin(pg_current_snapshot())``), in
``(tx, seq)`` order. Every transaction with an id below the snapshot's xmin has ended, so
that set of rows never changes again, and any row written later sorts after all of it.

The consequence: an event shows in the log once every transaction that started writing
before the event's own did (a transaction gets its id at its first write, in any database
of the server) has ended. A long-running writer delays the log, never reorders it.
Positions are ``tx * 2**63 + seq``: opaque, increasing, not consecutive, and large
(above 2**63, below 2**127).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import psycopg
from psycopg.rows import TupleRow

from feedback_core.adapter_kit.codec import micros
from feedback_core.adapter_kit.sql import SqlOutbox, event_text, text_event
from feedback_core.outbox.model import Delivery

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pendulum

    from feedback_core.events import Event

# Rows fetched per round trip when reading the log through a server-side cursor.
LOG_BATCH: Final = 200
# A log position is (tx, seq) packed in one int: seq is a bigint identity, below 2**63.
_SEQ_SPAN: Final = 2**63
# The largest xid8 (an epoch and a 32-bit xid, unsigned).
_TX_MAX: Final = 2**64 - 1

# One event and its deliveries in one statement: no delivery for an id already kept.
_ADD: Final = """
    WITH event AS (
        INSERT INTO outbox (id, data) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING RETURNING seq
    )
    INSERT INTO outbox_deliveries (seq, destination, due_at)
    SELECT event.seq, destination, %s FROM event, unnest(%s::text[]) AS destination
    ON CONFLICT DO NOTHING
"""
# The events after a position whose writers have all ended, or written by this very
# transaction (it reads its own writes; its own id is the snapshot's xmin or above), in
# (tx, seq) order. pg_current_snapshot() is the statement's snapshot, the one the rows are
# read with: a row below its xmin is committed and visible, or rolled back and gone.
# (The text of tx is named apart: ORDER BY tx would otherwise sort it as text.)
_LOG: Final = """
    SELECT tx::text AS xid, seq, data FROM outbox
    WHERE (tx, seq) > (%s::text::xid8, %s)
    AND (tx < pg_snapshot_xmin(pg_current_snapshot()) OR tx = pg_current_xact_id_if_assigned())
    ORDER BY tx, seq LIMIT %s
"""
# The due deliveries nobody else is claiming, oldest first, moved to the lease's end.
_CLAIM: Final = """
    WITH due AS (
        SELECT seq, due_at FROM outbox_deliveries
        WHERE destination = %(to)s AND delivered_at IS NULL AND due_at <= %(now)s
        ORDER BY due_at, seq LIMIT %(limit)s
        FOR UPDATE SKIP LOCKED
    )
    UPDATE outbox_deliveries d SET due_at = %(until)s
    FROM due JOIN outbox o ON o.seq = due.seq
    WHERE d.destination = %(to)s AND d.seq = due.seq
    RETURNING due.due_at, due.seq, o.data, d.attempts, d.last_error
"""


class PostgresOutbox(SqlOutbox[psycopg.Connection[TupleRow]]):
    """Events written in the use case's transaction; deliveries claimed under a lease."""

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination; an id present is kept once."""
        rows = [(e.id, event_text(e), micros(e.at), list(destinations)) for e in events]
        if len(rows) == 1:
            # Most use cases write one event: executemany would open a pipeline for it.
            self._db.execute(_ADD, rows[0])
        elif rows:
            with self._db.cursor() as cursor:
                cursor.executemany(_ADD, rows)

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event written, in order, with its position; read on from ``after`` (0: start).

        An event shows once every transaction that started writing before its own has
        ended (see the module's docstring), so reading on from any position a reader got
        never skips an event. Positions are opaque increasing ints, ``tx * 2**63 + seq``.

        Inside a transaction that wrote events, those show too, after all the others, at
        the positions they keep once committed; but events of older transactions still
        running may later show before them, so only a position read outside any writing
        transaction is a safe place to read on from.

        The log grows without end and a reader may ask for much of it: a server-side
        cursor hands it over in batches, decoded as they arrive.
        """
        tx, seq = divmod(max(after, 0), _SEQ_SPAN)
        if tx > _TX_MAX:
            return []
        with self._db.cursor(name="feedback_outbox_log") as cursor:
            cursor.itersize = LOG_BATCH
            cursor.execute(_LOG, (str(tx), seq, limit))
            return [(int(t) * _SEQ_SPAN + s, text_event(data)) for t, s, data in cursor]

    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Due deliveries to ``destination``, hidden from other claimers until the lease ends."""
        rows = self._db.execute(
            _CLAIM,
            {"to": destination, "now": micros(now), "limit": limit, "until": micros(lease_until)},
        ).fetchall()
        # RETURNING keeps no order; the claim's is (due time, position).
        rows.sort(key=lambda r: (r[0], r[1]))
        return [Delivery(text_event(r[2]), destination, r[3], None, r[4]) for r in rows]

    def _error_text(self, error: str) -> str:
        # PostgreSQL text cannot hold NUL, which a transport's error may quote.
        return error.replace("\x00", "\ufffd")
