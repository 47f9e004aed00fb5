"""Use cases of accounts: each one transaction that checks who acts.

``citizens``: registration, activation by SMS code and preferences; ``login``; and
``officials``: the first administrator, units and officials' accounts.
"""

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

__all__ = [
    "activate",
    "bootstrap_admin",
    "create_official",
    "create_unit",
    "login",
    "register",
    "send_activation_code",
    "set_preferences",
    "units",
]
