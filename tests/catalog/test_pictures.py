"""Product pictures: uploads re-encoded like avatars into a gallery with one main picture (Product.image),
hostile files store nothing, removed files go when the transaction commits, and the route serves them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session

from store_app.catalog.models import Product
from store_app.catalog.picture_routes import router
from store_app.catalog.pictures import (
    MAX_PICTURES,
    PICTURE_SIDE,
    PictureRejected,
    add_pictures,
    gallery,
    gallery_paths,
    make_main,
    picture_folder,
    remove_picture,
)
from store_app.catalog.service import SYSTEM
from tests.catalog.conftest import add_product
from tests.utils import images


def _files() -> list[Path]:
    folder = picture_folder()
    return sorted(folder.iterdir()) if folder.exists() else []


def test_uploads_are_reencoded_into_the_gallery_and_the_first_is_main(session: Session) -> None:
    product = add_product(session, "Смартфон", 1000)
    big = images.picture("JPEG", size=(3000, 1500), exif_note="GPS 55.7")
    paths = add_pictures(
        session=session,
        product_id=product.id or 0,
        uploads=[("front.jpg", big), ("back.png", images.picture("PNG"))],
        actor=SYSTEM,
    )
    session.commit()
    assert len(paths) == 2 and all(path.startswith("/media/products/") for path in paths)
    session.refresh(product)
    assert product.image == paths[0]
    stored = Image.open(picture_folder() / paths[0].rsplit("/", 1)[1])
    assert stored.format == "WEBP" and max(stored.size) == PICTURE_SIDE and stored.size[0] == 2 * stored.size[1]
    assert not stored.getexif()
    client = TestClient(_app())
    served = client.get(paths[1])
    assert served.status_code == 200 and served.headers["content-type"] == "image/webp"
    assert client.get("/media/products/..%2F..%2Fstore.db").status_code == 404


def _app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app


def test_a_hostile_file_among_good_ones_stores_nothing(session: Session) -> None:
    product = add_product(session, "Смартфон", 1000)
    with pytest.raises(PictureRejected) as caught:
        add_pictures(
            session=session,
            product_id=product.id or 0,
            uploads=[("good.png", images.picture("PNG")), ("page.png", b"<html><script>alert(1)</script>")],
            actor=SYSTEM,
        )
    session.rollback()
    assert "page.png" in caught.value.message
    assert _files() == [] and gallery(session, product.id or 0) == []


def test_main_picture_changes_and_a_removed_file_goes_on_commit(session: Session) -> None:
    product = add_product(session, "Смартфон", 1000)
    uploads = [(f"{n}.png", images.picture("PNG", size=(50 + n, 50))) for n in range(3)]
    paths = add_pictures(session=session, product_id=product.id or 0, uploads=uploads, actor=SYSTEM)
    session.commit()
    pictures = gallery(session, product.id or 0)
    make_main(session=session, product_id=product.id or 0, picture_id=pictures[2].id or 0, actor=SYSTEM)
    session.commit()
    assert gallery_paths(session, session.get(Product, product.id)) == [paths[2], paths[0], paths[1]]
    remove_picture(session=session, product_id=product.id or 0, picture_id=pictures[2].id or 0, actor=SYSTEM)
    assert len(_files()) == 3  # still there until the removal commits
    session.commit()
    assert len(_files()) == 2
    assert session.get(Product, product.id).image == paths[0]


def test_a_gallery_has_a_limit_and_keeps_an_earlier_picture_path_first(session: Session) -> None:
    product = add_product(session, "Смартфон", 1000)
    product.image = "/catalog/phone-0.webp"
    session.add(product)
    session.commit()
    add_pictures(session=session, product_id=product.id or 0, uploads=[("a.png", images.picture())], actor=SYSTEM)
    session.commit()
    assert gallery_paths(session, product)[0] == "/catalog/phone-0.webp"
    many = [(f"{n}.png", images.picture()) for n in range(MAX_PICTURES)]
    with pytest.raises(PictureRejected):
        add_pictures(session=session, product_id=product.id or 0, uploads=many, actor=SYSTEM)
