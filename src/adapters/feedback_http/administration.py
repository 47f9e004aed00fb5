"""What administrators do to existing accounts, and the audit trail that records it all.

Each action answers the account as it now is. Disabling ends the account's sessions at
once (its token answers 401 on the next request, on every instance), and a new password
ends the official's sessions too. The last active administrator can be neither disabled
nor given another role (409).
"""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations, which
# name types made inside the router functions (the actor of this system).
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query

from feedback_core.accounts.audit import AuditRecord
from feedback_core.accounts.model import Account
from feedback_http.accounts import AccountOut
from feedback_http.auth import actor_of
from feedback_http.bodies import NewPassword, RoleChange, UnitMove
from feedback_http.problems import problem_responses
from feedback_http.schemas import After, Limit, model_of, out, page_of, page_out

if TYPE_CHECKING:
    from feedback_core import FeedbackSystem

AuditOut = model_of(AuditRecord)


def administration_router(system: "FeedbackSystem") -> APIRouter:
    """Disable, enable, set passwords, move and promote accounts; read the audit trail."""
    api = APIRouter(tags=["administration"], responses=problem_responses(401, 403, 422, 503))
    Actor = Annotated[Account, Depends(actor_of(system))]  # noqa: N806 - a type
    AccountId = Annotated[uuid.UUID, "the account's id"]  # noqa: N806 - a type
    changed: dict[str, Any] = {"response_model": AccountOut, "responses": problem_responses(404)}
    guarded: dict[str, Any] = {**changed, "responses": problem_responses(404, 409)}

    @api.get("/accounts", operation_id="find_account", **changed)
    def find_account(
        who: Actor, login_id: Annotated[str, Query(max_length=64, description="phone or username")]
    ) -> Any:  # noqa: ANN401 - as the model
        """Look an account up by its login ID: a phone number in any written form, or a username."""
        return out(system.find_account(who, login_id))

    @api.post("/accounts/{account_id}/disable", operation_id="disable_account", **guarded)
    def disable_account(account_id: AccountId, who: Actor) -> Any:  # noqa: ANN401 - as the model
        """Disable an account: no login (403), its sessions end at once, its work stays."""
        return out(system.disable_account(who, account_id))

    @api.post("/accounts/{account_id}/enable", operation_id="enable_account", **changed)
    def enable_account(account_id: AccountId, who: Actor) -> Any:  # noqa: ANN401 - as the model
        """Enable a disabled account again, with the status it had."""
        return out(system.enable_account(who, account_id))

    @api.put("/accounts/{account_id}/password", operation_id="set_official_password", **changed)
    def set_official_password(account_id: AccountId, body: NewPassword, who: Actor) -> Any:  # noqa: ANN401
        """Give an official a new password (told to them out of band); its sessions end.

        A citizen's password is never set by anyone else: they reset it by SMS (422).
        """
        return out(system.set_official_password(who, account_id, body.new_password))

    @api.put("/accounts/{account_id}/unit", operation_id="move_official", **changed)
    def move_official(account_id: AccountId, body: UnitMove, who: Actor) -> Any:  # noqa: ANN401
        """Move a unit's staff member to another unit, by its code."""
        return out(system.move_official(who, account_id, body.unit_code))

    @api.put("/accounts/{account_id}/role", operation_id="change_role", **guarded)
    def change_role(account_id: AccountId, body: RoleChange, who: Actor) -> Any:  # noqa: ANN401
        """Give an official another role; a unit role keeps its unit unless one is named.

        Only a unit's leader account, "<unit>_pheduyet", may be its approver (422).
        """
        return out(system.change_role(who, account_id, body.role, body.unit_code))

    @api.get("/audit", operation_id="audit_trail", response_model=page_of(AuditOut))
    def audit_trail(who: Actor, after: After = None, limit: Limit = 50) -> Any:  # noqa: ANN401
        """The audit trail, newest first: who did what to which account, and when."""
        return page_out(system.audit_trail(who, after=after, limit=limit))

    return api
