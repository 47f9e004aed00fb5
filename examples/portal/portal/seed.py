"""A province to try the portal with: units, their officials, an operator, an administrator.

Seeding twice changes nothing: an existing administrator means the province is there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core import Conflict

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

# Everyone's password in the example; a real portal gives each official their own.
PASSWORD: Final = "matkhau-1022"  # noqa: S105 - the example's published password
ADMIN: Final = "quantri"
OPERATOR: Final = "tiepnhan"
UNITS: Final = {
    "sotnmt": "Sở Tài nguyên và Môi trường",
    "sogtvt": "Sở Giao thông Vận tải",
}


def seed_province(system: FeedbackSystem) -> list[tuple[str, str]]:
    """Create the example province if it is not there; the (login, role) of each official."""
    logins = [(ADMIN, "admin"), (OPERATOR, "operator")]
    for code in UNITS:
        logins += [(f"{code}_canbo", "unit_staff"), (f"{code}_pheduyet", "unit_approver")]
    try:
        admin = system.bootstrap_admin(ADMIN, PASSWORD)
    except Conflict:
        return logins  # seeded before
    system.create_official(admin, role="operator", username=OPERATOR, password=PASSWORD)
    for code, name in UNITS.items():
        system.create_unit(admin, code, name)
        system.create_official(
            admin, role="unit_staff", unit_code=code, username=f"{code}_canbo", password=PASSWORD
        )
        system.create_official(admin, role="unit_approver", unit_code=code, password=PASSWORD)
    return logins
