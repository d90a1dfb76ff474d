"""One audit actor for every door (issue 15): the admin pages and the REST API name the same staff member
the same way in the history, and category changes are written to it at all."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.admin.categories_form import remove_category, save_category
from store_app.admin.products_form import save_product
from store_app.audit.models import HistoryEvent
from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.models import Category


def _events(session: Session, prefix: str) -> list[HistoryEvent]:
    session.expire_all()
    query = select(HistoryEvent).where(col(HistoryEvent.kind).startswith(prefix)).order_by(col(HistoryEvent.id))
    return list(session.exec(query))


def test_a_product_added_on_the_admin_page_and_over_the_api_names_the_same_actor(
    client: TestClient, session: Session, staff: User, staff_headers: dict[str, str]
) -> None:
    response = client.post("/api/v1/products", json={"name": "Чайник", "price": "990.00"}, headers=staff_headers)
    assert response.status_code == 201, response.text
    save_product(
        session=session,
        user_id=staff.id or 0,
        ip="203.0.113.9",
        product_id=0,
        form_data={"name": "Тостер", "price": "1990", "stock": "3", "is_active": "on"},
    )
    session.commit()

    created = _events(session, "product.created")
    assert [(e.actor_id, e.actor_label) for e in created] == [(staff.id, "boss"), (staff.id, "boss")]
    assert created[1].ip == "203.0.113.9"


def test_category_changes_from_both_doors_are_in_the_history(
    client: TestClient, session: Session, staff: User, staff_headers: dict[str, str]
) -> None:
    phones = client.post("/api/v1/categories", json={"name": "Телефоны", "slug": "phones"}, headers=staff_headers)
    assert phones.status_code == 201, phones.text
    phone_id = phones.json()["id"]
    moved = client.patch(f"/api/v1/categories/{phone_id}", json={"position": 4}, headers=staff_headers)
    assert moved.status_code == 200 and moved.json()["name"] == "Телефоны"  # a partial update keeps the rest
    save_category(
        session=session,
        user_id=staff.id or 0,
        ip="203.0.113.9",
        category_id=phone_id,
        form_data={"name": "Смартфоны", "slug": "phones", "parent_id": "", "position": "4"},
    )
    session.commit()
    remove_category(session=session, user_id=staff.id or 0, ip="203.0.113.9", category_id=phone_id)
    session.commit()

    events = _events(session, "category.")
    assert [e.kind for e in events] == ["category.created", "category.changed", "category.changed", "category.deleted"]
    assert {(e.actor_id, e.actor_label, e.target) for e in events} == {(staff.id, "boss", f"category:{phone_id}")}
    assert [e.details.get("fields") for e in events[1:3]] == [["position"], ["name"]]


def test_the_admin_form_keeps_the_picture_it_does_not_show(session: Session, staff: User) -> None:
    shelf = create_category(session=session, data=CategoryInput(name="Полки", image="/catalog/shelf.webp"))
    session.commit()
    save_category(
        session=session,
        user_id=staff.id or 0,
        ip="",
        category_id=shelf.id or 0,
        form_data={"name": "Стеллажи", "slug": shelf.slug, "parent_id": "", "position": "0"},
    )
    session.commit()
    session.expire_all()
    stored = session.get(Category, shelf.id)
    assert stored is not None and (stored.name, stored.image) == ("Стеллажи", "/catalog/shelf.webp")


def test_a_staff_member_changing_a_profile_over_the_api_is_its_actor(
    client: TestClient, session: Session, staff: User, shopper: User, staff_headers: dict[str, str]
) -> None:
    response = client.patch(f"/api/v1/profiles/{shopper.id}", json={"patronymic": "Ивановна"}, headers=staff_headers)
    assert response.status_code == 200, response.text
    assert response.json()["first_name"] == "Анна"  # the fields not sent stay
    (event,) = _events(session, "profile changed")
    assert (event.actor_id, event.actor_label, event.target) == (staff.id, "boss", f"user:{shopper.id}")
