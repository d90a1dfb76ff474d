"""The product form's pictures: upload several (re-encoded like avatars), choose the main one, remove one.

Its own state, opened by the product form for the product being edited; every handler checks staff
again and writes through `catalog.pictures` in one transaction."""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session

from store_app.accounts.history import user_actor
from store_app.accounts.sessions.guards import acting_args, staff_event
from store_app.catalog.pictures import MAX_PICTURES, add_pictures, gallery, make_main, remove_picture
from store_app.core.i18n import t
from store_app.core.pictures import MAX_BYTES
from store_app.ui.bridge import attempt, call
from store_app.ui.forms import error_line

UPLOAD_ID = "product-pictures-upload"
TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}


@dataclasses.dataclass
class PictureRow:
    id: int
    path: str
    main: bool


def _rows(*, session: Session, product_id: int) -> list[PictureRow]:
    return [
        PictureRow(id=picture.id or 0, path=picture.path, main=index == 0)
        for index, picture in enumerate(gallery(session, product_id))
    ]


def _as_staff(*, session: Session, service, user_id: int, ip: str, **kwargs):  # type: ignore[no-untyped-def]
    """`service` run with the staff member as the history's actor."""
    return service(session=session, actor=user_actor(session=session, user_id=user_id, ip=ip), **kwargs)


class AdminPicturesState(rx.State):
    product_id: int = 0
    pictures: rx.Field[list[PictureRow]] = rx.field(default_factory=list)
    error: str = ""
    notice: str = ""

    async def _open(self, product_id: int) -> None:
        """Called by the product form when it opens a product (0: a new one, no pictures yet)."""
        self.product_id, self.error, self.notice = product_id, "", ""
        self.pictures = await call(_rows, product_id=product_id) if product_id else []

    @staff_event
    async def upload(self, files: list[rx.UploadFile]):  # type: ignore[no-untyped-def]
        if not self.product_id:
            return None
        if not files:
            return None
        self.error, self.notice = "", ""
        # The name as the browser sent it; one byte more than allowed is enough to say "too big".
        uploads = [(str(file.path or ""), await file.read(MAX_BYTES + 1)) for file in files[: MAX_PICTURES + 1]]
        outcome = await attempt(
            _as_staff,
            where="product pictures",
            service=add_pictures,
            **acting_args(),
            product_id=self.product_id,
            uploads=uploads,
        )
        if not outcome.ok:
            self.error = outcome.message
            return None
        self.notice = t("admin.pictures.added", count=len(uploads))
        self.pictures = await call(_rows, product_id=self.product_id)
        return rx.clear_selected_files(UPLOAD_ID)

    @staff_event
    async def make_main(self, picture_id: int) -> None:
        await self._change(make_main, picture_id)

    @staff_event
    async def remove(self, picture_id: int) -> None:
        await self._change(remove_picture, picture_id)

    async def _change(self, service, picture_id: int) -> None:  # type: ignore[no-untyped-def]
        if not self.product_id:
            return
        outcome = await attempt(
            _as_staff,
            where="product pictures",
            service=service,
            **acting_args(),
            product_id=self.product_id,
            picture_id=int(picture_id),
        )
        self.error, self.notice = outcome.message, ""
        self.pictures = await call(_rows, product_id=self.product_id)


def _picture(row: PictureRow) -> rx.Component:
    return rx.vstack(
        rx.image(
            src=row.path, alt="", width="96px", height="96px", object_fit="cover", border_radius="var(--radius-2)"
        ),
        rx.cond(
            row.main,
            rx.badge(t("admin.pictures.main"), color_scheme="green", class_name="picture-main"),
            rx.button(
                t("admin.pictures.make_main"),
                size="1",
                variant="soft",
                type="button",
                on_click=AdminPicturesState.make_main(row.id),
                id="picture-main-" + row.id.to_string(),
            ),
        ),
        rx.button(
            t("admin.pictures.remove"),
            size="1",
            variant="ghost",
            color_scheme="red",
            type="button",
            on_click=AdminPicturesState.remove(row.id),
            id="picture-remove-" + row.id.to_string(),
        ),
        spacing="1",
        align="center",
        class_name="admin-picture",
    )


def pictures_panel() -> rx.Component:
    """Pictures of the product being edited (a new product gets them once saved)."""
    S = AdminPicturesState
    return rx.vstack(
        rx.text(t("admin.pictures.title"), size="2", weight="medium"),
        rx.cond(
            S.product_id,
            rx.vstack(
                rx.hstack(rx.foreach(S.pictures, _picture), spacing="3", wrap="wrap", id="product-pictures"),
                rx.upload(
                    rx.button(rx.icon("image-up", size=16), t("admin.pictures.choose"), type="button", variant="soft"),
                    id=UPLOAD_ID,
                    accept=TYPES,
                    max_files=MAX_PICTURES,
                    multiple=True,
                    on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                    border=f"1px dashed {rx.color('gray', 7)}",
                    border_radius="var(--radius-3)",
                    padding="3",
                ),
                rx.text(t("admin.pictures.hint", max=MAX_PICTURES), size="1", color_scheme="gray"),
                error_line(S.error, element_id="product-pictures-error"),
                rx.cond(S.notice, rx.text(S.notice, color_scheme="green", size="2", id="product-pictures-notice")),
                spacing="2",
                width="100%",
            ),
            rx.text(t("admin.pictures.save_first"), size="1", color_scheme="gray"),
        ),
        spacing="2",
        width="100%",
    )
