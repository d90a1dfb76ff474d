"""F2 and F6 over HTTP: the product list with the catalog's filters and page links, detail, staff
writes through the catalog service, the category tree, and the CSV export."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.service import ProductInput, create_product
from store_app.core.file_names import dated_file_name
from tests.catalog.picture_doors import check_replaced_main_picture
from tests.utils.factories import make_product


def _catalog(session: Session) -> int:
    phones = create_category(session=session, data=CategoryInput(name="Телефоны", slug="phones"))
    for number in range(5):
        create_product(
            session=session,
            data=ProductInput(
                name=f"Смартфон {number}", price=f"{1000 + number}.50", stock=number, category_ids=[phones.id]
            ),
        )
    create_product(session=session, data=ProductInput(name="Чайник", price="990"))
    session.commit()
    return phones.id or 0


def test_list_is_paginated_with_links_and_exact_money(client: TestClient, session: Session) -> None:
    _catalog(session)
    first = client.get("/api/v1/products", params={"size": 2, "sort": "price"}).json()
    assert first["count"] == 6 and first["previous"] is None
    assert [item["price"] for item in first["results"]] == ["990.00", "1000.50"]
    second = client.get(first["next"]).json()
    assert second["previous"] is not None and "page=2" in first["next"]
    assert [item["price"] for item in second["results"]] == ["1001.50", "1002.50"]


def test_list_uses_the_catalog_filters(client: TestClient, session: Session) -> None:
    _catalog(session)
    phones = client.get("/api/v1/products", params={"category": "phones", "stock": "1", "min": "1001"}).json()
    assert phones["count"] == 4
    assert client.get("/api/v1/products", params={"q": "чайн"}).json()["count"] == 1
    junk = client.get("/api/v1/products", params={"page": "x", "size": "-3", "min": "abc", "sort": "?"})
    assert junk.status_code == 200


def test_detail_by_slug_and_404(client: TestClient, session: Session) -> None:
    product = make_product(session, slug="kettle", discount="800.00", price="999.99")
    body = client.get("/api/v1/products/kettle").json()
    assert body["id"] == product.id and body["discount_price"] == "800.00" and body["price"] == "999.99"
    missing = client.get("/api/v1/products/nope")
    assert missing.status_code == 404 and set(missing.json()) == {"detail", "errors"}


def test_inactive_product_is_hidden_from_shoppers_but_not_staff(
    client: TestClient, session: Session, staff_headers: dict[str, str]
) -> None:
    make_product(session, slug="hidden", active=False)
    assert client.get("/api/v1/products/hidden").status_code == 404
    assert client.get("/api/v1/products/hidden", headers=staff_headers).status_code == 200


def test_writes_need_staff(client: TestClient, session: Session, shopper_headers: dict[str, str]) -> None:
    product = make_product(session)
    body = {"name": "Новый", "price": "10"}
    assert client.post("/api/v1/products", json=body).status_code == 401
    assert client.post("/api/v1/products", json=body, headers=shopper_headers).status_code == 403
    assert client.patch(f"/api/v1/products/{product.id}", json=body, headers=shopper_headers).status_code == 403
    assert client.delete(f"/api/v1/products/{product.id}", headers=shopper_headers).status_code == 403


def test_staff_create_update_delete(client: TestClient, session: Session, staff_headers: dict[str, str]) -> None:
    category_id = _catalog(session)
    created = client.post(
        "/api/v1/products",
        json={"name": "Наушники Sony", "price": 4990.5, "stock": 3, "category_ids": [category_id]},
        headers=staff_headers,
    )
    assert created.status_code == 201, created.text
    product = created.json()
    assert product["price"] == "4990.50" and product["slug"] and product["category_ids"] == [category_id]
    # The listing tables were maintained by the service: the product is found by category and by word.
    assert client.get("/api/v1/products", params={"category": "phones", "q": "науш"}).json()["count"] == 1
    changed = client.patch(
        f"/api/v1/products/{product['id']}", json={"discount_price": "3990", "name": None}, headers=staff_headers
    )
    assert changed.status_code == 200 and changed.json()["discount_price"] == "3990.00"
    assert changed.json()["name"] == "Наушники Sony"
    assert client.delete(f"/api/v1/products/{product['id']}", headers=staff_headers).status_code == 204
    assert client.delete(f"/api/v1/products/{product['id']}", headers=staff_headers).status_code == 404


def test_invalid_product_is_422_by_field(client: TestClient, staff_headers: dict[str, str]) -> None:
    response = client.post("/api/v1/products", json={"name": "", "price": "abc", "stock": -1}, headers=staff_headers)
    assert response.status_code == 422
    assert {"name", "price", "stock"} <= set(response.json()["errors"])
    bad_type = client.post("/api/v1/products", json={"name": "x", "price": {"a": 1}}, headers=staff_headers)
    assert bad_type.status_code == 422 and "price" in bad_type.json()["errors"]


def test_discount_above_price_is_422(client: TestClient, session: Session, staff_headers: dict[str, str]) -> None:
    product = make_product(session, price="100.00")
    response = client.patch(f"/api/v1/products/{product.id}", json={"discount_price": "150"}, headers=staff_headers)
    assert response.status_code == 422 and "discount_price" in response.json()["errors"]


def test_category_tree_and_staff_writes(client: TestClient, staff_headers: dict[str, str]) -> None:
    top = client.post("/api/v1/categories", json={"name": "Аудио"}, headers=staff_headers).json()
    child = client.post(
        "/api/v1/categories", json={"name": "Наушники", "parent_id": top["id"]}, headers=staff_headers
    ).json()
    tree = client.get("/api/v1/categories").json()
    assert tree[0]["children"][0]["id"] == child["id"]
    cycle = client.patch(f"/api/v1/categories/{top['id']}", json={"parent_id": child["id"]}, headers=staff_headers)
    assert cycle.status_code == 422 and "parent_id" in cycle.json()["errors"]
    assert client.delete(f"/api/v1/categories/{top['id']}", headers=staff_headers).status_code == 409
    renamed = client.patch(f"/api/v1/categories/{child['id']}", json={"name": "Плееры"}, headers=staff_headers)
    assert renamed.json()["name"] == "Плееры" and renamed.json()["parent_id"] == top["id"]
    assert client.delete(f"/api/v1/categories/{child['id']}", headers=staff_headers).status_code == 204


def test_a_categorys_english_name_is_read_and_written_beside_the_russian_one(
    client: TestClient, staff_headers: dict[str, str]
) -> None:
    made = client.post("/api/v1/categories", json={"name": "Аудио", "name_en": " Audio "}, headers=staff_headers)
    assert (made.json()["name"], made.json()["name_en"]) == ("Аудио", "Audio")
    # Both names whatever the reader's language: the client picks, as the shop's pages do.
    tree = client.get("/api/v1/categories", headers={"Accept-Language": "ru"}).json()
    assert (tree[0]["name"], tree[0]["name_en"]) == ("Аудио", "Audio")
    too_long = client.patch(
        f"/api/v1/categories/{made.json()['id']}", json={"name_en": "A" * 121}, headers=staff_headers
    )
    assert too_long.status_code == 422 and "name_en" in too_long.json()["errors"]
    cleared = client.patch(f"/api/v1/categories/{made.json()['id']}", json={"name_en": ""}, headers=staff_headers)
    assert (cleared.json()["name"], cleared.json()["name_en"]) == ("Аудио", "")


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_of_everything_for_staff(
    client: TestClient, session: Session, staff_headers: dict[str, str]
) -> None:
    _catalog(session)
    make_product(session, name="=HYPERLINK(1)", active=False)
    response = client.get("/api/v1/products/export.csv", headers=staff_headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="{dated_file_name("products")}"'
    rows = _rows(response)
    assert rows[0][:4] == ["id", "name", "slug", "price"]
    assert len(rows) == 8
    assert "Смартфон 0" in {row[1] for row in rows}
    assert "'=HYPERLINK(1)" in {row[1] for row in rows}


def test_csv_export_with_filters_and_staff_only(
    client: TestClient, session: Session, staff_headers: dict[str, str], shopper_headers: dict[str, str]
) -> None:
    _catalog(session)
    rows = _rows(client.get("/api/v1/products/export.csv", params={"category": "phones"}, headers=staff_headers))
    assert len(rows) == 6
    assert client.get("/api/v1/products/export.csv").status_code == 401
    assert client.get("/api/v1/products/export.csv", headers=shopper_headers).status_code == 403


def test_a_main_picture_replaced_through_the_api_goes_unless_another_product_names_it(
    client: TestClient, session: Session, staff_headers: dict[str, str]
) -> None:
    def show(product_id: int, image: str) -> None:
        response = client.patch(f"/api/v1/products/{product_id}", json={"image": image}, headers=staff_headers)
        assert response.status_code == 200 and response.json()["image"] == image, response.text

    check_replaced_main_picture(session, show)


def test_a_price_sent_as_a_json_number_is_read_as_written(client: TestClient, staff_headers: dict[str, str]) -> None:
    # 19.99 has no exact binary float: it must still be 19.99, and 12.345 refused as for the string form.
    exact = client.post("/api/v1/products", json={"name": "Кабель", "price": 19.99}, headers=staff_headers)
    assert exact.status_code == 201, exact.text
    assert exact.json()["price"] == "19.99"
    fraction = client.post("/api/v1/products", json={"name": "Кабель 2", "price": 12.345}, headers=staff_headers)
    assert fraction.status_code == 422 and "price" in fraction.json()["errors"]
