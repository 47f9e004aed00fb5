"""feedback-core: the engine behind citizen-feedback portals such as Vietnam's "1022".

Citizens register and activate by SMS code, log in by phone number and send reports to
agencies; units publish alerts that their leader approves. Storage and SMS are ports.
"""

from importlib.metadata import PackageNotFoundError, version

import pluggy

from feedback_core.accounts.codes import ActivationPolicy
from feedback_core.accounts.input import RegistrationPolicy
from feedback_core.accounts.model import Account, AccountStatus, Preferences, Profile, Role, Unit
from feedback_core.accounts.phone import normalize_phone
from feedback_core.accounts.sessions import Session, SessionPolicy
from feedback_core.accounts.throttling import LoginPolicy
from feedback_core.alerts.flow import AlertPolicy
from feedback_core.alerts.model import (
    Alert,
    AlertPhase,
    AlertStatus,
    AlertText,
    Category,
    Certainty,
    Severity,
    Urgency,
    alert_status_at,
    is_active,
)
from feedback_core.clock import BUSINESS_TZ, FixedClock, SystemClock
from feedback_core.errors import (
    AccountLocked,
    AccountNotActive,
    ActivationError,
    AdapterError,
    CodeDead,
    CodeExpired,
    CodeWrong,
    Conflict,
    DeliveryFailed,
    FeedbackError,
    InvalidCredentials,
    InvalidTransition,
    NotConfigured,
    NotFound,
    PermissionDenied,
    SendCooldown,
    SendLimit,
    SendRefused,
    SessionEnded,
    StorageUnavailable,
    ValidationError,
)
from feedback_core.messages import Language
from feedback_core.paging import Cursor, Page
from feedback_core.reports.deadlines import DeadlinePolicy, WorkingCalendar
from feedback_core.reports.model import HistoryEntry, Location, Report, ReportStatus
from feedback_core.reports.views import PublicReport, ReportView
from feedback_core.settings import Settings
from feedback_core.system import FeedbackSystem

# The installed distribution's version, read from its metadata (importlib.metadata is
# already loaded: the plugin manager finds entry points with it).
try:
    __version__: str = version("feedback-core")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"

hookimpl = pluggy.HookimplMarker("feedback_core")
"""Marks a plugin's hook implementations (see `feedback_core.plugin.specs`)."""

__all__ = [
    "BUSINESS_TZ",
    "Account",
    "AccountLocked",
    "AccountNotActive",
    "AccountStatus",
    "ActivationError",
    "ActivationPolicy",
    "AdapterError",
    "Alert",
    "AlertPhase",
    "AlertPolicy",
    "AlertStatus",
    "AlertText",
    "Category",
    "Certainty",
    "CodeDead",
    "CodeExpired",
    "CodeWrong",
    "Conflict",
    "Cursor",
    "DeadlinePolicy",
    "DeliveryFailed",
    "FeedbackError",
    "FeedbackSystem",
    "FixedClock",
    "HistoryEntry",
    "InvalidCredentials",
    "InvalidTransition",
    "Language",
    "Location",
    "LoginPolicy",
    "NotConfigured",
    "NotFound",
    "Page",
    "PermissionDenied",
    "Preferences",
    "Profile",
    "PublicReport",
    "RegistrationPolicy",
    "Report",
    "ReportStatus",
    "ReportView",
    "Role",
    "SendCooldown",
    "SendLimit",
    "SendRefused",
    "Session",
    "SessionEnded",
    "SessionPolicy",
    "Settings",
    "Severity",
    "StorageUnavailable",
    "SystemClock",
    "Unit",
    "Urgency",
    "ValidationError",
    "WorkingCalendar",
    "__version__",
    "alert_status_at",
    "hookimpl",
    "is_active",
    "normalize_phone",
]
