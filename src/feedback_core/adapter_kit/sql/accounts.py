"""Accounts, units and activation codes, as both SQL dialects store them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.adapter_kit.codec import dumps, instant, loads, micros
from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository

if TYPE_CHECKING:
    import uuid

    import pendulum

CODE_STATE: Final = "SELECT data FROM activation_codes WHERE account_id = ?"
NEW_CODE_STATE: Final = "INSERT INTO activation_codes (account_id, data) VALUES (?, ?)"


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
        """Replace the stored account."""
        self._run(
            "UPDATE accounts SET data = ? WHERE id = ?", dumps(account), self._key(account.id)
        )

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
    """Activation-code state per account, and send times per phone number.

    As it stands, for a store whose transactions hold its write lock from the start
    (SQLite's BEGIN IMMEDIATE): every read is then already locked. A store with row
    locks overrides `lock` and `_lock_phone`.
    """

    def lock(self, account_id: uuid.UUID) -> CodeState:
        """The state, or a fresh one."""
        data = self._one(CODE_STATE, self._key(account_id))
        return CodeState(account_id) if data is None else loads(data, CodeState)

    def save(self, state: CodeState) -> None:
        """Write the state."""
        self._run(
            f"{NEW_CODE_STATE} ON CONFLICT (account_id) DO UPDATE SET data = excluded.data",
            self._key(state.account_id),
            dumps(state),
        )

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
