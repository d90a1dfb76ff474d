"""/admin/products: find products, edit or add one, remove one (SPEC D2). Writes go through the catalog
service, so listings and history stay right; every error shows under its field."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from store_app.admin.guard import checked_staff
from store_app.admin.list_state import PagedListMixin, SearchMixin
from store_app.admin.product_pictures import AdminPicturesState
from store_app.admin.products_form import ProductDraft, load_draft, new_draft, remove_product, save_product
from store_app.admin.products_service import category_choices, find_products, products_csv
from store_app.core.db import session_scope
from store_app.core.errors import DomainError, NotFound
from store_app.core.file_names import dated_file_name
from store_app.core.i18n import t
from store_app.core.money import format_money

ERROR_FIELDS = ("name", "price", "discount_price", "stock", "image", "description", "category_ids", "form")


@dataclasses.dataclass
class AdminProductRow:
    id: int
    name: str
    price: str
    stock: int
    active: bool


@dataclasses.dataclass
class CategoryChoice:
    id: str
    name: str
    path: str = ""  # "Section › Subsection": a ticked one, shown out of the tree, says where it sits
    indent: str = "0px"  # the depth in the tree
    search: str = ""  # the path in lower case, what the filter box matches


def _no_errors(draft: ProductDraft | None = None) -> dict[str, str]:
    """Every error line of the form empty (the specifications' too, so each has its key)."""
    return dict.fromkeys([*ERROR_FIELDS, *(field.error_key for field in (draft.attributes if draft else []))], "")


def _rows(text: str, page: int) -> tuple[list[AdminProductRow], int, int, list[CategoryChoice]]:
    with session_scope() as session:
        found = find_products(session=session, text=text, page=page)
        rows = [
            AdminProductRow(
                id=p.id or 0,
                name=p.name,
                price=format_money(p.discount_price or p.price),
                stock=p.stock,
                active=p.is_active,
            )
            for p in found.rows
        ]
        choices = [
            CategoryChoice(id=str(c.id), name=c.name, path=path, indent=f"{depth * 18}px", search=path.lower())
            for c, depth, path in category_choices(session=session)
        ]
        return rows, found.page, found.pages, choices


def _csv(text: str) -> str:
    with session_scope() as session:
        return products_csv(session=session, text=text)


class AdminProductsState(SearchMixin, PagedListMixin, rx.State):
    products: rx.Field[list[AdminProductRow]] = rx.field(default_factory=list)
    categories: rx.Field[list[CategoryChoice]] = rx.field(default_factory=list)
    editing: bool = False
    draft: rx.Field[ProductDraft] = rx.field(default_factory=ProductDraft)
    form_key: int = 0  # a new key re-mounts the form, so its inputs start from the draft
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=_no_errors)
    notice: str = ""
    category_filter: str = ""

    @rx.var
    def ticked_categories(self) -> list[CategoryChoice]:
        """The product's categories first (with their path), so a ticked one is never hidden far below."""
        return [c for c in self.categories if c.id in self.draft.category_ids]

    @rx.var
    def other_categories(self) -> list[CategoryChoice]:
        return [c for c in self.categories if c.id not in self.draft.category_ids]

    @rx.event
    def filter_categories(self, text: str) -> None:
        self.category_filter = str(text)[:100].strip().lower()

    async def _reload(self) -> None:
        self.products, self.page, self.pages, self.categories = await asyncio.to_thread(
            _rows, self.search_text, self.page
        )
        self.loaded = True

    async def _open(self, draft: ProductDraft) -> None:
        self.draft, self.editing, self.errors, self.category_filter = draft, True, _no_errors(draft), ""
        self.form_key += 1
        await (await self.get_state(AdminPicturesState))._open(draft.id)

    @rx.event
    async def load(self) -> None:
        if await checked_staff(self) is None:
            return
        self.notice, self.editing = "", False
        await self._reload()
        wanted = str(self.router.url.query_parameters.get("edit", ""))
        if wanted.isdigit():
            await self._edit(int(wanted))

    @rx.event
    async def export(self):  # type: ignore[no-untyped-def]
        """The products of the current search (all without one) as CSV."""
        if await checked_staff(self) is None:
            return None
        data = await asyncio.to_thread(_csv, self.search_text)
        return rx.download(data=data, filename=dated_file_name("products"), mime_type="text/csv")

    @rx.event
    async def edit(self, product_id: int) -> None:
        if await checked_staff(self) is None:
            return
        await self._edit(product_id)

    async def _edit(self, product_id: int) -> None:
        try:
            await self._open(await asyncio.to_thread(load_draft, int(product_id)))
        except (NotFound, ValueError):
            self.notice, self.editing = t("catalog.error.product_not_found"), False

    @rx.event
    async def new(self) -> None:
        if await checked_staff(self) is None:
            return
        await self._open(await asyncio.to_thread(new_draft))

    @rx.event
    def close(self) -> None:
        self.editing = False

    @rx.event
    async def save(self, form_data: dict[str, Any]) -> None:
        actor = await checked_staff(self)
        if actor is None:
            return
        try:
            product_id = await asyncio.to_thread(save_product, actor, self.draft.id, form_data)
        except DomainError as exc:
            blank = _no_errors(self.draft)
            self.errors = {**blank, **{f: "\n".join(m) for f, m in exc.errors.items() if f in blank}}
            if not any(self.errors.values()):
                self.errors = {**blank, "form": exc.message}
            return
        self.editing, self.errors = False, _no_errors()
        self.notice = t("admin.products.saved")
        self.draft = ProductDraft(id=product_id)
        await self._reload()

    @rx.event
    async def delete(self, product_id: int) -> None:
        actor = await checked_staff(self)
        if actor is None:
            return
        try:
            await asyncio.to_thread(remove_product, actor, int(product_id))
        except (DomainError, ValueError):
            self.notice = t("catalog.error.product_not_found")
        else:
            self.notice, self.editing = t("admin.products.deleted"), False
        await self._reload()
