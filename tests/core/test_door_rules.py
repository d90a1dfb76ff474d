"""Rules that used to live in a door (issue 15), now in the service each door calls: checked here once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from store_app.accounts.login import limits
from store_app.accounts.login.state import error_message
from store_app.accounts.mail import mail_password_changed
from store_app.accounts.rules.person_names import full_name, greeting_name
from store_app.admin.products_service import products_csv
from store_app.admin.products_state import _rows as admin_product_rows
from store_app.cart.service import CartOwner, add_to_cart, cart_summaries
from store_app.catalog.service import ProductInput, create_product
from store_app.core.csv_text import csv_text, defused
from store_app.core.money import format_money
from store_app.core.rate_limit import RateLimit
from store_app.core.settings import get_settings
from store_app.mail.models import MailMessage
from tests.utils.factories import make_user


def test_the_login_page_says_the_lockout_the_service_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    half_hour = dt.timedelta(minutes=30)
    longer = RateLimit("login-account", max_hits=5, window=half_hour, block_for=half_hour)
    monkeypatch.setattr(limits, "LOGIN_FAILURES_PER_ACCOUNT", longer)
    assert "30" in error_message("locked", "30")  # a fixed 15 in the page used to cut this short
    assert "30" in error_message("locked", "999")  # the URL is the visitor's: never more than the limit
    assert "1 " in error_message("locked", "0")


def test_an_english_password_changed_mail_writes_the_date_the_english_way(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    get_settings.cache_clear()
    user = make_user(session)
    mail_password_changed(session=session, user=user, when=dt.datetime(2026, 11, 22, 21, 5, tzinfo=dt.UTC))
    message = session.exec(select(MailMessage)).one()
    assert message.language == "en"
    # English writes the month by name (in the shop's time zone); the Russian form is never used.
    assert "Nov 2" in message.text_body and "2026" in message.text_body
    assert not re.search(r"\d\d\.\d\d\.2026", message.text_body)


def test_the_admin_price_column_is_what_a_shopper_pays(session: Session) -> None:
    create_product(session=session, data=ProductInput(name="Чайник", price="1000", discount_price="750"))
    create_product(session=session, data=ProductInput(name="Тостер", price="2000"))
    session.commit()
    rows, *_ = admin_product_rows(session=session, text="", page=1)
    assert {row.name: row.price for row in rows} == {
        "Чайник": format_money(Decimal("750")),
        "Тостер": format_money(Decimal("2000")),
    }


def test_every_csv_cell_a_spreadsheet_would_run_is_defused() -> None:
    assert [defused(v) for v in ("=1+1", "+7", "-3", "@x", "\tx", "plain", None, 5)] == [
        "'=1+1",
        "'+7",
        "'-3",
        "'@x",
        "'\tx",
        "plain",
        "",
        "5",
    ]
    assert csv_text([["a", "=b"]], bom=True) == "\ufeffa,'=b\r\n"


def test_the_admin_download_and_the_api_export_write_the_same_file(session: Session) -> None:
    create_product(session=session, data=ProductInput(name="=HYPERLINK(1)", price="10", discount_price="9.5"))
    session.commit()
    rows = list(csv.reader(io.StringIO(products_csv(session=session).removeprefix("\ufeff"))))
    assert rows[0][:5] == ["id", "name", "slug", "price", "discount_price"] and rows[0][-2:] == [
        "description",
        "attributes",
    ]
    assert rows[1][1:5] == ["'=HYPERLINK(1)", rows[1][2], "10.00", "9.50"]


def test_staff_cart_summaries_cost_the_same_queries_for_any_number_of_carts(session: Session) -> None:
    product = create_product(session=session, data=ProductInput(name="Чайник", price="1000", stock=50))
    session.commit()

    def statements_for_a_page() -> int:
        count = [0]

        def counted(*_args: object) -> None:
            count[0] += 1

        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", counted)
        try:
            _total, summaries = cart_summaries(session=session, offset=0, limit=50)
        finally:
            event.remove(engine, "before_cursor_execute", counted)
        assert all(s.totals.items_count == 2 for s in summaries if s.cart.user_id is not None)
        return count[0]

    def shopper_with_two() -> None:
        user = make_user(session)
        add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id or 0, quantity=2)
        session.commit()

    shopper_with_two()
    few = statements_for_a_page()
    for _ in range(5):
        shopper_with_two()
    assert statements_for_a_page() == few


def test_one_way_to_write_a_persons_name() -> None:
    assert full_name("Полина", "Кузнецова") == "Полина Кузнецова"
    assert full_name("Полина", "Кузнецова", "Сергеевна", formal=True) == "Кузнецова Полина Сергеевна"
    assert full_name(" ", "Кузнецова") == "Кузнецова"
    assert greeting_name("", "polina") == "polina" and greeting_name("Полина", "polina") == "Полина"
