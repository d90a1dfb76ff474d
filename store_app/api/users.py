"""F5: delete an account: your own (confirmed with your password) or, for staff, anyone else's.

The deletion service writes the history record first, removes the personal data and keeps the
orders anonymised; a wrong password counts like a failed login.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from store_app.accounts.profile.deletion_service import delete_account_by_admin, delete_own_account
from store_app.api.deps import ClientIp, CurrentUser, Id
from store_app.api.openapi import error_responses
from store_app.core.db import session_scope
from store_app.core.errors import PermissionDenied
from store_app.core.i18n import t

router = APIRouter(prefix="/api/v1", tags=["users"])


class DeleteAccountIn(BaseModel):
    password: str = Field(default="", max_length=1024, description="required when deleting your own account")


@router.delete("/users/{user_id}", status_code=204, responses=error_responses(403, 409))
def delete_user(user_id: Id, context: CurrentUser, ip: ClientIp, body: DeleteAccountIn | None = None) -> Response:
    with session_scope() as session:
        if user_id == context.user_id:
            password = body.password if body else ""
            delete_own_account(session=session, user_id=user_id, password=password, ip=ip)
        elif context.is_staff:
            delete_account_by_admin(session=session, user_id=user_id, admin_id=context.user_id, ip=ip)
        else:
            raise PermissionDenied(t("api.error.staff_only"))
    return Response(status_code=204)
