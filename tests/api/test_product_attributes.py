"""Specifications over HTTP and CSV: the API returns and filters them, staff write them with errors by
field (nothing half-written), the CSV export carries them and the import reads them back."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.admin.import_service import apply_import, preview_import
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute, product_values
from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.service import SYSTEM, Actor, ProductInput, create_product


def _shop(session: Session) -> tuple[int, int]:
    phones = create_category(session=session, data=CategoryInput(name="Телефоны", slug="phones"))
    brand = AttributeInput(code="brand", name="Бренд", kind=AttributeKind.CHOICE, choices="Apple\nSamsung")
    screen = AttributeInput(code="screen", name="Экран", kind=AttributeKind.NUMBER, unit="″", category_id=phones.id)
    create_attribute(session=session, data=brand, actor=SYSTEM)
    create_attribute(session=session, data=screen, actor=SYSTEM)
    ids = []
    for name, brand_name, size in (("iPhone", "Apple", "6.1"), ("Galaxy", "Samsung", "6.6")):
        product = create_product(
            session=session,
            data=ProductInput(
                name=f"Смартфон {name}",
                price="1000",
                category_ids=[phones.id or 0],
                attributes={"brand": brand_name, "screen": size},
            ),
        )
        ids.append(product.id or 0)
    session.commit()
    return ids[0], ids[1]


def test_the_list_returns_and_filters_specifications(client: TestClient, session: Session) -> None:
    _shop(session)
    found = client.get("/api/v1/products", params={"f.brand": "Samsung"}).json()
    assert [item["name"] for item in found["results"]] == ["Смартфон Galaxy"]
    assert found["results"][0]["attributes"] == {"brand": "Samsung", "screen": "6.6"}
    ranged = client.get("/api/v1/products", params={"f.screen": "..6.3", "category": "phones"}).json()
    assert [item["name"] for item in ranged["results"]] == ["Смартфон iPhone"]
    assert (
        "f.screen=..6.3" in client.get("/api/v1/products", params={"f.screen": "..6.3", "size": 1}).url.query.decode()
    )


def test_staff_write_specifications_with_errors_by_field(
    client: TestClient, session: Session, staff_headers: dict[str, str]
) -> None:
    iphone, _ = _shop(session)
    bad = client.patch(
        f"/api/v1/products/{iphone}",
        json={"name": "Переименован", "attributes": {"screen": "большой", "brand": "Nokia"}},
        headers=staff_headers,
    )
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"attributes.screen", "attributes.brand"}
    session.expire_all()
    assert product_values(session, iphone) == {"brand": "Apple", "screen": "6.1"}  # nothing half-written
    good = client.patch(f"/api/v1/products/{iphone}", json={"attributes": {"screen": "6,7"}}, headers=staff_headers)
    assert good.status_code == 200 and good.json()["attributes"] == {"brand": "Apple", "screen": "6.7"}


def test_csv_export_carries_specifications_and_the_import_reads_them_back(
    client: TestClient, session: Session, staff_headers: dict[str, str]
) -> None:
    iphone, _ = _shop(session)
    response = client.get("/api/v1/products/export.csv", headers=staff_headers)
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    header = rows[0]
    cell = next(row for row in rows if row[0] == str(iphone))[header.index("attributes")]
    assert cell.splitlines() == ["brand=Apple", "screen=6.1"]
    text = f'id,name,price,attributes\n{iphone},Смартфон iPhone,1000,"screen=6.3\nbrand="\n'
    preview = preview_import(session=session, text=text)
    assert preview.bad == []
    change = next(c for c in preview.good[0].changes if c.field == "attributes")
    assert (change.old, change.new) == ("brand=Apple\nscreen=6.1", "screen=6.3")
    apply_import(session=session, rows=preview.good, actor=Actor(label="boss"))
    session.commit()
    assert product_values(session, iphone) == {"screen": "6.3"}
    wrong = preview_import(session=session, text=f'id,name,price,attributes\n{iphone},X,1000,"screen=много"\n')
    assert wrong.bad and wrong.bad[0].reason.startswith("attributes.screen:")
