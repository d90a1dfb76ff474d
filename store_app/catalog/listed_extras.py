"""What a listed product carries besides its own columns: its category ids and its specifications
(the REST list and detail, the CSV), for a whole page of products in one statement."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Integer, String, bindparam, cast, null, select, union_all
from sqlmodel import Session

from store_app.catalog.attribute_models import Attribute, ProductAttributeValue
from store_app.catalog.models import ProductCategory

_links = ProductCategory.__table__.c  # type: ignore[attr-defined]
_value_table, _attribute_table = ProductAttributeValue.__table__, Attribute.__table__  # type: ignore[attr-defined]
_values, _attributes = _value_table.c, _attribute_table.c
_IDS = bindparam("ids", expanding=True)

# Built once and run on the session's connection: building a statement and the ORM's execution path
# cost more than the query itself for a page of products. A category link is a row with no code; a
# value a row with no category. Within each kind the rows come in their order: categories by id,
# values by their attribute's position (NULLs of the other kind sort apart on either database).
_EXTRAS = union_all(
    select(
        _links.product_id,
        _links.category_id,
        cast(null(), String).label("code"),
        cast(null(), String).label("value"),
        cast(null(), Integer).label("position"),
        cast(null(), Integer).label("attribute_id"),
    ).where(_links.product_id.in_(_IDS)),
    select(
        _values.product_id,
        cast(null(), Integer),
        _attributes.code,
        _values.value,
        _attributes.position,
        _attributes.id,
    )
    .join_from(_value_table, _attribute_table, _attributes.id == _values.attribute_id)
    .where(_values.product_id.in_(_IDS)),
).order_by("category_id", "position", "attribute_id")


def categories_and_values(
    session: Session, product_ids: Iterable[int]
) -> tuple[dict[int, list[int]], dict[int, dict[str, str]]]:
    """Each product's category ids (in id order) and specification values by attribute code (in the
    attributes' position order)."""
    ids = list(product_ids)
    links: dict[int, list[int]] = {product_id: [] for product_id in ids}
    values: dict[int, dict[str, str]] = {product_id: {} for product_id in ids}
    if not ids:
        return links, values
    for product_id, category_id, code, value, _, _ in session.connection().execute(_EXTRAS, {"ids": ids}).all():
        if code is None:
            links[product_id].append(category_id)
        else:
            values[product_id][code] = value
    return links, values
