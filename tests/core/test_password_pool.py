"""Issue 18: hashing runs on a bounded pool of its own; when it is full a caller is told to try again at once."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store_app.accounts.login.state import error_message
from store_app.accounts.models import User
from store_app.accounts.registration.state import FORM_WIDE, RegistrationState
from store_app.accounts.reset.service import request_reset_code
from store_app.accounts.reset.state import STEP_PASSWORD, ResetState
from store_app.api.app import build_api
from store_app.core import passwords
from store_app.core.i18n import t
from store_app.core.passwords import PasswordsBusy, hash_password, verify_password
from store_app.core.settings import get_settings
from store_app.core.worker_threads import widen_default_executor
from store_app.ui.routes import BROWSER_LOGIN_PATH
from tests.utils.factories import PASSWORD, make_shopper
from tests.utils.outbox import mailed_code
from tests.utils.tab_state import fresh_tab


@pytest.fixture
def busy_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., threading.Event]]:
    """`hold(queue)` makes the pool one thread and `queue` places, its thread busy until the returned event is set."""
    release, started = threading.Event(), threading.Event()
    holders: list[threading.Thread] = []

    def occupy() -> bool:
        started.set()
        return release.wait(30)

    def hold(queue: int = 0) -> threading.Event:
        monkeypatch.setenv("PASSWORD_HASH_WORKERS", "1")
        monkeypatch.setenv("PASSWORD_HASH_QUEUE", str(queue))
        get_settings.cache_clear()
        passwords.reset_pool()
        holders.append(threading.Thread(target=passwords._pool().run, args=(occupy,)))
        holders[0].start()
        assert started.wait(10)
        return release

    yield hold
    release.set()
    for holder in holders:
        holder.join(10)
    passwords.reset_pool()


def test_a_full_pool_refuses_at_once_with_try_again(busy_pool: Callable[..., threading.Event]) -> None:
    busy_pool()
    began = time.monotonic()
    with pytest.raises(PasswordsBusy) as refused:
        verify_password(PASSWORD, None)
    assert time.monotonic() - began < 0.5
    assert refused.value.status_code == 429
    assert refused.value.retry_after_seconds >= 1
    assert refused.value.message == t("passwords.busy")


def test_the_pool_serves_again_once_a_thread_is_free(busy_pool: Callable[..., threading.Event]) -> None:
    release = busy_pool()
    with pytest.raises(PasswordsBusy):
        hash_password(PASSWORD)
    release.set()
    deadline = time.monotonic() + 10
    while True:
        try:
            assert verify_password(PASSWORD, hash_password(PASSWORD))
            break
        except PasswordsBusy:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_hashing_never_runs_on_more_threads_than_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PASSWORD_HASH_WORKERS", "2")
    get_settings.cache_clear()
    passwords.reset_pool()
    running, most, lock = 0, 0, threading.Lock()
    real_hash = passwords._context.hash

    def counted(secret: str) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            return real_hash(secret)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(passwords._context, "hash", counted)
    callers = [threading.Thread(target=hash_password, args=(PASSWORD,)) for _ in range(8)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(30)
    passwords.reset_pool()
    assert most == 2


def test_api_login_answers_429_with_retry_after_when_busy(
    session: Session, busy_pool: Callable[..., threading.Event]
) -> None:
    user = make_shopper(session)
    busy_pool()
    with TestClient(build_api(), raise_server_exceptions=False) as client:
        response = client.post("/api/v1/auth/login", json={"username": user.login, "password": PASSWORD})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(passwords.RETRY_AFTER_SECONDS)
    assert response.json()["detail"] == PasswordsBusy().message


def test_the_login_form_shows_try_again_when_busy(session: Session, busy_pool: Callable[..., threading.Event]) -> None:
    user = make_shopper(session)
    busy_pool()
    with TestClient(build_api(), follow_redirects=False) as client:
        response = client.post(
            BROWSER_LOGIN_PATH,
            data={"identifier": user.login, "password": PASSWORD, "next": "/cabinet"},
            headers={"Origin": get_settings().public_origin},
        )
    assert response.status_code == 303
    assert "error=busy" in response.headers["location"]
    assert "set-cookie" not in response.headers
    assert error_message("busy", "") == PasswordsBusy().message


def test_callers_waiting_for_a_hash_leave_event_threads_free(busy_pool: Callable[..., threading.Event]) -> None:
    release = busy_pool(8)

    async def burst_then_cart_event() -> float:
        widen_default_executor()
        waiting = [asyncio.ensure_future(asyncio.to_thread(verify_password, PASSWORD, None)) for _ in range(8)]
        await asyncio.sleep(0.2)  # every login now sits in a thread, waiting for the password pool
        began = time.monotonic()
        await asyncio.wait_for(asyncio.to_thread(lambda: None), timeout=5)  # e.g. a cart event's database read
        took = time.monotonic() - began
        release.set()
        await asyncio.gather(*waiting)
        return took

    assert asyncio.run(burst_then_cart_event()) < 0.5


def test_hashing_threads_yield_the_cpu_to_everything_else() -> None:
    def own_niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    passwords.reset_pool()
    assert passwords._pool().run(own_niceness) > own_niceness()


async def _drive(events: AsyncIterator[object]) -> None:
    async for _update in events:
        pass


def test_the_registration_form_shows_try_again_when_busy(
    session: Session, busy_pool: Callable[..., threading.Event]
) -> None:
    tab = fresh_tab(RegistrationState)
    form = {
        "first_name": "Анна",
        "last_name": "Смирнова",
        "login": "anna_busy",
        "email": "anna.busy@example.com",
        "password": "quiet-harbour-lantern-7",
        "password_repeat": "quiet-harbour-lantern-7",
        "accept_rules": "on",
    }
    busy_pool()
    asyncio.run(_drive(tab.submit(form)))
    assert tab.errors == {FORM_WIDE: PasswordsBusy().message}
    assert session.exec(select(User).where(User.login == "anna_busy")).first() is None


def test_the_reset_form_shows_try_again_when_busy_and_the_code_still_works(
    session: Session, busy_pool: Callable[..., threading.Event]
) -> None:
    user = make_shopper(session)
    request_reset_code(session=session, email=user.email, ip="203.0.113.5")
    session.commit()
    tab = fresh_tab(ResetState)
    tab.email, tab._code, tab.step = user.email, mailed_code(session, to=user.email), STEP_PASSWORD
    new = {"password": "quiet-harbour-lantern-7", "password2": "quiet-harbour-lantern-7"}
    release = busy_pool()
    asyncio.run(_drive(tab.set_password(new)))
    assert (tab.error, tab.step, tab.done) == (PasswordsBusy().message, STEP_PASSWORD, False)
    release.set()
    passwords.reset_pool()
    asyncio.run(_drive(tab.set_password(new)))
    assert tab.done and tab.error == ""
