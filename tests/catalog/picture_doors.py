"""The rule each door that sets a product's main picture as a path (the REST API, a CSV import) follows:
a replaced stored file goes once the change commits, unless a product or a gallery still names it."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from store_app.catalog.pictures import URL_PREFIX, add_pictures, gallery, picture_folder, remove_picture
from store_app.catalog.service import SYSTEM
from tests.utils import images
from tests.utils.factories import make_product

OTHER_PICTURE = "/catalog/phone-0.webp"


def check_replaced_main_picture(session: Session, show: Callable[[int, str], None]) -> None:
    """`show(product_id, path)` sets a product's main picture through the door and commits."""
    owner, shown = make_product(session, name="Смартфон"), make_product(session, name="Чехол")
    uploads = [("a.png", images.picture())]
    (path,) = add_pictures(session=session, product_id=owner.id or 0, uploads=uploads, actor=SYSTEM)
    session.commit()
    stored = picture_folder() / path.removeprefix(URL_PREFIX)
    show(shown.id or 0, path)  # the owner's picture, shown as another product's main one
    show(shown.id or 0, OTHER_PICTURE)
    assert stored.exists()  # the owner's gallery still names it
    show(shown.id or 0, path)
    session.expire_all()
    picture_id = gallery(session, owner.id or 0)[0].id or 0
    remove_picture(session=session, product_id=owner.id or 0, picture_id=picture_id, actor=SYSTEM)
    session.commit()
    assert stored.exists()  # the shown product still names it
    show(shown.id or 0, OTHER_PICTURE)
    assert not stored.exists()  # named by nothing once the replacement committed
