"""The product list's body, written without a model object per row, is byte for byte the JSON of the
declared `ProductListOut` model validated from each product's own detail answer (real SQLite)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.api.products import ProductListOut, ProductOut
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute
from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.service import SYSTEM, ProductInput, create_product


def _catalog(session: Session) -> None:
    phones = create_category(session=session, data=CategoryInput(name="Телефоны", slug="phones"))
    sale = create_category(session=session, data=CategoryInput(name="Распродажа", slug="sale"))
    brand = AttributeInput(code="brand", name="Бренд", kind=AttributeKind.CHOICE, choices="Apple\nSamsung")
    screen = AttributeInput(code="screen", name="Экран", kind=AttributeKind.NUMBER, unit="″", category_id=phones.id)
    create_attribute(session=session, data=brand, actor=SYSTEM)
    create_attribute(session=session, data=screen, actor=SYSTEM)
    for n, (name, discount, categories, values) in enumerate(
        (
            ("Смартфон «Galaxy» 6.6″", "899.5", [phones.id, sale.id], {"screen": "6.6", "brand": "Samsung"}),
            ('Чайник "Redmond"\\1', None, [], {}),
            ("Смартфон iPhone", None, [phones.id], {"brand": "Apple"}),
            ("Смартфон снятый", None, [phones.id], {}),
        )
    ):
        create_product(
            session=session,
            data=ProductInput(
                name=name,
                price=f"{1000 + n}.00",
                discount_price=discount,
                stock=n,
                description=f"Описание {n}\nвторая строка",
                category_ids=[category for category in categories if category is not None],
                attributes=values,
                is_active=n != 3,
            ),
        )
    session.commit()


def test_the_list_body_is_the_declared_models_json(client: TestClient, session: Session) -> None:
    _catalog(session)
    for params in ({"size": "2", "page": "1"}, {"size": "2", "page": "2"}, {"sort": "price", "size": "5"}):
        response = client.get("/api/v1/products", params=params)
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        listed = response.json()
        assert listed["count"] == 3 and listed["results"]
        details = [client.get(f"/api/v1/products/{row['slug']}") for row in listed["results"]]
        assert all(detail.status_code == 200 for detail in details)
        expected = ProductListOut(
            count=listed["count"],
            next=listed["next"],
            previous=listed["previous"],
            results=[ProductOut.model_validate_json(detail.content) for detail in details],
        )
        assert response.content == expected.model_dump_json().encode()
    galaxy = client.get("/api/v1/products", params={"sort": "-price", "size": "1", "page": "3"}).json()["results"]
    assert [(row["price"], row["discount_price"], row["attributes"]) for row in galaxy] == [
        ("1000.00", "899.50", {"brand": "Samsung", "screen": "6.6"})
    ]
