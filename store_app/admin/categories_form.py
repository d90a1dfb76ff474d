"""The category tree as /admin/categories shows it, and the form's values turned into catalog service calls."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session

from store_app.accounts.history import user_actor
from store_app.catalog.category_service import (
    CategoryInput,
    create_category,
    delete_category,
    load_category_tree,
    update_category,
)
from store_app.catalog.models import Category
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t


@dataclasses.dataclass
class CategoryRow:
    id: int
    name: str
    slug: str
    name_en: str
    parent_id: str  # "" for the top level, as the parent select submits it
    position: str
    indent: str  # CSS padding showing the depth
    option: str = ""  # the name indented by the depth, for the parent list (options take no CSS padding)
    search: str = ""  # the path "section › subsection" in lower case, for the parent list's filter


def new_category() -> CategoryRow:
    return CategoryRow(id=0, name="", slug="", name_en="", parent_id="", position="0", indent="")


def tree_rows(*, session: Session) -> list[CategoryRow]:
    """Every category, each followed by its subtree, depth shown by indentation."""
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
        name_en=category.name_en,
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
        name_en=str(form_data.get("name_en", ""))[:200],
        slug=str(form_data.get("slug", ""))[:200],
        parent_id=int(parent) if parent else None,
        position=int(position),
    )


def save_category(*, session: Session, user_id: int, ip: str, category_id: int, form_data: dict[str, Any]) -> None:
    """Create (id 0) or change the category from the form, in the caller's transaction."""
    data = _input(form_data)
    who = user_actor(session=session, user_id=user_id, ip=ip)
    if category_id:
        # The form has no image field: only what it shows changes, the picture stays.
        changes = {field: getattr(data, field) for field in ("name", "name_en", "slug", "parent_id", "position")}
        update_category(session=session, category_id=category_id, changes=changes, actor=who)
    else:
        create_category(session=session, data=data, actor=who)


def remove_category(*, session: Session, user_id: int, ip: str, category_id: int) -> None:
    delete_category(session=session, category_id=category_id, actor=user_actor(session=session, user_id=user_id, ip=ip))
