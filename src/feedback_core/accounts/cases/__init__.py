"""Use cases of accounts: each one transaction that checks who acts.

``citizens``: registration, activation by SMS code and preferences; ``login``;
``sessions``: bearer tokens for browsers and apps; ``officials``: the first
administrator, units and officials' accounts; and ``api_keys``: the keys of the
applications that post Open311 service requests.
"""

from feedback_core.accounts.cases.api_keys import (
    NewApiKey,
    api_key_client,
    api_keys,
    create_api_key,
    revoke_api_key,
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
    "bootstrap_admin",
    "create_api_key",
    "create_official",
    "create_unit",
    "end_session",
    "end_sessions",
    "login",
    "open_session",
    "register",
    "revoke_api_key",
    "send_activation_code",
    "session_account",
    "sessions",
    "set_preferences",
    "units",
]
