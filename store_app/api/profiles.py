"""F4: my profile (get, update) and, for staff, every profile (list, get, update, delete).

Updates are partial: fields left out keep their values; the profile rules check the result as a
whole. Deleting a profile deletes its account (a profile never exists without one), through the
deletion service, with the history record.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from store_app.accounts.email_change.service import request_email_change
from store_app.accounts.models import Profile, User
from store_app.accounts.profile.deletion_service import delete_account_by_admin
from store_app.accounts.profile.service import get_profile, list_profiles, update_profile_fields
from store_app.api.deps import ClientIp, CurrentUser, Id, StaffUser, page_links
from store_app.api.openapi import error_responses
from store_app.core.db import session_scope

router = APIRouter(prefix="/api/v1", tags=["profiles"])
Text = Annotated[str | None, Field(default=None, max_length=2000)]


class ProfileOut(BaseModel):
    user_id: int
    username: str
    email: str
    first_name: str
    last_name: str
    patronymic: str
    phone: str
    birth_date: dt.date | None
    address: str


class ProfilePatch(BaseModel):
    first_name: Text = None
    last_name: Text = None
    patronymic: Text = None
    phone: Text = None
    birth_date: Text = Field(default=None, max_length=2000, description="YYYY-MM-DD, empty to clear")
    address: Text = None


class ProfileListOut(BaseModel):
    count: int
    next: str | None
    previous: str | None
    results: list[ProfileOut]


def _out(profile: Profile, user: User | None) -> ProfileOut:
    return ProfileOut(
        user_id=profile.user_id,
        username=user.login if user else "",
        email=user.email if user else "",
        first_name=profile.first_name,
        last_name=profile.last_name,
        patronymic=profile.patronymic,
        phone=profile.phone,
        birth_date=profile.birth_date,
        address=profile.address,
    )


def _read(user_id: int) -> ProfileOut:
    with session_scope() as session:
        profile = get_profile(session=session, user_id=user_id)
        return _out(profile, session.get(User, user_id))


def _update(user_id: int, body: ProfilePatch, ip: str, actor_id: int) -> ProfileOut:
    changes = {name: value for name, value in body.model_dump(exclude_unset=True).items() if value is not None}
    with session_scope() as session:
        update_profile_fields(session=session, user_id=user_id, changes=changes, ip=ip, actor_id=actor_id)
        return _out(get_profile(session=session, user_id=user_id), session.get(User, user_id))


@router.get("/profiles/me", response_model=ProfileOut, responses=error_responses(404))
def my_profile(context: CurrentUser) -> ProfileOut:
    return _read(context.user_id)


@router.patch("/profiles/me", response_model=ProfileOut, responses=error_responses(404))
def change_my_profile(body: ProfilePatch, context: CurrentUser, ip: ClientIp) -> ProfileOut:
    return _update(context.user_id, body, ip, context.user_id)


class EmailChangeIn(BaseModel):
    new_email: str = Field(max_length=1000)
    password: str = Field(max_length=4096)


class EmailChangeOut(BaseModel):
    pending_email: str = Field(
        description="the address normalised; it becomes the account's once its mailed link is opened"
    )


@router.post(
    "/profiles/me/email", response_model=EmailChangeOut, status_code=202, responses=error_responses(401, 422, 429)
)
def change_my_email(body: EmailChangeIn, request: Request, context: CurrentUser, ip: ClientIp) -> EmailChangeOut:
    """The cabinet's email change: the password and the new address; a link goes to the new address and a
    notice to the old one. A taken address gets the same answer and no link."""
    with session_scope() as session:
        email = request_email_change(
            session=session,
            user_id=context.user_id,
            password=body.password,
            new_email=body.new_email,
            ip=ip,
            user_agent=request.headers.get("user-agent", ""),
        )
    return EmailChangeOut(pending_email=email)


@router.get("/profiles", response_model=ProfileListOut)
def all_profiles(
    request: Request,
    _staff: StaffUser,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ProfileListOut:
    with session_scope() as session:
        total, profiles = list_profiles(session=session, offset=(page - 1) * size, limit=size)
        results = [_out(profile, session.get(User, profile.user_id)) for profile in profiles]
    previous, following = page_links(request, page=page, has_previous=page > 1, has_next=page * size < total)
    return ProfileListOut(count=total, next=following, previous=previous, results=results)


@router.get("/profiles/{user_id}", response_model=ProfileOut)
def one_profile(user_id: Id, _staff: StaffUser) -> ProfileOut:
    return _read(user_id)


@router.patch("/profiles/{user_id}", response_model=ProfileOut)
def change_profile(user_id: Id, body: ProfilePatch, staff: StaffUser, ip: ClientIp) -> ProfileOut:
    return _update(user_id, body, ip, staff.user_id)


@router.delete("/profiles/{user_id}", status_code=204, responses=error_responses(409))
def delete_profile(user_id: Id, staff: StaffUser, ip: ClientIp) -> Response:
    """Deletes the account the profile belongs to (history first, orders kept anonymised)."""
    with session_scope() as session:
        delete_account_by_admin(session=session, user_id=user_id, admin_id=staff.user_id, ip=ip)
    return Response(status_code=204)
