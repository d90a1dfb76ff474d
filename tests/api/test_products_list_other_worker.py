"""The REST list this worker answers from its facet index and its kept per-product JSON shows every
write another worker process commits, through each door that writes the catalog or its stock: the
admin form, a REST PATCH, a CSV import, an order and its cancelling, category tree edits and attribute
edits. After each (more than the answers' age limit after this worker last read a row), at once and
once the index is rebuilt, the bodies built here (rows kept or made anew) are byte for byte the SQL
path's, on the same SQLite file and on PostgreSQL. The writer is a real second process (its own
engine, its own hooks: nothing of its commits runs in this one)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.api import product_rows
from store_app.api import products as products_api
from store_app.api.answer_cache import ANSWER_MAX_AGE
from store_app.api.app import build_api
from store_app.catalog.facet_index.keeper import current_index, keep_index, stop_keeping
from tests.api.test_products_list_body import _catalog
from tests.api.test_products_list_index import shop  # noqa: F401 - the fixture
from tests.utils.factories import PASSWORD, make_shopper, make_user

REPO = Path(__file__).resolve().parents[2]

QUERIES = [
    "",
    "size=1&page=2",
    "sort=price",
    "sort=-price&size=2",
    "sort=new&size=2&page=2",
    "category=phones",
    "category=phones&sort=-price",
    "category=sale",
    "min=1000&max=1001.50",
    "f.brand=Apple",
    "sort=name",  # SQL either way
]

# The other worker: one write per line read (a door's own code on its own engine), "ok" when committed.
OTHER_WORKER = r"""
import csv, io, json, sys
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from store_app.admin.import_service import apply_import, preview_import
from store_app.admin.products_form import load_draft, save_product
from store_app.api.app import build_api
from store_app.catalog.attribute_models import Attribute, AttributeKind
from store_app.catalog.attributes import AttributeInput, delete_attribute, update_attribute
from store_app.catalog.category_service import delete_category, update_category
from store_app.catalog.export import csv_header, csv_rows
from store_app.catalog.models import Category, Product
from store_app.catalog.service import SYSTEM
from store_app.cart.service import CartOwner, add_to_cart
from store_app.core.db import get_engine
from store_app.orders.contact import OrderContact
from store_app.orders.service import place_order
from store_app.orders.status import cancel_order

staff_id, staff_login, shopper_id, password = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
engine = get_engine()
client = TestClient(build_api())
token = client.post("/api/v1/auth/login", json={"username": staff_login, "password": password}).json()["access"]
staff = {"Authorization": f"Bearer {token}"}
order_id = 0


def product(session, name):
    return session.exec(select(Product).where(Product.name == name)).one()


def category(session, slug):
    return session.exec(select(Category).where(Category.slug == slug)).one()


def attribute(session, code):
    return session.exec(select(Attribute).where(Attribute.code == code)).one()


for line in sys.stdin:
    step = line.strip()
    with Session(engine, expire_on_commit=False) as session:
        if step == "admin form":  # a new price and name
            found = product(session, "Смартфон iPhone")
            draft = load_draft(session=session, product_id=found.id)
            form = {"name": "Смартфон iPhone 16", "price": "1500.00", "discount_price": "", "stock": draft.stock,
                    "image": draft.image, "description": draft.description, "is_active": "on"}
            form |= {f"category-{c}": "on" for c in draft.category_ids}
            form |= {f"attr-{a.code}": a.value for a in draft.attributes}
            save_product(session=session, user_id=staff_id, ip="", product_id=found.id, form_data=form)
        elif step == "REST PATCH":  # a discount and a specification
            found = product(session, "Смартфон «Galaxy» 6.6″")
            body = {"discount_price": "700.00", "attributes": {"brand": "Apple"}}
            answer = client.patch(f"/api/v1/products/{found.id}", json=body, headers=staff)
            assert answer.status_code == 200, answer.text
        elif step == "CSV import":  # the kettle's price and stock, and into the sale
            found = product(session, 'Чайник "Redmond"\\1')
            exported = csv_header() + csv_rows(session=session, products=[found])
            rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
            rows[0] |= {"price": "1234.50", "stock": "7", "category_ids": str(category(session, "sale").id)}
            written = io.StringIO()
            writer = csv.DictWriter(written, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            text = written.getvalue()
            preview = preview_import(session=session, text=text)
            assert preview.good and not preview.bad, preview
            apply_import(session=session, rows=preview.good, actor=SYSTEM)
        elif step == "order":
            found = product(session, "Смартфон iPhone 16")
            add_to_cart(session=session, owner=CartOwner(user_id=shopper_id), product_id=found.id, quantity=2)
            contact = OrderContact(name="Анна", phone="+79161234567", address="Москва")
            order_id = place_order(session=session, user_id=shopper_id, contact=contact).id
        elif step == "cancelled order":
            cancel_order(session=session, user_id=shopper_id, order_id=order_id)
        elif step == "deactivated":
            found = product(session, "Смартфон iPhone 16")
            answer = client.patch(f"/api/v1/products/{found.id}", json={"is_active": False}, headers=staff)
            assert answer.status_code == 200, answer.text
        elif step == "category moved":
            update_category(session=session, category_id=category(session, "sale").id,
                            changes={"parent_id": category(session, "phones").id})
        elif step == "attribute renamed":
            brand = attribute(session, "brand")
            data = AttributeInput(code="maker", name=brand.name, kind=AttributeKind.CHOICE, choices=brand.choices)
            update_attribute(session=session, attribute_id=brand.id, data=data, actor=SYSTEM)
        elif step == "attribute deleted":
            delete_attribute(session=session, attribute_id=attribute(session, "screen").id, actor=SYSTEM)
        elif step == "category deleted":
            delete_category(session=session, category_id=category(session, "sale").id)
        else:
            raise SystemExit(f"unknown step {step!r}")
        session.commit()
    print("ok", flush=True)
"""

STEPS = [
    "admin form",
    "REST PATCH",
    "CSV import",
    "order",
    "cancelled order",
    "deactivated",
    "category moved",
    "attribute renamed",
    "attribute deleted",
    "category deleted",
]


def _wait_for_the_index(engine: Engine) -> None:
    deadline = time.monotonic() + 60
    while True:
        thread = keep_index(engine)
        if thread is not None:
            thread.join()
        with Session(engine) as session:
            if current_index(session) is not None:
                return
        assert time.monotonic() < deadline, "the facet index was not rebuilt"
        time.sleep(0.05)


def _bodies(client: TestClient) -> list[bytes]:
    bodies = []
    for query in QUERIES:
        products_api._answers.clear()  # the second's kept answer is not what is looked at
        response = client.get(f"/api/v1/products?{query}")
        assert response.status_code == 200, (query, response.text)
        bodies.append(response.content)
    return bodies


@pytest.fixture
def other_worker(shop: Engine) -> Iterator[subprocess.Popen[str]]:  # noqa: F811 - the fixture above
    with Session(shop, expire_on_commit=False) as session:
        _catalog(session)
        staff = make_shopper(session, login="boss")
        staff.is_staff = True
        session.add(staff)
        session.commit()
        shopper = make_user(session)
        ids = (str(staff.id), staff.login, str(shopper.id))

    worker = subprocess.Popen(
        [sys.executable, "-c", OTHER_WORKER, *ids, PASSWORD],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield worker
    finally:
        if worker.stdin:
            worker.stdin.close()
        worker.wait(timeout=60)


def _write(worker: subprocess.Popen[str], step: str) -> None:
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(step + "\n")
    worker.stdin.flush()
    assert worker.stdout.readline().strip() == "ok", f"the other worker failed at {step!r}"


def test_every_write_of_another_worker_shows_in_the_list_from_the_index(
    shop: Engine,  # noqa: F811 - the fixture above
    other_worker: subprocess.Popen[str],
) -> None:
    with TestClient(build_api()) as client:
        _wait_for_the_index(shop)
        product_rows.forget_kept()
        before = _bodies(client)
        last_read = time.monotonic()
        seen: dict[str, list[bytes]] = {}
        for step in STEPS:
            # A row read with the version less than the answers' age ago may still be joined unread: not here.
            time.sleep(max(0.0, last_read + ANSWER_MAX_AGE - time.monotonic()))
            _write(other_worker, step)
            at_once = _bodies(client)  # the index older than the database: SQL, while it is rebuilt
            _wait_for_the_index(shop)
            indexed = _bodies(client)  # the products' JSON kept before the write where the version allows
            kept = _bodies(client)  # every row kept now
            last_read = time.monotonic()
            stop_keeping(shop)
            by_sql = _bodies(client)
            _wait_for_the_index(shop)  # kept again before the next write, as every worker keeps one
            for query, *answers in zip(QUERIES, at_once, indexed, kept, by_sql, strict=True):
                assert len(set(answers)) == 1, (step, query)
            assert by_sql != before, f"{step}: nothing changed"  # the write is there to see
            before = seen[step] = by_sql
    shown = json.loads(before[0])
    assert "Смартфон iPhone 16" not in {row["name"] for row in shown["results"]}  # deactivated
    galaxy = next(row for row in shown["results"] if row["name"].startswith("Смартфон «Galaxy»"))
    assert (galaxy["discount_price"], galaxy["attributes"]) == ("700.00", {"maker": "Apple"})
    kettle = next(row for row in shown["results"] if row["name"].startswith("Чайник"))
    assert (kettle["price"], kettle["stock"]) == ("1234.50", 7)
    assert kettle["category_ids"] == []  # its one category deleted
    phones = QUERIES.index("category=phones")
    in_phones = {step: {row["id"] for row in json.loads(seen[step][phones])["results"]} for step in seen}
    assert kettle["id"] not in in_phones["CSV import"] and kettle["id"] not in in_phones["category deleted"]
    assert kettle["id"] in in_phones["category moved"]  # the sale under the phones
