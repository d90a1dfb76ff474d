"""/admin/products: find products, edit or add one, remove one (SPEC D2). Writes go through the catalog
service, so listings and history stay right; every error shows under its field."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.guards import acting_args, staff_event
from store_app.admin.list_state import PagedListMixin, SearchMixin
from store_app.admin.product_pictures import AdminPicturesState
from store_app.admin.products_form import (
    MAX_TICKED,
    ProductDraft,
    load_draft,
    new_draft,
    remove_product,
    save_product,
    ticked_fields,
)
from store_app.admin.products_service import category_choices, find_products, products_csv
from store_app.core.errors import DomainError, NotFound
from store_app.core.file_names import dated_file_name
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.ui.bridge import attempt, call

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


def _rows(*, session: Session, text: str, page: int) -> tuple[list[AdminProductRow], int, int, list[CategoryChoice]]:
    found = find_products(session=session, text=text, page=page)
    rows = [
        AdminProductRow(
            id=p.id or 0,
            name=p.name,
            price=format_money(p.current_price),  # what a shopper pays, as on the product page
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


class AdminProductsState(SearchMixin, PagedListMixin, rx.State):
    products: rx.Field[list[AdminProductRow]] = rx.field(default_factory=list)
    categories: rx.Field[list[CategoryChoice]] = rx.field(default_factory=list)
    editing: bool = False
    draft: rx.Field[ProductDraft] = rx.field(default_factory=ProductDraft)
    form_key: int = 0  # a new key re-mounts the form, so its inputs start from the draft
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=_no_errors)
    notice: str = ""
    category_filter: str = ""
    # The categories ticked in the form now; the draft's stay as opened, so the lists do not reorder.
    ticked: rx.Field[list[str]] = rx.field(default_factory=list)

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

    @staff_event
    async def tick_category(self, category_id: str, checked: bool) -> None:
        """A category ticked or unticked: the specification fields become those of the ticked ones
        (what was typed in a field that stays is kept: the inputs are keyed by attribute code)."""
        category_id = str(category_id)[:12]
        ticked = [i for i in self.ticked if i != category_id]
        if checked is True and category_id.isdigit() and len(ticked) < MAX_TICKED:
            ticked.append(category_id)
        self.ticked = ticked
        fields = await call(ticked_fields, product_id=self.draft.id, category_ids=ticked)
        self.draft = dataclasses.replace(self.draft, attributes=fields)
        self.errors = {**_no_errors(self.draft), **{key: text for key, text in self.errors.items() if text}}

    async def _reload(self) -> None:
        self.products, self.page, self.pages, self.categories = await call(_rows, text=self.search_text, page=self.page)
        self.loaded = True

    async def _open(self, draft: ProductDraft) -> None:
        self.draft, self.editing, self.errors, self.category_filter = draft, True, _no_errors(draft), ""
        self.ticked = list(draft.category_ids)
        self.form_key += 1
        await (await self.get_state(AdminPicturesState))._open(draft.id)

    @staff_event
    async def load(self) -> None:
        self.notice, self.editing = "", False
        await self._reload()
        wanted = str(self.router.url.query_parameters.get("edit", ""))
        if wanted.isdigit():
            await self._edit(int(wanted))

    @staff_event
    async def export(self):  # type: ignore[no-untyped-def]
        """The products of the current search (all without one) as CSV."""
        data = await call(products_csv, text=self.search_text)
        return rx.download(data=data, filename=dated_file_name("products"), mime_type="text/csv")

    @staff_event
    async def edit(self, product_id: int) -> None:
        await self._edit(product_id)

    async def _edit(self, product_id: int) -> None:
        try:
            await self._open(await call(load_draft, product_id=int(product_id)))
        except (NotFound, ValueError):
            self.notice, self.editing = t("catalog.error.product_not_found"), False

    @staff_event
    async def new(self) -> None:
        await self._open(await call(new_draft))

    @rx.event
    def close(self) -> None:
        self.editing = False

    @staff_event
    async def save(self, form_data: dict[str, Any]) -> None:
        blank = _no_errors(self.draft)
        values = {"product_id": self.draft.id, "form_data": dict(form_data)}
        outcome = await attempt(save_product, where="admin product save", fields=blank, **acting_args(), **values)
        if not outcome.ok:
            self.errors = {**blank, **outcome.errors}
            return
        product_id = outcome.value or 0
        self.editing, self.errors = False, _no_errors()
        self.notice = t("admin.products.saved")
        self.draft = ProductDraft(id=product_id)
        await self._reload()

    @staff_event
    async def delete(self, product_id: int) -> None:
        try:
            await call(remove_product, **acting_args(), product_id=int(product_id))
        except (DomainError, ValueError):
            self.notice = t("catalog.error.product_not_found")
        else:
            self.notice, self.editing = t("admin.products.deleted"), False
        await self._reload()
