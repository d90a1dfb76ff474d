"""F2: the category tree, and staff create, update (rename or move) and delete through the catalog service."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from store_app.accounts.history import user_actor
from store_app.api.deps import BodyId, ClientIp, Id, StaffUser
from store_app.api.openapi import error_responses
from store_app.catalog.category_service import (
    CategoryInput,
    CategoryTree,
    create_category,
    delete_category,
    load_category_tree,
    update_category,
)
from store_app.catalog.models import Category
from store_app.core.db import session_scope

router = APIRouter(prefix="/api/v1", tags=["categories"])


class CategoryOut(BaseModel):
    id: int
    name: str = Field(description="the category's name (Russian, the shop's own language)")
    name_en: str = Field(description='its English name, "" when staff gave none (then English pages show `name`)')
    slug: str
    parent_id: int | None
    position: int
    image: str
    children: list[CategoryOut] = Field(default_factory=list)


class CategoryIn(BaseModel):
    name: str = Field(max_length=1000)
    name_en: str = Field(default="", max_length=1000)
    slug: str = Field(default="", max_length=1000)
    parent_id: BodyId | None = None
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000)
    image: str = Field(default="", max_length=1000)


class CategoryPatch(BaseModel):
    name: str | None = Field(default=None, max_length=1000)
    name_en: str | None = Field(default=None, max_length=1000)
    slug: str | None = Field(default=None, max_length=1000)
    parent_id: BodyId | None = None  # null moves the category to the top level
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    image: str | None = Field(default=None, max_length=1000)


def _out(category: Category, tree: CategoryTree | None = None) -> CategoryOut:
    children = tree.children(category.id) if tree is not None else []
    return CategoryOut(
        id=category.id or 0,
        name=category.name,
        name_en=category.name_en,
        slug=category.slug,
        parent_id=category.parent_id,
        position=category.position,
        image=category.image,
        children=[_out(child, tree) for child in children],
    )


@router.get("/categories", response_model=list[CategoryOut])
def category_tree() -> list[CategoryOut]:
    """The top-level categories, each with its children at any depth."""
    with session_scope() as session:
        tree = load_category_tree(session=session)
    return [_out(category, tree) for category in tree.children(None)]


@router.post("/categories", status_code=201, response_model=CategoryOut)
def add_category(body: CategoryIn, context: StaffUser, ip: ClientIp) -> CategoryOut:
    with session_scope() as session:
        who = user_actor(session=session, user_id=context.user_id, ip=ip)
        return _out(create_category(session=session, data=CategoryInput(**body.model_dump()), actor=who))


@router.patch("/categories/{category_id}", response_model=CategoryOut)
def change_category(category_id: Id, body: CategoryPatch, context: StaffUser, ip: ClientIp) -> CategoryOut:
    # null moves the category to the top level; for any other field it means "leave as is".
    given = body.model_dump(exclude_unset=True)
    changes = {name: value for name, value in given.items() if value is not None or name == "parent_id"}
    with session_scope() as session:
        who = user_actor(session=session, user_id=context.user_id, ip=ip)
        return _out(update_category(session=session, category_id=category_id, changes=changes, actor=who))


@router.delete("/categories/{category_id}", status_code=204, responses=error_responses(409))
def remove_category(category_id: Id, context: StaffUser, ip: ClientIp) -> Response:
    with session_scope() as session:
        who = user_actor(session=session, user_id=context.user_id, ip=ip)
        delete_category(session=session, category_id=category_id, actor=who)
    return Response(status_code=204)
