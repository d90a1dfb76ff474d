"""Product pictures: uploads re-encoded like avatars into a gallery with one main picture (Product.image),
hostile files store nothing, removed files (a picture's, a deleted product's) go when the transaction
commits unless another product names them, and the route serves them."""

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
    PictureRejected,
    add_pictures,
    gallery,
    gallery_paths,
    make_main,
    picture_folder,
    remove_picture,
)
from store_app.catalog.service import SYSTEM, delete_product, update_product
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
    assert stored.format == "WEBP" and stored.size == (1200, 600)  # README: within 1200×1200
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
    # README: a gallery holds up to 10; it has 2, so 8 more fit and a ninth does not.
    more = [(f"{n}.png", images.picture()) for n in range(9)]
    with pytest.raises(PictureRejected):
        add_pictures(session=session, product_id=product.id or 0, uploads=more, actor=SYSTEM)
    add_pictures(session=session, product_id=product.id or 0, uploads=more[:8], actor=SYSTEM)
    session.commit()
    assert len(gallery_paths(session, product)) == 10


def _gallery_of(session: Session, name: str, count: int) -> tuple[int, list[str]]:
    product = add_product(session, name, 1000)
    uploads = [(f"{n}.png", images.picture("PNG", size=(40 + n, 40))) for n in range(count)]
    paths = add_pictures(session=session, product_id=product.id or 0, uploads=uploads, actor=SYSTEM)
    session.commit()
    return product.id or 0, paths


def test_deleting_a_product_deletes_its_files_once_it_commits(session: Session) -> None:
    product_id, _ = _gallery_of(session, "Смартфон", 2)
    kept_id, kept_paths = _gallery_of(session, "Планшет", 1)
    delete_product(session=session, product_id=product_id)
    assert len(_files()) == 3  # still there until the delete commits
    session.rollback()
    assert len(_files()) == 3 and session.get(Product, product_id) is not None
    delete_product(session=session, product_id=product_id)
    session.commit()
    assert _files() == [picture_folder() / kept_paths[0].rsplit("/", 1)[1]]
    assert session.get(Product, product_id) is None and gallery(session, product_id) == []
    assert gallery_paths(session, session.get(Product, kept_id)) == kept_paths


def test_a_file_another_product_names_stays_when_its_gallery_goes(session: Session) -> None:
    product_id, paths = _gallery_of(session, "Смартфон", 2)
    other = add_product(session, "Чехол", 500)
    # The API and the CSV import take a main picture as a path: the case shows the phone's first picture.
    update_product(session=session, product_id=other.id or 0, changes={"image": paths[0]})
    session.commit()
    remove_picture(
        session=session, product_id=product_id, picture_id=gallery(session, product_id)[0].id or 0, actor=SYSTEM
    )
    session.commit()
    assert len(_files()) == 2
    delete_product(session=session, product_id=product_id)
    session.commit()
    assert _files() == [picture_folder() / paths[0].rsplit("/", 1)[1]]


def test_a_file_that_cannot_be_deleted_is_logged_and_the_delete_stands(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    product_id, paths = _gallery_of(session, "Смартфон", 1)
    stored = picture_folder() / paths[0].rsplit("/", 1)[1]
    stored.unlink()
    stored.mkdir()  # a folder where the file was: unlinking it fails, even for root
    delete_product(session=session, product_id=product_id)
    session.commit()
    assert session.get(Product, product_id) is None
    assert stored.is_dir()
    assert f"could not remove picture file {stored.name}" in caplog.text
