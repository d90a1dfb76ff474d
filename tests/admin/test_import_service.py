"""Product CSV import (SPEC D3): the preview checks every row and writes nothing; applying writes the good rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, func, select

from store_app.admin.import_service import ImportRefused, apply_import, preview_import
from store_app.audit.models import HistoryEvent
from store_app.catalog.models import Product
from store_app.catalog.service import Actor
from tests.catalog.picture_doors import check_replaced_main_picture
from tests.utils.factories import make_product


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Product)).one()


def test_preview_lists_bad_rows_with_reasons_and_writes_nothing(session: Session) -> None:
    text = (
        "name,price,stock,discount_price\n"
        "Кабель USB-C,990.00,5,\n"
        ",100,1,\n"
        "Зарядка,дорого,1,\n"
        "Наушники,1000,2,1500\n"
        "Адаптер,250,-1,\n"
    )
    preview = preview_import(session=session, text=text)
    assert [row.line for row in preview.good] == [2]
    assert [row.line for row in preview.bad] == [3, 4, 5, 6]
    assert preview.bad[1].reason.startswith("price:")
    assert preview.bad[2].reason.startswith("discount_price:")
    assert preview.bad[3].reason.startswith("stock:")
    assert _count(session) == 0


def test_applying_creates_and_updates_only_the_given_columns(session: Session) -> None:
    existing = make_product(session, name="Старый", price="100.00", stock=1)
    existing.description = "остаётся"
    session.commit()
    text = f'id,name,price,stock\n{existing.id},Старый,120.50,7\n,Новый,"1 999,90",3\n'
    seen: list[int] = []
    preview = preview_import(session=session, text=text, progress=seen.append)
    assert preview.bad == [] and seen == [1, 2]

    written = apply_import(session=session, rows=preview.good, actor=Actor(user_id=None, label="boss"))
    session.commit()

    assert written == 2
    session.refresh(existing)
    assert (existing.price, existing.stock, existing.description) == (Decimal("120.50"), 7, "остаётся")
    new = session.exec(select(Product).where(Product.name == "Новый")).one()
    assert (new.price, new.stock) == (Decimal("1999.90"), 3)
    kinds = sorted(e.kind for e in session.exec(select(HistoryEvent)) if e.actor_label == "boss")
    assert kinds == ["product.changed", "product.created"]


def test_unknown_id_and_a_slug_twice_in_the_file_are_bad_rows(session: Session) -> None:
    text = "id,name,price,slug\n999,Нет такого,10,\n,Первый,10,same-slug\n,Второй,10,same-slug\n"
    preview = preview_import(session=session, text=text)
    assert [row.line for row in preview.good] == [3]
    assert [row.line for row in preview.bad] == [2, 4]


def test_a_file_without_the_needed_columns_is_refused(session: Session) -> None:
    with pytest.raises(ImportRefused):
        preview_import(session=session, text="title;cost\nx;1\n")


def test_the_preview_names_new_products_and_lists_each_changed_field(session: Session) -> None:
    existing = make_product(session, name="Кабель", price="100.00", stock=1)
    session.commit()
    slug = existing.slug
    text = f"id,name,slug,price,stock\n{existing.id},Кабель,{slug},120.50,1\n,Новый кабель,,99,3\n"
    preview = preview_import(session=session, text=text)
    update, create = preview.good
    assert [(c.field, c.old, c.new) for c in update.changes] == [("price", "100.00", "120.50")]
    assert (update.product_id, update.name) == (existing.id, "Кабель")
    assert (create.product_id, create.name, create.changes) == (None, "Новый кабель", ())


def test_an_update_without_a_slug_column_keeps_the_products_slug(session: Session) -> None:
    existing = make_product(session, name="Кабель", price="100.00", stock=1)
    session.commit()
    slug = existing.slug
    preview = preview_import(session=session, text=f"id,name,price\n{existing.id},Новое имя,100.00\n")
    assert [(c.field, c.new) for c in preview.good[0].changes] == [("name", "Новое имя")]
    apply_import(session=session, rows=preview.good, actor=Actor(user_id=None, label="boss"))
    session.commit()
    session.refresh(existing)
    assert (existing.name, existing.slug) == ("Новое имя", slug)


def test_a_main_picture_replaced_by_an_import_goes_unless_another_product_names_it(session: Session) -> None:
    def show(product_id: int, image: str) -> None:
        name = session.get(Product, product_id).name  # type: ignore[union-attr]
        preview = preview_import(session=session, text=f"id,name,price,image\n{product_id},{name},1000.00,{image}\n")
        assert preview.bad == [] and [change.field for change in preview.good[0].changes] == ["image"]
        apply_import(session=session, rows=preview.good, actor=Actor(user_id=None, label="boss"))
        session.commit()

    check_replaced_main_picture(session, show)
