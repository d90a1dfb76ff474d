"""A product's pictures (its gallery): uploads re-encoded like avatars, one main picture, in order.

Uploads are decoded and re-encoded by `core.pictures` (fit within PICTURE_SIDE, WebP, no metadata)
and stored under `media_dir/products` by a random name. The main picture is the first of the
gallery and is copied to `Product.image`, which cards, the cart and orders read. Files follow the
transaction: a new file goes if it rolls back, a removed one (a picture taken out, a product
deleted) only once it commits, and only when no other product or picture names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageOps
from sqlmodel import Session, col, select

from store_app.audit.kinds import EventKind
from store_app.catalog.actor import Actor, record_change
from store_app.catalog.listing import refresh_listing
from store_app.catalog.models import Product, ProductPicture
from store_app.core import clock, pictures
from store_app.core.errors import DomainError, NotFound
from store_app.core.i18n import t
from store_app.core.settings import get_settings

PICTURE_SIDE = 1200
MAX_PICTURES = 10
URL_PREFIX = "/media/products/"


class PictureRejected(DomainError):
    """An upload is not an acceptable picture; nothing was stored."""

    status_code = 422

    def __init__(self, message: str) -> None:
        super().__init__(message, field="pictures")


def picture_folder() -> Path:
    return get_settings().media_dir / "products"


def stored_picture_path(name: str) -> Path | None:
    return pictures.stored_path(picture_folder(), name)


def _fit(image: Image.Image) -> Image.Image:
    if image.width <= PICTURE_SIDE and image.height <= PICTURE_SIDE:
        return image
    return ImageOps.contain(image, (PICTURE_SIDE, PICTURE_SIDE), Image.Resampling.LANCZOS)


def gallery(session: Session, product_id: int) -> list[ProductPicture]:
    """The product's pictures, the main one first."""
    query = select(ProductPicture).where(col(ProductPicture.product_id) == product_id)
    return list(session.exec(query.order_by(col(ProductPicture.position), col(ProductPicture.id))))


def gallery_paths(session: Session, product: Product) -> list[str]:
    """What the product page shows: the gallery, or the product's one picture when it has none."""
    paths = [picture.path for picture in gallery(session, product.id or 0)]
    if product.image and (not paths or paths[0] != product.image):  # a main picture set as a path (API, CSV)
        paths = [product.image, *[path for path in paths if path != product.image]]
    return paths


def _renumber(session: Session, product: Product, ordered: Sequence[ProductPicture], actor: Actor) -> None:
    for position, picture in enumerate(ordered):
        picture.position = position
        session.add(picture)
    product.image = ordered[0].path if ordered else ""
    product.updated_at = clock.now()
    session.add(product)
    session.flush()
    refresh_listing(session=session, product_ids=[product.id or 0])
    record_change(session, EventKind.PRODUCT_CHANGED, f"product:{product.id}", actor, {"fields": ["pictures"]})


def _product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(t("catalog.error.product_not_found"))
    return product


def add_pictures(*, session: Session, product_id: int, uploads: Sequence[tuple[str, bytes]], actor: Actor) -> list[str]:
    """Check every upload (all or none are stored), then add them at the end of the gallery; a product
    without a gallery keeps its one picture as the first. Returns the new pictures' paths."""
    product = _product(session, product_id)
    current = gallery(session, product_id)
    if not current and product.image:  # a picture given as a path before the gallery existed stays first
        current = [ProductPicture(product_id=product_id, path=product.image)]
    if len(current) + len(uploads) > MAX_PICTURES:
        raise PictureRejected(t("catalog.error.too_many_pictures", max=MAX_PICTURES))
    contents = []
    for filename, data in uploads:
        try:
            pictures.check_upload(filename, data)
            contents.append(pictures.reencode(data, shape=_fit, draft_side=PICTURE_SIDE))
        except pictures.PictureError as exc:
            raise PictureRejected(f"{filename[:80]}: {exc}") from None
    written = [pictures.write_new_file(picture_folder(), content) for content in contents]
    pictures.after_transaction(
        session, committed=lambda: None, rolled_back=lambda: [pictures.remove_quietly(path) for path in written]
    )
    added = [ProductPicture(product_id=product_id, path=URL_PREFIX + path.name) for path in written]
    _renumber(session, product, [*current, *added], actor)
    return [picture.path for picture in added]


def _picture(
    session: Session, product_id: int, picture_id: int
) -> tuple[Product, list[ProductPicture], ProductPicture]:
    product = _product(session, product_id)
    current = gallery(session, product_id)
    chosen = next((picture for picture in current if picture.id == picture_id), None)
    if chosen is None:
        raise NotFound(t("catalog.error.picture_not_found"))
    return product, current, chosen


def make_main(*, session: Session, product_id: int, picture_id: int, actor: Actor) -> None:
    """Move a picture to the front: the main one."""
    product, current, chosen = _picture(session, product_id, picture_id)
    _renumber(session, product, [chosen, *[p for p in current if p is not chosen]], actor)


def remove_picture(*, session: Session, product_id: int, picture_id: int, actor: Actor) -> None:
    """Take a picture out of the gallery; a stored file is deleted once the transaction commits."""
    product, current, chosen = _picture(session, product_id, picture_id)
    session.delete(chosen)
    _renumber(session, product, [p for p in current if p is not chosen], actor)
    remove_files_on_commit(session, [chosen.path])


def product_picture_paths(session: Session, product: Product) -> list[str]:
    """Every picture path a product names: its gallery's and its main picture (set as a path, too)."""
    return [*(picture.path for picture in gallery(session, product.id or 0)), product.image]


def remove_files_on_commit(session: Session, paths: Iterable[str]) -> None:
    """Delete the stored files of `paths` once the transaction commits, those no product or picture
    names any more (the API and CSV may set another product's picture as a product's image). Call
    it after the rows that named them are deleted. A file that cannot be deleted is logged: the
    delete stands, a stray file harms nothing."""
    session.flush()
    ours = [
        path
        for path in dict.fromkeys(paths)
        if path.startswith(URL_PREFIX) and pictures.STORED_NAME_RE.fullmatch(path.removeprefix(URL_PREFIX))
    ]
    if not ours:
        return
    named = set(session.exec(select(ProductPicture.path).where(col(ProductPicture.path).in_(ours))))
    named |= set(session.exec(select(Product.image).where(col(Product.image).in_(ours))))
    files = [picture_folder() / path.removeprefix(URL_PREFIX) for path in ours if path not in named]
    if files:
        pictures.after_transaction(
            session, committed=lambda: [pictures.remove_quietly(file) for file in files], rolled_back=lambda: None
        )
