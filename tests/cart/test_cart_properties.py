"""Properties that hold for any cart: exact totals, and quantities always within 1..stock."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from store_app.cart.service import CartOwner, add_to_cart, clear_cart, get_cart, set_quantity
from store_app.cart.totals import PricedLine, check_quantity, compute_totals
from store_app.core.errors import DomainError
from tests.utils.factories import make_product, make_user

CENTS = st.integers(min_value=1, max_value=10_000_000)  # 0.01 .. 100 000.00


@st.composite
def priced_lines(draw: st.DrawFn) -> PricedLine:
    regular = draw(CENTS)
    discounted = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=max(1, regular - 1))))
    paid = regular if discounted is None or discounted >= regular else discounted
    return PricedLine(
        unit_price=Decimal(paid) / 100,
        regular_price=Decimal(regular) / 100,
        quantity=draw(st.integers(min_value=1, max_value=99)),
    )


@given(st.lists(priced_lines(), max_size=30))
def test_totals_are_exact_sums_and_savings_never_negative(lines: list[PricedLine]) -> None:
    totals = compute_totals(lines)
    assert totals.total == sum((line.unit_price * line.quantity for line in lines), Decimal(0))
    assert totals.subtotal == sum((line.regular_price * line.quantity for line in lines), Decimal(0))
    assert totals.savings == totals.subtotal - totals.total
    assert totals.savings >= 0
    assert totals.items_count == sum(line.quantity for line in lines)
    for amount in (totals.total, totals.subtotal, totals.savings):
        assert isinstance(amount, Decimal)
        assert amount == amount.quantize(Decimal("0.01"))  # whole cents, nothing lost to floats


@given(quantity=st.integers(-5, 30), stock=st.integers(0, 20), in_cart=st.integers(0, 20))
def test_quantity_rule_accepts_exactly_one_to_stock(quantity: int, stock: int, in_cart: int) -> None:
    allowed = quantity >= 1 and in_cart + quantity <= stock
    try:
        check_quantity(quantity=quantity, stock=stock, name="x", in_cart=in_cart)
    except DomainError as error:
        assert not allowed
        assert error.message
    else:
        assert allowed


operations = st.lists(
    st.tuples(st.sampled_from(["add", "set"]), st.integers(min_value=-2, max_value=12)), min_size=1, max_size=12
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stock=st.integers(min_value=0, max_value=8), ops=operations)
def test_cart_quantity_always_stays_within_one_and_stock(session: Session, stock: int, ops: list) -> None:
    owner = CartOwner(user_id=make_user(session).id)
    product = make_product(session, stock=stock)
    for action, quantity in ops:
        before = get_cart(session=session, owner=owner).totals.items_count
        try:
            if action == "add":
                add_to_cart(session=session, owner=owner, product_id=product.id, quantity=quantity)
            else:
                set_quantity(session=session, owner=owner, product_id=product.id, quantity=quantity)
        except DomainError:
            assert get_cart(session=session, owner=owner).totals.items_count == before  # refused: nothing changed
        lines = get_cart(session=session, owner=owner).lines
        assert all(1 <= line.quantity <= stock for line in lines)
    clear_cart(session=session, owner=owner)
    session.commit()
