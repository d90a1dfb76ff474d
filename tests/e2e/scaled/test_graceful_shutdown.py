"""SIGTERM during a checkout: the worker lets the event and the mail job finish, and the order is either
whole (lines, stock taken, cart emptied, its mail sent or still queued untouched) or absent (nothing taken).
The shop here is a backend of its own (no frontend build), since the test ends it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time

from simple_websocket import ConnectionClosed
from sqlmodel import select

from store_app.accounts.models import User
from store_app.cart.models import Cart, CartLine
from store_app.mail.models import MailMessage, MailStatus
from store_app.orders.checkout_state import CheckoutState
from store_app.orders.models import Order, OrderLine
from tests.admin.e2e_steps import session_cookie_header
from tests.e2e.login_flow import PASSWORD, create_shopper
from tests.e2e.scaled.conftest import Backend
from tests.utils.live_shop import live_product, live_session, put_in_users_cart, set_profile_contact
from tests.utils.raw_event_socket import RawEventSocket

EXIT_TIMEOUT = 40


def test_sigterm_during_checkout_leaves_the_order_whole_or_absent(shutdown_backend: Backend) -> None:
    server, proc = shutdown_backend, shutdown_backend.proc
    assert proc is not None
    product = live_product(server, name="Плеер Term", stock=4)
    login = create_shopper(server)
    set_profile_contact(server, login, phone="+79161234567", address="Тверь, ул. Советская, д. 2")
    put_in_users_cart(server, login, product.id, 3)
    cookie = session_cookie_header(server, login, PASSWORD)
    checkout = CheckoutState.get_full_name()

    shopper = RawEventSocket(server.url, headers={"Cookie": cookie})
    shopper.emit(f"{checkout}.open_page", path="/checkout")
    form = {"name": "Вера Кузнецова", "phone": "+79161234567", "address": "Тверь, ул. Советская, д. 2"}
    shopper.emit(f"{checkout}.to_review", {"form_data": form}, path="/checkout")
    shopper.ping()
    assert '"review"' in shopper.received_text(), "the checkout did not reach its review step"
    seen = len(shopper.updates)
    shopper.emit(f"{checkout}.place", path="/checkout")
    # The handler's first step ("placing") has reached us: the event is in flight on the worker.
    shopper._expect(lambda packet: '"placing' in packet, timeout=10)
    os.killpg(proc.pid, signal.SIGTERM)
    started = time.monotonic()
    shopper.settle(5)  # whatever the worker still sends before its socket closes
    proc.wait(timeout=EXIT_TIMEOUT)
    with contextlib.suppress(ConnectionClosed):
        shopper.close()
    answered = "/orders" in json.dumps(shopper.updates[seen:], ensure_ascii=False)
    took = time.monotonic() - started
    log = server.log_path.read_text(errors="replace")
    assert "shutting down: finishing in-flight events and jobs" in log
    assert "Traceback" not in log, log[-3000:]

    with live_session(server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        orders = session.exec(select(Order).where(Order.user_id == user.id)).all()
        stock = session.get(type(product), product.id).stock
        cart = session.exec(select(Cart).where(Cart.user_id == user.id)).one()
        in_cart = session.exec(select(CartLine).where(CartLine.cart_id == cart.id)).all()
        mails = session.exec(select(MailMessage).where(MailMessage.recipient == f"{login}@example.com")).all()
        order_mails = [mail for mail in mails if mail.template.startswith("order")]
        if orders:
            (order,) = orders
            lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
            assert [(line.product_id, line.quantity) for line in lines] == [(product.id, 3)]
            assert (stock, in_cart) == (1, [])
            (mail,) = order_mails
            # Sent before the worker stopped, or never touched: a claimed-but-unsent row would wait 15 minutes.
            assert mail.status == MailStatus.SENT or (mail.status == MailStatus.PENDING and mail.attempts == 0)
        else:
            assert not answered, "the shopper was told the order was placed, but it is not there"
            assert stock == 4
            assert [(item.product_id, item.quantity) for item in in_cart] == [(product.id, 3)]
            assert order_mails == []
    print(f"SIGTERM: exit in {took:.1f}s; order {'whole' if orders else 'absent'}; shopper told: {answered}")
