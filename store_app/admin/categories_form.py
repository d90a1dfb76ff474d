"""The category tree as /admin/categories shows it, and the form's values turned into catalog service calls."""

from __future__ import annotations

import dataclasses
from typing import Any

from store_app.catalog.category_service import (
    CategoryInput,
    create_category,
    delete_category,
    load_category_tree,
    update_category,
)
from store_app.catalog.models import Category
from store_app.core.db import session_scope
from store_app.core.errors import NotFound, ValidationFailed
from store_app.core.i18n import t


@dataclasses.dataclass
class CategoryRow:
    id: int
    name: str
    slug: str
    parent_id: str  # "" for the top level, as the parent select submits it
    position: str
    indent: str  # CSS padding showing the depth
    option: str = ""  # the name indented by the depth, for the parent list (options take no CSS padding)
    search: str = ""  # the path "section › subsection" in lower case, for the parent list's filter


def new_category() -> CategoryRow:
    return CategoryRow(id=0, name="", slug="", parent_id="", position="0", indent="")


def tree_rows() -> list[CategoryRow]:
    """Every category, each followed by its subtree, depth shown by indentation."""
    with session_scope() as session:
        tree = load_category_tree(session=session)
    rows: list[CategoryRow] = []

    for category, depth in tree.walk_all():
        path = " › ".join(c.name for c in tree.path(category.id or 0))
        rows.append(dataclasses.replace(_row(category, depth), search=path.lower()))
    return rows


def _row(category: Category, depth: int) -> CategoryRow:
    parent = "" if category.parent_id is None else str(category.parent_id)
    return CategoryRow(
        id=category.id or 0,
        name=category.name,
        slug=category.slug,
        parent_id=parent,
        position=str(category.position),
        indent=f"{depth * 20}px",
        option="\u2003" * depth + ("└ " if depth else "") + category.name,
    )


def _input(form_data: dict[str, Any]) -> CategoryInput:
    parent, position = str(form_data.get("parent_id", "")).strip(), str(form_data.get("position", "0")).strip()
    if parent and not parent.isdigit():
        raise ValidationFailed({"parent_id": [t("catalog.error.parent_missing")]})
    if not position.lstrip("-").isdigit():
        raise ValidationFailed({"position": [t("admin.categories.error.position")]})
    return CategoryInput(
        name=str(form_data.get("name", ""))[:200],
        slug=str(form_data.get("slug", ""))[:200],
        parent_id=int(parent) if parent else None,
        position=int(position),
    )


def save_category(category_id: int, form_data: dict[str, Any]) -> None:
    data = _input(form_data)
    with session_scope() as session:
        if category_id:
            current = session.get(Category, category_id)
            if current is None:
                raise NotFound(t("catalog.error.category_not_found"))
            # The form has no image field: the category keeps its picture.
            data = dataclasses.replace(data, image=current.image)
            update_category(session=session, category_id=category_id, data=data)
        else:
            create_category(session=session, data=data)


def remove_category(category_id: int) -> None:
    with session_scope() as session:
        if category_id <= 0:
            raise NotFound(t("catalog.error.category_not_found"))
        delete_category(session=session, category_id=category_id)
