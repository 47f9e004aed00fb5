"""Accounts, units and one-time codes, as both SQL dialects store them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.adapter_kit.codec import dumps, instant, loads, micros
from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository, taken

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    import pendulum

    from feedback_core.accounts.codes import CodePurpose

CODE_STATE: Final = "SELECT data FROM account_codes WHERE account_id = ? AND purpose = ?"
NEW_CODE_STATE: Final = "INSERT INTO account_codes (account_id, purpose, data) VALUES (?, ?, ?)"


class SqlAccounts(SqlRepository[Db]):
    """Accounts."""

    def add(self, account: Account) -> None:
        """Store a new account; Conflict if the login ID (or the id) is taken."""
        self._add_new(
            "account",
            "login_id",
            "INSERT INTO accounts (id, login_id, role, data) VALUES (?, ?, ?, ?)",
            self._key(account.id),
            account.login_id,
            account.role.value,
            dumps(account),
        )

    def get(self, account_id: uuid.UUID) -> Account | None:
        """The account, or None (never locked: the core only reads accounts by id)."""
        data = self._one("SELECT data FROM accounts WHERE id = ?", self._key(account_id))
        return None if data is None else loads(data, Account)

    def by_login_id(self, login_id: str) -> Account | None:
        """The account with this login ID, or None; locked until the transaction ends.

        Concurrent logins to one account take turns, so each wrong password is counted.
        """
        sql = f"SELECT data FROM accounts WHERE login_id = ?{self._dialect.lock_login}"  # noqa: S608
        data = self._one(sql, login_id)
        return None if data is None else loads(data, Account)

    def update(self, account: Account) -> None:
        """Replace the stored account, with its searched login ID and role.

        Conflict if another account holds the new login ID. The statement checks it
        itself: a unique violation would abort a PostgreSQL transaction. (A holder that has
        not committed yet still meets the unique index there: a storage error, not a
        Conflict; the use case checked the number was free just before.)
        """
        key = self._key(account.id)
        changed = self._changed_one(
            "UPDATE accounts SET login_id = ?, role = ?, data = ? WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM accounts WHERE login_id = ? AND id <> ?)",
            account.login_id,
            account.role.value,
            dumps(account),
            key,
            account.login_id,
            key,
        )
        # Nothing changed: either the account is gone (nothing to do), or its new login
        # ID is another account's.
        if not changed and self._one("SELECT 1 FROM accounts WHERE id = ?", key) is not None:
            raise taken("account", "login_id")

    def remove(self, account_id: uuid.UUID) -> bool:
        """Erase the account; whether it was there. Its login ID is free again."""
        return self._changed_one("DELETE FROM accounts WHERE id = ?", self._key(account_id))

    def has_admin(self) -> bool:
        """Whether an administrator exists."""
        found = self._one("SELECT 1 FROM accounts WHERE role = ? LIMIT 1", Role.ADMIN.value)
        return found is not None

    def admins(self) -> list[Account]:
        """Every administrator, by login ID (sorted here: by code point, whatever the collation)."""
        rows = self._all("SELECT data FROM accounts WHERE role = ?", Role.ADMIN.value)
        return sorted((loads(r[0], Account) for r in rows), key=lambda a: a.login_id)


class SqlUnits(SqlRepository[Db]):
    """Units."""

    def add(self, unit: Unit) -> None:
        """Store a new unit; Conflict if the code is taken."""
        self._add_new(
            "unit",
            "code",
            "INSERT INTO units (id, code, data) VALUES (?, ?, ?)",
            self._key(unit.id),
            unit.code,
            dumps(unit),
        )

    def get(self, unit_id: uuid.UUID) -> Unit | None:
        """The unit, or None."""
        data = self._one("SELECT data FROM units WHERE id = ?", self._key(unit_id))
        return None if data is None else loads(data, Unit)

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        data = self._one("SELECT data FROM units WHERE code = ?", code)
        return None if data is None else loads(data, Unit)

    def all(self) -> list[Unit]:
        """Every unit, by code."""
        return [loads(r[0], Unit) for r in self._all("SELECT data FROM units ORDER BY code")]


class SqlCodes(SqlRepository[Db]):
    """One-time code state per account and purpose, and send times per phone number.

    As it stands, for a store whose transactions hold its write lock from the start
    (SQLite's BEGIN IMMEDIATE): every read is then already locked. A store with row
    locks overrides `lock` and `_lock_phone`.
    """

    def lock(self, account_id: uuid.UUID, purpose: CodePurpose) -> CodeState:
        """The state for ``purpose``, or a fresh one."""
        data = self._one(CODE_STATE, self._key(account_id), purpose.value)
        return CodeState(account_id, purpose=purpose) if data is None else loads(data, CodeState)

    def save(self, state: CodeState) -> None:
        """Write the state, under its account and purpose."""
        self._run(
            f"{NEW_CODE_STATE} ON CONFLICT (account_id, purpose)"
            " DO UPDATE SET data = excluded.data",
            self._key(state.account_id),
            state.purpose.value,
            dumps(state),
        )

    def forget(self, account_id: uuid.UUID, phones: Sequence[str]) -> None:
        """Erase the account's states of every purpose and every send to ``phones``."""
        self._run("DELETE FROM account_codes WHERE account_id = ?", self._key(account_id))
        for phone in phones:  # an account's own numbers: one or two
            self._run("DELETE FROM code_sends WHERE phone = ?", phone)

    def sends_since(self, phone: str, since: pendulum.DateTime) -> list[pendulum.DateTime]:
        """Send times after ``since``, read once the phone's sends are locked."""
        self._lock_phone(phone)
        rows = self._all(
            "SELECT sent_at FROM code_sends WHERE phone = ? AND sent_at > ? ORDER BY sent_at",
            phone,
            micros(since),
        )
        return [instant(r[0]) for r in rows]

    def record_send(self, phone: str, at: pendulum.DateTime) -> None:
        """Count one send (its check, `sends_since`, already holds the phone's lock)."""
        self._run("INSERT INTO code_sends (phone, sent_at) VALUES (?, ?)", phone, micros(at))

    def _lock_phone(self, phone: str) -> None:
        """Lock the phone's sends until the transaction ends (here: already locked)."""
