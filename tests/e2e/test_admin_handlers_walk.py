"""Every event handler of every admin state, called by a logged-in shopper over a real websocket, changes
no database row (SPEC D1, issue 15): a forgotten `@staff_event` cannot hide.

The handlers are found by walking the state classes the admin modules define (nothing listed by hand),
so a handler added tomorrow is walked too. Each gets plausible arguments aimed at real rows: a product,
an empty category, another shopper, an order, a mail, so that a handler that forgot its guard would
really change something.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import uuid
from typing import Any

import reflex as rx
from sqlalchemy import MetaData, select

import store_app.admin
from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.catalog.category_service import CategoryInput, create_category
from store_app.mail.service import queue_mail
from tests.admin.e2e_steps import place_live_order, session_cookie_header
from tests.e2e.conftest import LiveServer
from tests.utils.factories import make_product, make_user
from tests.utils.live_shop import live_session
from tests.utils.raw_event_socket import RawEventSocket

# Rows other parts of the running shop may touch while the walk runs (the mail delivery of earlier tests,
# the shopper's own session bookkeeping): for these only the set of row keys is compared, so a row added
# or removed still counts as a change. The periodic jobs' leases are their own (no handler reaches them).
IDS_ONLY = {"mail_message", "login_session", "refresh_token", "rate_limit_hit", "rate_limit_block"}
NOT_COMPARED = {"job_lease"}


def admin_state_classes() -> list[type[rx.State]]:
    """Every state class defined in a module of `store_app.admin` (mixins are walked through them)."""
    for module in pkgutil.iter_modules(store_app.admin.__path__):
        importlib.import_module(f"store_app.admin.{module.name}")
    found: list[type[rx.State]] = []
    todo: list[type[rx.State]] = [rx.State]
    while todo:
        cls = todo.pop()
        children = list(cls.get_substates())
        todo.extend(children)  # type: ignore[arg-type]
        if cls.__module__.startswith("store_app.admin.") and not cls._mixin:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.get_full_name())


def _targets(live_server: LiveServer) -> dict[str, Any]:
    """Real rows for the handlers to aim at."""
    order_id, _ = place_live_order(live_server)
    with live_session(live_server) as session:
        product = make_product(session, slug=f"walk-{uuid.uuid4().hex[:8]}", stock=7)
        category = create_category(session=session, data=CategoryInput(name=f"Пустая {uuid.uuid4().hex[:6]}"))
        victim = make_user(session, login=f"victim{uuid.uuid4().hex[:8]}")
        message = queue_mail(
            session=session,
            to=victim.email,
            template="password_changed",
            context={"first_name": "", "changed_at": "", "support_email": "", "ip": ""},
        )
        session.commit()
        return {
            "product": product.id,
            "category": category.id,
            "user": victim.id,
            "login": victim.login,
            "order": order_id,
            "message": message.id,
        }


def _form(target: dict[str, Any]) -> dict[str, Any]:
    """A form that every admin form would accept from staff."""
    return {
        "name": "Взломанный товар",
        "price": "1",
        "stock": "5",
        "slug": "",
        "parent_id": "",
        "position": "0",
        "is_active": "on",
        "q": "",
        "kind": "",
        "actor": "",
        "order_id": str(target["order"]),
        "status": "cancelled",
        f"category-{target['category']}": "on",
    }


def _argument(name: str, annotation: Any, target: dict[str, Any]) -> Any:
    text = str(annotation)
    if "UploadFile" in text:
        return []
    if "dict" in text:
        return _form(target)
    if name in ("product_id",):
        return target["product"]
    if name == "category_id":
        return target["category"]
    if name == "user_id":
        return target["user"]
    if name in ("order_id",):
        return target["order"]
    if name == "message_id":
        return target["message"]
    if name == "session_id":
        return 1
    if name == "flag":
        return "is_staff"
    if name == "status":
        return "cancelled"
    if name == "login":
        return target["login"]
    if name == "step":
        return 1
    if "bool" in text:
        return True
    if "int" in text:
        return 1
    return "x"


def _arguments(handler: Any, target: dict[str, Any]) -> dict[str, Any]:
    parameters = list(inspect.signature(handler.fn).parameters.values())[1:]  # past self
    return {p.name: _argument(p.name, p.annotation, target) for p in parameters}


def _snapshot(live_server: LiveServer) -> dict[str, Any]:
    """Every table's rows (keys only for the tables in IDS_ONLY)."""
    with live_session(live_server) as session:
        metadata = MetaData()
        metadata.reflect(bind=session.get_bind())
        tables: dict[str, Any] = {}
        for name, table in sorted(metadata.tables.items()):
            if name in NOT_COMPARED:
                continue
            if name in IDS_ONLY:
                keys = list(table.primary_key.columns)
                tables[name] = sorted(tuple(map(repr, row)) for row in session.execute(select(*keys)))
            else:
                tables[name] = sorted(tuple(map(repr, row)) for row in session.execute(select(table)))
        return tables


def test_every_admin_handler_called_by_a_shopper_changes_no_row(live_server: LiveServer) -> None:
    classes = admin_state_classes()
    calls = [
        (cls, name, handler)
        for cls in classes
        for name, handler in sorted(cls.event_handlers.items())
        # The shop's own handlers; Reflex's built-in `setvar` sets only vars (walked in tests/core).
        if getattr(handler.fn, "__module__", "").startswith("store_app.")
    ]
    assert len(classes) >= 8 and len(calls) >= 40, [cls.get_full_name() for cls in classes]
    target = _targets(live_server)
    cookie = session_cookie_header(live_server, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    before = _snapshot(live_server)

    with RawEventSocket(live_server.url, headers={"Cookie": cookie}) as shopper:
        for cls, name, handler in calls:
            shopper.emit(f"{cls.get_full_name()}.{name}", _arguments(handler, target), path="/admin")
        # Events of one tab run one after another: once the ping has answered, every event before it has run
        # (the background ones were started; they get a few seconds more).
        shopper.ping(timeout=180)
        shopper.settle(3.0)

    after = _snapshot(live_server)
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert changed == [], f"a shopper's crafted admin events changed {changed}"
