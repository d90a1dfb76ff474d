"""Mails the tests queue: realistic contexts for each template, committed like a user action would."""

from __future__ import annotations

from store_app.core.db import session_scope
from store_app.mail.models import MailMessage
from store_app.mail.service import queue_mail

ACTIVATION_TOKEN = "tok-Zq8vN3xK1pW7rT5yB2mH"
ACTIVATION_URL = f"http://localhost:3000/activate?token={ACTIVATION_TOKEN}&lang=ru"

CONTEXTS: dict[str, dict[str, object]] = {
    "activation": {"first_name": "Анна", "activation_url": ACTIVATION_URL, "expires_hours": 72},
    "password_reset_code": {"first_name": "Анна", "code": "493027", "expires_minutes": 10},
    "password_changed": {
        "first_name": "Анна",
        "changed_at": "22.11.2026 18:30 UTC",
        "support_email": "help@volt-shop.example",
    },
    "registration_attempt": {"first_name": "Анна", "login_url": "http://localhost:3000/login"},
    "email_change_confirm": {
        "first_name": "Анна",
        "confirm_url": "http://localhost:3000/email-change/abc123",
        "expires_hours": 24,
    },
    "order_confirmation": {
        "first_name": "Анна",
        "order_number": "V-10042",
        "lines": [
            {"name": "Смартфон Nova 12", "quantity": "1", "price": "39 990 ₽", "total": "39 990 ₽"},
            {"name": "Чехол <прозрачный>", "quantity": "2", "price": "990 ₽", "total": "1 980 ₽"},
        ],
        "total": "41 970 ₽",
        "delivery_address": "Москва, ул. Тверская, д. 7, кв. 12",
    },
    "order_status": {
        "first_name": "Анна",
        "order_number": "V-10042",
        "status": "shipped",
        "total": "41 970 ₽",
        "delivery_address": "Москва, ул. Тверская, д. 7, кв. 12",
        "support_email": "help@volt-shop.example",
    },
    "back_in_stock": {
        "first_name": "Анна",
        "product_name": "Наушники <Pulse> Pro",
        "price": "9 990,00 ₽",
        "product_url": "http://localhost:3000/product/naushniki-pulse-pro",
    },
}


def queue_committed(*, to: str, template: str = "activation", language: str | None = None) -> MailMessage:
    """Queue one mail in its own committed transaction, as a finished user action would."""
    with session_scope() as session:
        return queue_mail(session=session, to=to, template=template, context=CONTEXTS[template], language=language)


def reload(message_id: int | None) -> MailMessage:
    with session_scope() as session:
        found = session.get(MailMessage, message_id)
        assert found is not None
        return found
