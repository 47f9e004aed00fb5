"""Use cases of accounts: each one transaction that checks who acts.

``citizens``: registration, activation by SMS code and preferences; ``login``;
``recovery``: a forgotten password, reset by SMS code; ``changes``: a citizen's own
password, phone number and profile; ``sessions``: bearer tokens for browsers and apps;
``officials``: the first administrator, units and officials' accounts;
``administration``: disabling, enabling, passwords, units and roles of accounts, and the
audit trail; and ``api_keys``: the keys of the applications that post Open311 requests.
"""

from feedback_core.accounts.cases.administration import (
    audit_trail,
    change_role,
    disable_account,
    enable_account,
    find_account,
    move_official,
    set_official_password,
)
from feedback_core.accounts.cases.api_keys import (
    NewApiKey,
    api_key_client,
    api_keys,
    create_api_key,
    revoke_api_key,
)
from feedback_core.accounts.cases.changes import (
    change_password,
    confirm_phone_change,
    request_phone_change,
    update_profile,
)
from feedback_core.accounts.cases.citizens import (
    activate,
    register,
    send_activation_code,
    set_preferences,
)
from feedback_core.accounts.cases.login import login
from feedback_core.accounts.cases.officials import (
    bootstrap_admin,
    create_official,
    create_unit,
    units,
)
from feedback_core.accounts.cases.recovery import request_password_reset, reset_password
from feedback_core.accounts.cases.sessions import (
    OpenedSession,
    end_session,
    end_sessions,
    open_session,
    session_account,
    sessions,
)

__all__ = [
    "NewApiKey",
    "OpenedSession",
    "activate",
    "api_key_client",
    "api_keys",
    "audit_trail",
    "bootstrap_admin",
    "change_password",
    "change_role",
    "confirm_phone_change",
    "create_api_key",
    "create_official",
    "create_unit",
    "disable_account",
    "enable_account",
    "end_session",
    "end_sessions",
    "find_account",
    "login",
    "move_official",
    "open_session",
    "register",
    "request_password_reset",
    "request_phone_change",
    "reset_password",
    "revoke_api_key",
    "send_activation_code",
    "session_account",
    "sessions",
    "set_official_password",
    "set_preferences",
    "units",
    "update_profile",
]
