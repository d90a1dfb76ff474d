"""F2: products (list with the catalog's filters, detail; staff create, update, delete) and the
category tree (staff create, update, delete). Every rule lives in the catalog services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlmodel import Session

from store_app.accounts.history import user_actor
from store_app.accounts.sessions.service import AuthContext
from store_app.api.answer_cache import AnswerCache
from store_app.api.deps import BodyCount, BodyId, ClientIp, Id, OptionalUser, StaffUser, page_links
from store_app.api.indexed_list import fresh_list_body, indexed_list_body
from store_app.api.product_rows import list_body, listed_json, product_rows
from store_app.catalog import listing_counts
from store_app.catalog.models import Product
from store_app.catalog.query import FACET_PREFIX, ProductQuery
from store_app.catalog.service import (
    Actor,
    ProductInput,
    create_product,
    delete_product,
    get_product_by_slug,
    search_products,
    update_product,
)
from store_app.core.db import read_scope, session_scope
from store_app.core.errors import NotFound
from store_app.core.i18n import t
from store_app.core.settings import get_settings

router = APIRouter(prefix="/api/v1", tags=["products"])
# The public list alone, included before every other router: FastAPI tries the routes in order, and
# matching its path against all the routers before it was a fifth of a kept answer's cost.
list_router = APIRouter(prefix="/api/v1", tags=["products"])
Amount = str | int | float  # read exactly by the service (a float goes through its decimal text)
_FILTER_DOCS = {
    "q": "words of the name or description, or inside the name's words (any word form, one typo)",
    "category": "category slug, subcategories included",
    "min": "lowest price paid",
    "max": "highest price paid",
    "stock": "1: in stock only",
    "sort": "relevance (the default; without q the newest first), new, price, -price, name",
    "page": "page number, from 1",
    "size": "page size, 1 to 100",
}
FILTERS = tuple(_FILTER_DOCS)
_answers = AnswerCache()


class ProductOut(BaseModel):
    id: int
    name: str
    slug: str
    description: str
    price: str
    discount_price: str | None
    stock: int
    image: str
    is_active: bool
    category_ids: list[int]
    attributes: dict[str, str] = Field(description="specifications by attribute code (yes/no as 1/0)")
    created_at: dt.datetime
    updated_at: dt.datetime


class ProductListOut(BaseModel):
    count: int
    next: str | None
    previous: str | None
    results: list[ProductOut]


class ProductIn(BaseModel):
    name: str = Field(max_length=1000)
    price: Amount
    description: str = Field(default="", max_length=50_000)
    slug: str = Field(default="", max_length=1000)
    discount_price: Amount | None = None
    stock: BodyCount = 0
    image: str = Field(default="", max_length=1000)
    is_active: bool = True
    category_ids: list[BodyId] = Field(default_factory=list, max_length=1000)
    attributes: dict[str, Annotated[str, Field(max_length=1000)]] | None = Field(
        default=None, max_length=200, description="specifications by attribute code"
    )


class ProductPatch(BaseModel):
    name: str | None = Field(default=None, max_length=1000)
    price: Amount | None = None
    description: str | None = Field(default=None, max_length=50_000)
    slug: str | None = Field(default=None, max_length=1000)
    discount_price: Amount | None = None
    stock: BodyCount | None = None
    image: str | None = Field(default=None, max_length=1000)
    is_active: bool | None = None
    category_ids: list[BodyId] | None = Field(default=None, max_length=1000)
    attributes: dict[str, Annotated[str, Field(max_length=1000)]] | None = Field(
        default=None, max_length=200, description='the specifications named change ("" removes one), others stay'
    )


def products_out(session: Session, products: list[Product]) -> list[ProductOut]:
    # Built without validation: every value comes straight from the database in its declared type.
    return [ProductOut.model_construct(**row) for row in product_rows(session, products)]


def _actor(session: Session, context: AuthContext, ip: str) -> Actor:
    return user_actor(session=session, user_id=context.user_id, ip=ip)


def query_from_request(request: Request) -> ProductQuery:
    """The catalog's own reading of the filters (junk ignored, page clamped), as on /catalog."""
    params = {name: request.query_params.get(name) or "" for name in FILTERS}
    params |= {name: value for name, value in request.query_params.items() if name.startswith(FACET_PREFIX)}
    return ProductQuery.from_params(params)


def _list_body(request: Request, query: ProductQuery | None = None) -> bytes:
    query = query or query_from_request(request)
    body = indexed_list_body(request, query)
    if body is not None:
        return body
    with read_scope() as session:  # a read: nothing to commit
        found = search_products(session=session, query=query)
        previous, following = page_links(
            request, page=found.page, has_previous=found.has_previous, has_next=found.has_next
        )
        results = listed_json(session, found.items, found.catalog_version)
    # `ProductListOut`'s JSON written straight from plain values, the same bytes as the model's own
    # `model_dump_json` (tests/api/test_products_list_body.py) without a model object per row; returned
    # as a model, FastAPI would also validate every row again.
    return list_body(found.total, previous, following, results)


# Documented here, read by `query_from_request`: declared as arguments, FastAPI would validate eight
# parameters on every request only for the catalog to read them again (a fifth of a kept answer's cost).
_FILTER_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": text}
    for name, text in _FILTER_DOCS.items()
]


@list_router.get(
    "/products",
    response_model=ProductListOut,
    openapi_extra={"parameters": _FILTER_PARAMETERS},
    description="Specifications filter as on /catalog: `f.<code>=v1,v2` (any of the values) or `f.<code>=low..high`.",
)
async def list_products(request: Request) -> Response:
    # A kept answer, or one joined from rows read within the second, is served from the event loop;
    # only one that needs the database goes to a thread.
    settings = get_settings()  # the database and the links' origin are part of the answer
    key = (settings.db_url, settings.public_origin, request.url.query)
    body = _answers.get(key)
    if body is None:
        generation = listing_counts.generation()
        query = query_from_request(request)
        fresh = fresh_list_body(request, query)
        # A body joined from earlier reads is kept as old as its oldest one: the kept answer's second
        # and the rows' second do not add up (a write in another worker shows within the second).
        body, read_at = fresh if fresh is not None else (await run_in_threadpool(_list_body, request, query), None)
        _answers.put(key, body, generation=generation, made_at=read_at)
    return Response(body, media_type="application/json")


@router.get("/products/{slug}", response_model=ProductOut)
def product_detail(slug: str, context: OptionalUser) -> ProductOut:
    """An active product; staff also see inactive ones."""
    with session_scope() as session:
        product = get_product_by_slug(session=session, slug=slug, include_inactive=bool(context and context.is_staff))
        if product is None:
            raise NotFound(t("catalog.error.product_not_found"))
        return products_out(session, [product])[0]


@router.post("/products", status_code=201, response_model=ProductOut)
def add_product(body: ProductIn, context: StaffUser, ip: ClientIp) -> ProductOut:
    with session_scope() as session:
        product = create_product(
            session=session, data=ProductInput(**body.model_dump()), actor=_actor(session, context, ip)
        )
        return products_out(session, [product])[0]


@router.patch("/products/{product_id}", response_model=ProductOut)
def change_product(product_id: Id, body: ProductPatch, context: StaffUser, ip: ClientIp) -> ProductOut:
    # null clears the discount; for any other field it means "leave as is".
    given = body.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        name: value for name, value in given.items() if value is not None or name == "discount_price"
    }
    with session_scope() as session:
        product = update_product(
            session=session, product_id=product_id, changes=changes, actor=_actor(session, context, ip)
        )
        return products_out(session, [product])[0]


@router.delete("/products/{product_id}", status_code=204)
def remove_product(product_id: Id, context: StaffUser, ip: ClientIp) -> Response:
    with session_scope() as session:
        delete_product(session=session, product_id=product_id, actor=_actor(session, context, ip))
    return Response(status_code=204)
