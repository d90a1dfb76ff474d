"""A copied Reflex client token never acts as its owner, and no tab state holds a credential (issue 9 §2,
§3, §5) or a two-factor secret (issue 14), against the real shop: raw websocket connections, real
`/_upload` requests, the files the shop writes and, with REDIS_URL, the Redis values."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import redis
from sqlmodel import select

from store_app.accounts.cabinet.mfa_state import CabinetMfaState
from store_app.accounts.cabinet.profile_state import CabinetProfileState
from store_app.accounts.demo_accounts import DEMO_ADMIN
from store_app.accounts.mfa.routes import CODES_TEXT_PATH, SETUP_KEY_PATH
from store_app.accounts.models import Profile, User
from store_app.accounts.reset.state import ResetState
from store_app.admin.import_page import ProductImportState
from store_app.cart.state import CartState
from store_app.catalog.models import Product
from store_app.core.settings import PROJECT_ROOT
from tests.accounts.mfa_helpers import code_now
from tests.e2e.cabinet_flow import NEW_PASSWORD, code_in, mails_to, make_account, wait_for_mail
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import PASSWORD
from tests.e2e.test_session_security import _cookie_of
from tests.utils import images
from tests.utils.live_shop import live_session
from tests.utils.mailbox import Mailbox
from tests.utils.raw_event_socket import RawEventSocket

RESET = ResetState.get_full_name()
AVATAR_UPLOAD = f"{CabinetProfileState.get_full_name()}.upload_avatar"
IMPORT_UPLOAD = f"{ProductImportState.get_full_name()}.upload"
CODE_SUBJECT = "Код для восстановления пароля"


def _user(live_server: LiveServer, login: str) -> tuple[str, str]:
    """(password hash, avatar path) of an account, read from the live shop's database."""
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        profile = session.get(Profile, user.id)
        return user.password_hash, profile.avatar_path if profile else ""


def _reach_the_password_step(socket: RawEventSocket, email: str, mailbox: Mailbox) -> None:
    earlier = len(mails_to(mailbox, to=email, subject_part=CODE_SUBJECT))  # this step's code, not an earlier one
    socket.emit(f"{RESET}.open_form", path="/login")
    socket.emit(f"{RESET}.request_code", {"form_data": {"email": email}}, path="/login")
    code = code_in(wait_for_mail(mailbox, to=email, subject_part=CODE_SUBJECT, after=earlier))
    socket.emit(f"{RESET}.check_code", {"form_data": {"code": code}}, path="/login")
    socket.ping()
    assert '"step_rx_state_": "password"' in socket.received_text()


def _set_password(socket: RawEventSocket) -> None:
    form = {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    socket.emit(f"{RESET}.set_password", {"form_data": form}, path="/contacts")
    socket.ping()


def test_a_guests_reset_progress_is_served_only_to_its_own_connection(
    live_server: LiveServer, mailbox: Mailbox
) -> None:
    login = make_account(live_server)
    before, _ = _user(live_server, login)
    with RawEventSocket(live_server.url) as victim:
        _reach_the_password_step(victim, f"{login}@example.com", mailbox)
    # The victim's tab is closed; its state (step, email, checked code) waits on the server.
    with RawEventSocket(live_server.url, token=victim.token) as attacker:
        _set_password(attacker)
    assert _user(live_server, login)[0] == before, "another connection finished the victim's reset"

    # The same steps on one connection do change the password: the refusal above was the binding.
    with RawEventSocket(live_server.url) as owner:
        _reach_the_password_step(owner, f"{login}@example.com", mailbox)
        _set_password(owner)
    assert _user(live_server, login)[0] != before


def _upload(
    live_server: LiveServer, *, token: str, handler: str, name: str, data: bytes, headers: dict[str, str]
) -> tuple[int, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        live_server.url + "/_upload",
        data=body,
        method="POST",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Reflex-Client-Token": token,
            "Reflex-Event-Handler": handler,
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _logged_in_tab(live_server: LiveServer, cookie: str, path: str, handler: str) -> RawEventSocket:
    """A tab of the victim, logged in over its own connection (cookie in the handshake)."""
    tab = RawEventSocket(live_server.url, headers={"Cookie": cookie})
    tab.emit(handler, path=path)
    tab.ping()
    return tab


def test_an_upload_needs_the_tabs_own_session_cookie_and_origin(live_server: LiveServer) -> None:
    victim = make_account(live_server)
    victim_cookie = _cookie_of(live_server, victim)
    other_cookie = _cookie_of(live_server, make_account(live_server))
    tab = _logged_in_tab(live_server, victim_cookie, "/cabinet", f"{CabinetProfileState.get_full_name()}.load")
    try:
        picture = images.picture()
        refused = {
            "token only": {"Origin": live_server.url},
            "foreign origin": {"Origin": "http://evil.example", "Cookie": victim_cookie},
            "no origin": {"Cookie": victim_cookie},
            "another user's cookie": {"Origin": live_server.url, "Cookie": other_cookie},
        }
        for case, headers in refused.items():
            status, _ = _upload(
                live_server, token=tab.token, handler=AVATAR_UPLOAD, name="me.png", data=picture, headers=headers
            )
            assert status == 403, case
            assert _user(live_server, victim)[1] == "", f"{case}: the avatar changed"
        # The tab's own page (its cookie, its origin) uploads fine: the refusals above were the guard.
        status, _ = _upload(
            live_server,
            token=tab.token,
            handler=AVATAR_UPLOAD,
            name="me.png",
            data=picture,
            headers={"Origin": live_server.url, "Cookie": victim_cookie},
        )
        assert status == 200
        assert _user(live_server, victim)[1] != ""
    finally:
        tab.close()


def test_an_admins_import_preview_cannot_be_filled_with_a_copied_token(live_server: LiveServer) -> None:
    admin_cookie = _cookie_of(live_server, DEMO_ADMIN["login"], DEMO_ADMIN["password"])
    tab = _logged_in_tab(live_server, admin_cookie, "/admin/import", f"{ProductImportState.get_full_name()}.load")
    try:
        csv = b"name;price\nForged phone;1\n"
        for headers in ({"Origin": live_server.url}, {"Origin": "http://evil.example", "Cookie": admin_cookie}):
            status, body = _upload(
                live_server, token=tab.token, handler=IMPORT_UPLOAD, name="forged.csv", data=csv, headers=headers
            )
            assert status == 403 and "forged.csv" not in body
        tab.ping()
        assert "forged.csv" not in tab.received_text()
        assert "file_name_rx_state_" not in tab.received_text()
        status, body = _upload(
            live_server,
            token=tab.token,
            handler=IMPORT_UPLOAD,
            name="mine.csv",
            data=csv,
            headers={"Origin": live_server.url, "Cookie": admin_cookie},
        )
        assert status == 200 and "mine.csv" in body
    finally:
        tab.close()


def test_the_event_socket_sends_its_cors_headers_once(live_server: LiveServer) -> None:
    request = urllib.request.Request(
        live_server.url + "/_event/?EIO=4&transport=polling", headers={"Origin": live_server.url}
    )
    try:
        response = urllib.request.urlopen(request, timeout=10)
        headers = response.headers
    except urllib.error.HTTPError as error:
        headers = error.headers
    assert headers.get_all("access-control-allow-origin") == [live_server.url]
    assert headers.get_all("access-control-allow-credentials") == ["true"]


def _secrets_of_a_login_and_cart_flow(live_server: LiveServer) -> tuple[list[str], str]:
    """Log in, open the cabinet and put a product in the cart over a raw socket.

    Returns the cookie values and the tab's client token."""
    login = make_account(live_server)
    cookie = _cookie_of(live_server, login, PASSWORD)
    guest = "guest_cart=" + "g" * 43
    with live_session(live_server) as session:
        product = session.exec(select(Product).where(Product.stock > 0)).first()
        assert product is not None
        product_id = product.id
    with RawEventSocket(live_server.url, headers={"Cookie": f"{guest}; {cookie}"}) as tab:
        tab.emit(f"{CabinetProfileState.get_full_name()}.load", path="/cabinet")
        tab.emit(f"{CartState.get_full_name()}.add", {"product_id": product_id, "quantity": 1}, path="/cart")
        tab.ping()
        assert "Вера" in tab.received_text() and "items_count_rx_state_" in tab.received_text()
    return [cookie.split("=", 1)[1], guest.split("=", 1)[1]], tab.token


def _get_with_cookie(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _secrets_of_a_2fa_setup(live_server: LiveServer) -> list[str]:
    """Set 2FA up over a raw socket as the cabinet does (the key and codes fetched from their routes);
    returns the secret and the ten recovery codes, after checking no update of the tab carried them."""
    cookie = _cookie_of(live_server, make_account(live_server), PASSWORD)
    mfa = CabinetMfaState.get_full_name()
    with RawEventSocket(live_server.url, headers={"Cookie": cookie}) as tab:
        tab.emit(f"{mfa}.load", path="/cabinet")
        tab.emit(f"{mfa}.start_setup", path="/cabinet")
        tab.ping()
        status, key = _get_with_cookie(live_server.url + SETUP_KEY_PATH, cookie)
        assert status == 200
        secret = "".join(re.sub(r"<[^>]+>", " ", key).split())
        tab.emit(f"{mfa}.confirm", {"form_data": {"code": code_now(secret)}}, path="/cabinet")
        tab.ping()
        status, listed = _get_with_cookie(live_server.url + CODES_TEXT_PATH, cookie)
        assert status == 200
        codes = listed.split()
        assert len(codes) == 10 and '"enabled_rx_state_": true' in tab.received_text()
        for value in (secret, *codes):
            assert value not in tab.received_text(), "a tab update carried a 2FA secret"
    return [secret, *codes]


def _files_under(*folders: Path) -> list[Path]:
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


def test_no_file_the_shop_writes_holds_a_cookie_or_a_token(live_server: LiveServer) -> None:
    secrets_, _ = _secrets_of_a_login_and_cart_flow(live_server)
    secrets_ += _secrets_of_a_2fa_setup(live_server)
    folders = [Path(live_server.data_dir), PROJECT_ROOT / ".states", Path(live_server.env["REFLEX_STATES_WORKDIR"])]
    build = Path(live_server.data_dir) / "web"  # the frontend build: written before any shopper came
    scanned = [path for path in _files_under(*folders) if build not in path.parents]
    assert scanned, "nothing scanned"
    for path in scanned:
        if ".db" in path.name:
            continue  # the database holds digests only, tested with the services
        data = path.read_bytes()
        for secret in secrets_:
            assert secret.encode() not in data, f"{path} holds a cookie value or a 2FA secret"
        assert not re.search(rb"eyJ[A-Za-z0-9_-]{10,}\.eyJ", data), f"{path} holds a token"
    assert not (Path(live_server.data_dir) / "states").exists() or not any(
        (Path(live_server.data_dir) / "states").iterdir()
    ), "tab states were written to disk"


def test_no_redis_value_opens_a_session(redis_live_server: LiveServer) -> None:
    secrets_, _ = _secrets_of_a_login_and_cart_flow(redis_live_server)
    # Nor holds a two-factor secret or recovery code (issue 14): the pickled tab states are scanned too.
    secrets_ += _secrets_of_a_2fa_setup(redis_live_server)
    client = redis.Redis.from_url(redis_live_server.env["REDIS_URL"])
    keys = list(client.scan_iter(count=1000))
    assert keys, "the shop kept no tab state in Redis"
    for key in keys:
        kind = client.type(key).decode()
        if kind == "string":
            values = [client.get(key) or b""]
        elif kind == "hash":
            values = list(client.hgetall(key).values())
        else:
            values = []
        for value in values:
            for secret in secrets_:
                assert secret.encode() not in value, f"{key!r} holds a cookie value or a 2FA secret"
            assert not re.search(rb"eyJ[A-Za-z0-9_-]{10,}\.eyJ", value), f"{key!r} holds a token"
