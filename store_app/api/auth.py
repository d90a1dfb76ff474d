"""F1: register, log in for a token pair, refresh (rotating), log out (blacklisting), who am I.

Register takes `email`, `username` and `password`; the profile's `first_name` and `last_name`
(required by A1, like on the page) and `accept_rules: true` go in the same body, so one 422
lists every broken rule at once. The password is given once (the API has no repeat field).
A registered email is answered like a new one (202), so the route tells nobody who has an account.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from store_app.accounts.login.service import MfaRequired
from store_app.accounts.login.token_login import code_login, logout_by_refresh, password_login
from store_app.accounts.models import User
from store_app.accounts.registration.service import RegistrationData, register_user
from store_app.accounts.sessions.token_service import TokenPair, rotate_refresh_token, session_of_refresh_token
from store_app.api.deps import ClientIp, CurrentUser
from store_app.api.openapi import error_responses
from store_app.core.db import session_scope
from store_app.core.errors import NotFound, ValidationFailed
from store_app.core.i18n import t
from store_app.core.tokens import InvalidToken

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
MAX_TEXT = 1024


class RegisterIn(BaseModel):
    email: str = Field(max_length=MAX_TEXT)
    username: str = Field(max_length=MAX_TEXT)
    password: str = Field(max_length=MAX_TEXT)
    first_name: str = Field(default="", max_length=MAX_TEXT)
    last_name: str = Field(default="", max_length=MAX_TEXT)
    patronymic: str = Field(default="", max_length=MAX_TEXT)
    accept_rules: bool = False


class LoginIn(BaseModel):
    username: str = Field(default="", max_length=MAX_TEXT, description="login or email")
    email: str = Field(default="", max_length=MAX_TEXT)
    password: str = Field(max_length=MAX_TEXT)


class LoginCodeIn(BaseModel):
    mfa_token: str = Field(max_length=128)
    code: str = Field(max_length=64, description="a 6-digit TOTP code or a recovery code")


class MfaRequiredOut(BaseModel):
    mfa_required: bool = True
    mfa_token: str = Field(description="send it with the code to POST /api/v1/auth/login/mfa within 5 minutes")


class RefreshIn(BaseModel):
    refresh: str = Field(max_length=4096)


class LogoutIn(RefreshIn):
    blacklist: bool = True


class TokenPairOut(BaseModel):
    access: str
    refresh: str


class RegistrationAccepted(BaseModel):
    detail: str
    email: str = Field(description="the address the mail went to, normalised")


class UserOut(BaseModel):
    id: int
    username: str
    email: str
    is_active: bool
    is_staff: bool
    email_confirmed: bool
    created_at: dt.datetime


def user_out(user: User) -> UserOut:
    assert user.id is not None
    return UserOut(
        id=user.id,
        username=user.login,
        email=user.email,
        is_active=user.is_active,
        is_staff=user.is_staff,
        email_confirmed=user.email_confirmed_at is not None,
        created_at=user.created_at,
    )


def _pair(pair: TokenPair) -> TokenPairOut:
    return TokenPairOut(access=pair.access, refresh=pair.refresh)


@router.post("/register", status_code=202, response_model=RegistrationAccepted, responses=error_responses(429))
def register(body: RegisterIn, ip: ClientIp) -> RegistrationAccepted:
    """Register; the answer is the same whether the email was new (the activation mail is sent) or
    already registered (its owner is told by mail). Every broken rule comes back at once (422), a
    taken login too; 429 with Retry-After after too many sign-ups from one IP or to one address."""
    data = RegistrationData(
        first_name=body.first_name,
        last_name=body.last_name,
        patronymic=body.patronymic,
        login=body.username,
        email=body.email,
        password=body.password,
        password_repeat=body.password,
        accept_rules=body.accept_rules,
    )
    with session_scope() as session:
        registration = register_user(session=session, data=data, ip=ip)
    return RegistrationAccepted(detail=t("register.accepted", email=registration.email), email=registration.email)


@router.post("/login", response_model=TokenPairOut | MfaRequiredOut, responses=error_responses(401, 403, 429))
def login(body: LoginIn, request: Request, ip: ClientIp) -> TokenPairOut | MfaRequiredOut:
    """Login or email plus password; 401 for wrong data (one message), 429 while locked out.

    With two-factor login on, no tokens yet: `{"mfa_required": true, "mfa_token": ...}`, then the code
    goes to `POST /api/v1/auth/login/mfa`.
    """
    identifier = body.username or body.email
    if not identifier.strip():
        raise ValidationFailed({"username": [t("api.error.identifier_required")]})
    try:
        with session_scope() as session:
            done = password_login(
                session=session,
                identifier=identifier,
                password=body.password,
                ip=ip,
                user_agent=request.headers.get("user-agent", ""),
            )
            return _pair(done.pair)
    except MfaRequired as pending:
        return MfaRequiredOut(mfa_token=pending.token)


@router.post("/login/mfa", response_model=TokenPairOut, responses=error_responses(401, 429))
def login_code(body: LoginCodeIn, request: Request, ip: ClientIp) -> TokenPairOut:
    """The second step: the `mfa_token` of the login answer and a TOTP or recovery code; 401 when wrong or late."""
    with session_scope() as session:
        done = code_login(
            session=session,
            token=body.mfa_token,
            code=body.code,
            ip=ip,
            user_agent=request.headers.get("user-agent", ""),
        )
        return _pair(done.pair)


@router.post("/refresh", response_model=TokenPairOut, responses=error_responses(401))
def refresh(body: RefreshIn) -> TokenPairOut:
    """A new pair; the old refresh token stops working. Reusing it ends the whole login session (401)."""
    with session_scope() as session:
        _context, pair = rotate_refresh_token(session=session, refresh_token=body.refresh)
        return _pair(pair)


@router.post("/logout", status_code=204, responses=error_responses(401))
def log_out(body: LogoutIn, ip: ClientIp) -> Response:
    """With `blacklist: true` (the default) the login session ends and its refresh tokens are revoked."""
    with session_scope() as session:
        if body.blacklist:
            ended = logout_by_refresh(session=session, refresh_token=body.refresh, ip=ip)
        else:
            ended = session_of_refresh_token(session=session, refresh_token=body.refresh) is not None
        if not ended:
            raise InvalidToken("session ended")
    return Response(status_code=204)


@router.get("/me", response_model=UserOut, responses=error_responses(404))
def me(context: CurrentUser) -> UserOut:
    with session_scope() as session:
        user = session.get(User, context.user_id)
        if user is None:
            raise NotFound(t("api.error.not_found"))
        return user_out(user)
