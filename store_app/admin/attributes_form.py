"""What /admin/attributes reads and writes: a category's attributes (and those it inherits), through
`catalog.attributes`, which checks every value and writes the history."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session, col, select

from store_app.accounts.history import user_actor
from store_app.accounts.sessions.guards import Acting
from store_app.catalog.attribute_models import Attribute, AttributeKind
from store_app.catalog.attributes import (
    AttributeInput,
    applicable_attributes,
    create_attribute,
    delete_attribute,
    update_attribute,
)
from store_app.catalog.category_service import load_category_tree
from store_app.catalog.service import Actor
from store_app.core.i18n import N_, t

KIND_KEYS: dict[AttributeKind, str] = {
    AttributeKind.NUMBER: N_("admin.attributes.kind.number"),
    AttributeKind.CHOICE: N_("admin.attributes.kind.choice"),
    AttributeKind.FLAG: N_("admin.attributes.kind.flag"),
    AttributeKind.TEXT: N_("admin.attributes.kind.text"),
}
KINDS = [(kind.value, key) for kind, key in KIND_KEYS.items()]
EVERY_PRODUCT = ""  # the category choice for attributes of every product


@dataclasses.dataclass
class AttributeRow:
    id: int = 0
    code: str = ""
    name: str = ""
    kind: str = AttributeKind.CHOICE.value
    kind_label: str = ""
    unit: str = ""
    group: str = ""
    position: str = "0"
    choices: str = ""
    name_en: str = ""
    unit_en: str = ""
    group_en: str = ""
    choices_en: str = ""
    inherited_from: str = ""  # the category above that defines it ("" for the category's own)


@dataclasses.dataclass
class CategoryOption:
    id: str
    label: str


def _row(attribute: Attribute, inherited_from: str = "") -> AttributeRow:
    return AttributeRow(
        id=attribute.id or 0,
        code=attribute.code,
        name=attribute.name,
        kind=attribute.kind,
        kind_label=t(KIND_KEYS[AttributeKind(attribute.kind)]),
        unit=attribute.unit,
        group=attribute.group,
        position=str(attribute.position),
        choices=attribute.choices,
        name_en=attribute.name_en,
        unit_en=attribute.unit_en,
        group_en=attribute.group_en,
        choices_en=attribute.choices_en,
        inherited_from=inherited_from,
    )


def category_options(*, session: Session) -> list[CategoryOption]:
    tree = load_category_tree(session=session)
    return [CategoryOption(id=EVERY_PRODUCT, label=t("admin.attributes.every_product"))] + [
        CategoryOption(id=str(category.id), label="\u00a0\u00a0" * depth + category.name)
        for category, depth in tree.walk_all()
    ]


def attribute_rows(*, session: Session, category: str) -> list[AttributeRow]:
    """The category's own attributes, then those it inherits (with where they come from)."""
    if category == EVERY_PRODUCT:
        query = select(Attribute).where(col(Attribute.category_id).is_(None))
        return [_row(a) for a in session.exec(query.order_by(col(Attribute.position), col(Attribute.id)))]
    tree = load_category_tree(session=session)
    category_id = int(category)
    rows = applicable_attributes(session, [category_id], tree)
    own = [_row(a) for a in rows if a.category_id == category_id]

    def source(attribute: Attribute) -> str:
        if attribute.category_id is None:
            return t("admin.attributes.every_product")
        found = tree.by_id.get(attribute.category_id)
        return found.name if found else ""

    return own + [_row(a, source(a)) for a in rows if a.category_id != category_id]


def _actor(session: Session, staff: Acting) -> Actor:
    return user_actor(session=session, user_id=staff.user_id, ip=staff.ip)


def save_attribute(*, session: Session, staff: Acting, attribute_id: int, category: str, form: dict[str, Any]) -> int:
    """Create (id 0) or change an attribute of `category`; ValidationFailed carries every field's error."""
    data = AttributeInput(
        code=str(form.get("code", ""))[:100],
        name=str(form.get("name", ""))[:200],
        kind=str(form.get("kind", ""))[:20],
        unit=str(form.get("unit", ""))[:100],
        choices=str(form.get("choices", ""))[:20_000],
        group=str(form.get("group", ""))[:200],
        category_id=None if category == EVERY_PRODUCT else int(category),
        position=str(form.get("position", "0"))[:12],
        name_en=str(form.get("name_en", ""))[:200],
        unit_en=str(form.get("unit_en", ""))[:100],
        group_en=str(form.get("group_en", ""))[:200],
        choices_en=str(form.get("choices_en", ""))[:20_000],
    )
    actor = _actor(session, staff)
    if attribute_id:
        return update_attribute(session=session, attribute_id=attribute_id, data=data, actor=actor).id or 0
    return create_attribute(session=session, data=data, actor=actor).id or 0


def remove_attribute(*, session: Session, staff: Acting, attribute_id: int) -> None:
    delete_attribute(session=session, attribute_id=attribute_id, actor=_actor(session, staff))
