"""Hypothesis strategies for the inputs of feedback-core, valid (or invalid) by construction.

Testers of hosts and adapters reuse them: phone numbers in every way people write them
(`phones`), Vietnamese text including the decomposed NFD form a phone keyboard may send
(`text`), and registration, report and alert forms whose values fit the rules, the alert
times at a given instant (`forms`). Import them from here::

    from feedback_core.testing.strategies import phone_forms, report_forms
"""

from feedback_core.testing.strategies.forms import (
    alert_forms,
    registration_forms,
    report_forms,
    spans,
)
from feedback_core.testing.strategies.phones import (
    MOBILE_PREFIXES,
    invalid_phones,
    mobile_numbers,
    phone_forms,
    written_forms,
)
from feedback_core.testing.strategies.text import person_names, vietnamese_text

__all__ = [
    "MOBILE_PREFIXES",
    "alert_forms",
    "invalid_phones",
    "mobile_numbers",
    "person_names",
    "phone_forms",
    "registration_forms",
    "report_forms",
    "spans",
    "vietnamese_text",
    "written_forms",
]
