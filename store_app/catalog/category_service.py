"""The category tree (SPEC B1): reading it (subtrees, breadcrumbs, a sidebar) and changing it."""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import CTE
from sqlmodel import Session, col, select

from store_app.audit.actor import SYSTEM, Actor
from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event
from store_app.catalog.field_rules import image_errors, text_errors
from store_app.catalog.listing import products_in_categories, refresh_listing
from store_app.catalog.models import Category
from store_app.catalog.slugs import choose_slug
from store_app.core.errors import Conflict, NotFound, ValidationFailed
from store_app.core.i18n import t

MAX_NAME_LENGTH = 120  # a category's name, Russian or English


@dataclasses.dataclass(frozen=True)
class CategoryTree:
    """Every category at once (a shop has hundreds, not millions), ordered by position, then name."""

    categories: tuple[Category, ...]

    @functools.cached_property
    def by_id(self) -> dict[int, Category]:
        return {category.id: category for category in self.categories if category.id is not None}

    @functools.cached_property
    def by_slug(self) -> dict[str, Category]:
        return {category.slug: category for category in self.categories}

    @functools.cached_property
    def _children(self) -> dict[int | None, list[Category]]:
        children: dict[int | None, list[Category]] = defaultdict(list)
        for category in self.categories:
            children[category.parent_id].append(category)
        return children

    def children(self, category_id: int | None) -> list[Category]:
        """The direct children; `None` gives the top level."""
        return self._children.get(category_id, [])

    def descendant_ids(self, category_id: int) -> set[int]:
        """The category and everything below it, at any depth."""
        found, todo = set(), [category_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(child.id for child in self.children(current) if child.id is not None)
        return found

    def path(self, category_id: int) -> list[Category]:
        """From the top level down to the category: the breadcrumbs."""
        path: list[Category] = []
        current = self.by_id.get(category_id)
        while current is not None and current not in path:
            path.append(current)
            current = self.by_id.get(current.parent_id) if current.parent_id is not None else None
        return path[::-1]

    def walk_all(self) -> list[tuple[Category, int]]:
        """(category, depth) for the whole tree, each category followed by its subtree."""
        rows: list[tuple[Category, int]] = []

        def walk(parent_id: int | None, depth: int) -> None:
            for category in self.children(parent_id):
                rows.append((category, depth))
                walk(category.id, depth + 1)

        walk(None, 0)
        return rows

    def sidebar(self, selected_id: int | None) -> list[tuple[Category, int]]:
        """(category, depth) rows for a sidebar: the top level, opened along the selected path."""
        opened = {category.id for category in self.path(selected_id)} if selected_id is not None else set()
        rows: list[tuple[Category, int]] = []

        def walk(parent_id: int | None, depth: int) -> None:
            for category in self.children(parent_id):
                rows.append((category, depth))
                if category.id in opened:
                    walk(category.id, depth + 1)

        walk(None, 0)
        return rows


def load_category_tree(*, session: Session) -> CategoryTree:
    query = select(Category).order_by(col(Category.position), col(Category.name), col(Category.id))
    return CategoryTree(tuple(session.exec(query)))


def subtree_ids_cte(category_id: int) -> CTE:
    """SQL for the ids of a category and all its descendants (a recursive query, any depth)."""
    tree = select(col(Category.id).label("id")).where(col(Category.id) == category_id).cte("subtree", recursive=True)
    return tree.union_all(select(col(Category.id)).where(col(Category.parent_id) == tree.c.id))


def descendant_ids(*, session: Session, category_id: int) -> set[int]:
    """The category and every category below it, at any depth."""
    tree = subtree_ids_cte(category_id)
    return set(session.exec(select(tree.c.id)))


def get_category_by_slug(*, session: Session, slug: str) -> Category | None:
    return session.exec(select(Category).where(col(Category.slug) == slug)).first() if slug else None


def breadcrumbs(*, session: Session, category_id: int) -> list[Category]:
    return load_category_tree(session=session).path(category_id)


@dataclasses.dataclass
class CategoryInput:
    name: str
    slug: str = ""  # made from the name when empty
    name_en: str = ""  # what English readers see; "" shows them the name
    parent_id: int | None = None
    position: int = 0
    image: str = ""


def _validated(session: Session, data: CategoryInput, category_id: int | None) -> CategoryInput:
    errors: dict[str, list[str]] = defaultdict(list)
    errors["name"].extend(text_errors(data.name))
    name = " ".join(data.name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"].append(t("catalog.error.category_name"))
    errors["name_en"].extend(text_errors(data.name_en))
    name_en = " ".join(data.name_en.split())
    if len(name_en) > MAX_NAME_LENGTH:
        errors["name_en"].append(t("catalog.error.category_name_en"))
    image = data.image.strip()
    errors["image"].extend(image_errors(image))
    slug, slug_error = choose_slug(session=session, model=Category, given=data.slug, name=name, exclude_id=category_id)
    if slug_error:
        errors["slug"].append(t(slug_error))
    if data.parent_id is not None:
        tree = load_category_tree(session=session)
        if data.parent_id not in tree.by_id:
            errors["parent_id"].append(t("catalog.error.parent_missing"))
        elif category_id is not None and data.parent_id in tree.descendant_ids(category_id):
            errors["parent_id"].append(t("catalog.error.parent_cycle"))
    if any(errors.values()):
        raise ValidationFailed(dict(errors))
    return dataclasses.replace(data, name=name, name_en=name_en, slug=slug, image=image)


def _record(session: Session, kind: EventKind, category: Category, actor: Actor, details: dict[str, Any]) -> None:
    record_event(session=session, kind=kind, actor=actor, target=f"category:{category.id}", details=details)


def _current(session: Session, category_id: int) -> Category:
    category = session.get(Category, category_id) if category_id > 0 else None
    if category is None:
        raise NotFound(t("catalog.error.category_not_found"))
    return category


def create_category(*, session: Session, data: CategoryInput, actor: Actor = SYSTEM) -> Category:
    clean = _validated(session, data, None)
    category = Category(**dataclasses.asdict(clean))
    session.add(category)
    session.flush()
    _record(session, EventKind.CATEGORY_CREATED, category, actor, {"name": category.name, "slug": category.slug})
    return category


def update_category(
    *, session: Session, category_id: int, changes: Mapping[str, Any], actor: Actor = SYSTEM
) -> Category:
    """Change the fields named in `changes` (the others keep their values): rename, move, re-picture.
    It can never move under itself or its own descendants; the history lists the fields that changed."""
    category = _current(session, category_id)
    unknown = set(changes) - {field.name for field in dataclasses.fields(CategoryInput)}
    if unknown:
        raise ValidationFailed({name: [t("error.unknown_field")] for name in sorted(unknown)})
    before = CategoryInput(**{field.name: getattr(category, field.name) for field in dataclasses.fields(CategoryInput)})
    clean = _validated(session, dataclasses.replace(before, **changes), category_id)
    fields = sorted(name for name, value in dataclasses.asdict(clean).items() if getattr(category, name) != value)
    moved = clean.parent_id != category.parent_id
    for field, value in dataclasses.asdict(clean).items():
        setattr(category, field, value)
    session.flush()
    if fields:
        _record(session, EventKind.CATEGORY_CHANGED, category, actor, {"fields": fields})
    if moved:  # the branch's products now sit under other ancestors
        branch = descendant_ids(session=session, category_id=category_id)
        refresh_listing(session=session, product_ids=products_in_categories(session=session, category_ids=branch))
    return category


def delete_category(*, session: Session, category_id: int, actor: Actor = SYSTEM) -> None:
    """Remove an empty branch: refused while it has subcategories; its products stay, unlinked."""
    category = _current(session, category_id)
    if session.exec(select(Category.id).where(col(Category.parent_id) == category_id)).first() is not None:
        raise Conflict(t("catalog.error.category_has_children"))
    unlinked = products_in_categories(session=session, category_ids=[category_id])
    _record(session, EventKind.CATEGORY_DELETED, category, actor, {"name": category.name, "slug": category.slug})
    session.delete(category)
    session.flush()
    refresh_listing(session=session, product_ids=unlinked)  # they leave the ancestors' listings too
