"""Account deletion (SPEC A8): history first, personal data gone, sessions ended, orders kept anonymised."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from store_app.accounts.models import Profile, User
from store_app.accounts.profile.avatar import avatar_folder, save_avatar
from store_app.accounts.profile.deletion_service import delete_account_by_admin, delete_own_account
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.service import start_session
from store_app.audit.service import list_events
from store_app.cart.models import Cart
from store_app.core.errors import Conflict, PermissionDenied, RateLimited, ValidationFailed
from store_app.core.i18n import t
from store_app.orders.models import Order
from tests.utils import images
from tests.utils.factories import PASSWORD, make_shopper

IP = "203.0.113.20"


def _order(session: Session, user: User, status: str) -> Order:
    order = Order(
        number=f"A-{user.id}-{status}",
        user_id=user.id,
        contact_name="Анна Смирнова",
        phone="+79161234567",
        delivery_address="Москва, ул. Тверская, д. 1",
        status=status,
        subtotal=Decimal("1000.00"),
        savings=Decimal("0.00"),
        total=Decimal("1000.00"),
    )
    session.add(order)
    session.commit()
    return order


def test_deleting_removes_personal_data_and_keeps_orders_anonymised(session: Session) -> None:
    user = make_shopper(session)
    user_id = user.id
    save_avatar(session=session, user_id=user_id, filename="me.png", data=images.picture("PNG"))
    start_session(session=session, user_id=user_id, ip="10.0.0.1", user_agent="Firefox")
    session.commit()
    delivered = _order(session, user, "delivered")
    cancelled = _order(session, user, "cancelled")

    delete_own_account(session=session, user_id=user_id, password=PASSWORD, ip=IP)
    session.commit()

    session.expire_all()
    assert session.get(User, user_id) is None
    assert session.get(Profile, user_id) is None
    assert session.exec(select(Cart).where(Cart.user_id == user_id)).all() == []
    assert session.exec(select(LoginSession).where(LoginSession.user_id == user_id)).all() == []
    assert list(avatar_folder().iterdir()) == []
    for order_id in (delivered.id, cancelled.id):
        order = session.get(Order, order_id)
        assert order.user_id is None
        assert (order.contact_name, order.phone, order.delivery_address) == (t("deletion.anonymous_customer"), "", "")
        assert order.total == Decimal("1000.00")
    [event] = list_events(session=session, kind="account deleted")
    assert (event.actor_id, event.target, event.ip, event.details) == (user_id, f"user:{user_id}", IP, {"by": "self"})
    assert user.email not in str(event.details)


def test_the_history_record_is_written_before_the_data_goes(session: Session) -> None:
    user = make_shopper(session)
    delete_own_account(session=session, user_id=user.id, password=PASSWORD, ip=IP)
    kinds = [event.kind for event in list_events(session=session)]
    assert kinds[0] == "account deleted"
    session.rollback()
    assert session.get(User, user.id) is not None, "a failed transaction deletes nothing"
    assert list_events(session=session, kind="account deleted") == []


def test_a_wrong_password_deletes_nothing_and_is_limited(session: Session) -> None:
    user = make_shopper(session)
    for _ in range(5):
        with pytest.raises(ValidationFailed) as caught:
            delete_own_account(session=session, user_id=user.id, password="guess", ip=IP)
        assert caught.value.errors == {"password": [t("deletion.error.password_wrong")]}
        session.rollback()
    with pytest.raises(RateLimited):
        delete_own_account(session=session, user_id=user.id, password=PASSWORD, ip=IP)
    session.rollback()
    assert session.get(User, user.id) is not None


def test_orders_still_on_their_way_block_the_deletion(session: Session) -> None:
    user = make_shopper(session)
    _order(session, user, "shipped")
    with pytest.raises(Conflict) as caught:
        delete_own_account(session=session, user_id=user.id, password=PASSWORD, ip=IP)
    assert caught.value.message == t("deletion.error.open_orders", count=1)
    session.rollback()
    assert session.get(User, user.id) is not None


def test_an_admin_deletes_an_account_and_the_history_names_the_admin(session: Session) -> None:
    admin = make_shopper(session, login="boss")
    admin.is_staff = True
    session.add(admin)
    user = make_shopper(session)
    session.commit()
    delete_account_by_admin(session=session, user_id=user.id, admin_id=admin.id, ip=IP)
    session.commit()
    assert session.get(User, user.id) is None
    [event] = list_events(session=session, kind="account deleted")
    assert (event.actor_id, event.actor_label, event.target) == (admin.id, "boss", f"user:{user.id}")
    assert event.details == {"by": "admin"}


def test_a_shopper_cannot_delete_someone_else(session: Session) -> None:
    mallory, victim = make_shopper(session), make_shopper(session)
    with pytest.raises(PermissionDenied):
        delete_account_by_admin(session=session, user_id=victim.id, admin_id=mallory.id, ip=IP)
    assert session.get(User, victim.id) is not None
