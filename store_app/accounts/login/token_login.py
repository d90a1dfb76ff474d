"""A login that ends in a token pair, and a logout by refresh token: written once for both doors,
the browser's form routes (`login/routes.py`) and the REST API (`api/auth.py`).

Each runs in the caller's transaction; the login rules themselves (limits, lockout, 2FA) stay in
`login/service.py`.
"""

from __future__ import annotations

import dataclasses

from sqlmodel import Session

from store_app.accounts.login.service import LoginResult, login_with_code, login_with_password, logout
from store_app.accounts.sessions.token_service import TokenPair, issue_token_pair, session_of_refresh_token


@dataclasses.dataclass(frozen=True)
class LoggedIn:
    """The new session's tokens and the known-device token of this browser or client."""

    pair: TokenPair
    device_token: str


def _logged_in(session: Session, result: LoginResult) -> LoggedIn:
    return LoggedIn(
        pair=issue_token_pair(session=session, login_session=result.login_session), device_token=result.device_token
    )


def password_login(
    *,
    session: Session,
    identifier: str,
    password: str,
    ip: str,
    user_agent: str,
    device_token: str | None = None,
    browser: bool = False,
) -> LoggedIn:
    """The first step; raises what `login_with_password` raises (MfaRequired when a code is asked next).
    `browser`: the login form's route (a new device gets a notice mail)."""
    result = login_with_password(
        session=session,
        identifier=identifier,
        password=password,
        ip=ip,
        user_agent=user_agent,
        device_token=device_token,
        browser=browser,
    )
    return _logged_in(session, result)


def code_login(
    *,
    session: Session,
    token: str,
    code: str,
    ip: str,
    user_agent: str,
    device_token: str | None = None,
    browser: bool = False,
) -> LoggedIn:
    """The second step (2FA): the pending challenge's token and a TOTP or recovery code."""
    result = login_with_code(
        session=session,
        token=token,
        code=code,
        ip=ip,
        user_agent=user_agent,
        device_token=device_token,
        browser=browser,
    )
    return _logged_in(session, result)


def logout_by_refresh(*, session: Session, refresh_token: str, ip: str = "") -> bool:
    """End the login session a refresh token belongs to; False when it has ended already (or never was)."""
    login = session_of_refresh_token(session=session, refresh_token=refresh_token)
    if login is None or login.id is None:
        return False
    return logout(session=session, session_id=login.id, ip=ip)
