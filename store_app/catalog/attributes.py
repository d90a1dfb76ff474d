"""Attribute rules: a category's typed attributes (inherited below it) and the values products give them.

Every value is checked against its attribute's kind (a number, one of the choices, yes/no, short text)
and its scope (the attribute applies to one of the product's categories or one above it); every
error is collected under `attributes.<code>`. Changes of attributes go to the history log.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

from sqlmodel import Session, col, delete, select

from store_app.audit.kinds import EventKind
from store_app.catalog.actor import Actor, record_change
from store_app.catalog.attribute_models import Attribute, AttributeKind, ProductAttributeValue
from store_app.catalog.category_service import CategoryTree, load_category_tree
from store_app.catalog.field_rules import text_errors
from store_app.catalog.listing import refresh_listing
from store_app.catalog.names import attribute_group, attribute_name, attribute_unit, option_names
from store_app.core.errors import NotFound, ValidationFailed
from store_app.core.i18n import t

CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_VALUE_LENGTH = 200
MAX_NAME_LENGTH = 80  # a specification's name, Russian or English
MAX_CHOICES = 200
YES = {"1", "да", "yes", "true", "y", "on"}
NO = {"0", "нет", "no", "false", "n", "off"}
Value = tuple[str, float | None]  # (the text stored and shown, the number ranges compare)


def field_name(code: str) -> str:
    """The error key of a product's value of attribute `code`."""
    return f"attributes.{code}"


def applicable_attributes(
    session: Session, category_ids: Collection[int], tree: CategoryTree | None = None
) -> list[Attribute]:
    """Attributes of every product, then those of `category_ids` and the categories above them
    (the top-most first), each in its position order."""
    tree = tree or load_category_tree(session=session)
    depth: dict[int, int] = {}
    for category_id in category_ids:
        for level, step in enumerate(tree.path(category_id)):
            if step.id is not None:
                depth[step.id] = min(level, depth.get(step.id, level))
    query = select(Attribute).where(col(Attribute.category_id).is_(None) | col(Attribute.category_id).in_(list(depth)))
    found = list(session.exec(query))
    return sorted(found, key=lambda a: (-1 if a.category_id is None else depth[a.category_id], a.position, a.id or 0))


def all_attributes(session: Session) -> dict[str, Attribute]:
    """Every attribute by code (a shop has dozens)."""
    return {attribute.code: attribute for attribute in session.exec(select(Attribute))}


def format_number(number: float) -> str:
    """A number as the shop writes it: no needless ".0" (6.1, 256)."""
    return str(int(number)) if number.is_integer() else f"{number:.6g}"


def parse_value(attribute: Attribute, raw: Any) -> Value:
    """`raw` as the value stored for `attribute`; ValueError with the shopper-readable reason."""
    text = " ".join(str(raw).split())
    kind = attribute.kind
    if kind == AttributeKind.NUMBER:
        try:
            number = float(text.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise ValueError(t("catalog.error.attribute_number")) from None
        if not math.isfinite(number) or abs(number) >= 1e12:
            raise ValueError(t("catalog.error.attribute_number"))
        return format_number(number), number
    if kind == AttributeKind.FLAG:
        folded = text.casefold()
        if folded in YES:
            return "1", None
        if folded in NO:
            return "0", None
        raise ValueError(t("catalog.error.attribute_flag"))
    if kind == AttributeKind.CHOICE:
        by_fold = {option.casefold(): option for option in attribute.options}
        if text.casefold() not in by_fold:
            raise ValueError(t("catalog.error.attribute_choice", choices=", ".join(attribute.options[:12])))
        return by_fold[text.casefold()], None
    problems = text_errors(str(raw))
    if problems:
        raise ValueError(problems[0])
    if len(text) > MAX_VALUE_LENGTH:
        raise ValueError(t("catalog.error.attribute_text", max=MAX_VALUE_LENGTH))
    return text, None


def shown_value(attribute: Attribute, value: str, names: Mapping[str, str] | None = None) -> str:
    """A stored value as a shopper reads it, in their language: yes/no in words, the unit after a number,
    a choice's option by its name (`names`: `option_names(attribute)`, when the caller has it at hand)."""
    if attribute.kind == AttributeKind.FLAG:
        return t("catalog.attribute.yes") if value == "1" else t("catalog.attribute.no")
    if attribute.kind == AttributeKind.NUMBER:
        number = value.replace(".", t("catalog.attribute.decimal_point"))
        unit = attribute_unit(attribute)
        return f"{number} {unit}" if unit else number
    if attribute.kind == AttributeKind.CHOICE:
        return (option_names(attribute) if names is None else names).get(value, value)
    return value


def product_values(session: Session, product_id: int) -> dict[str, str]:
    """The product's stored values by attribute code."""
    query = (
        select(Attribute.code, ProductAttributeValue.value)
        .join(Attribute, col(Attribute.id) == col(ProductAttributeValue.attribute_id))
        .where(col(ProductAttributeValue.product_id) == product_id)
    )
    return dict(session.exec(query).all())


def check_values(
    session: Session,
    *,
    category_ids: Collection[int],
    given: Mapping[str, Any],
    kept: Mapping[str, str] = {},
    errors: dict[str, list[str]],
) -> dict[int, Value]:
    """The values to store (attribute id -> value) from `given` (checked: every error under its
    field) and `kept` (the product's earlier values; dropped quietly when they no longer apply)."""
    applicable = {attribute.code: attribute for attribute in applicable_attributes(session, category_ids)}
    known = all_attributes(session) if set(given) - set(applicable) else applicable
    clean: dict[int, Value] = {}
    for code, raw in {**kept, **given}.items():
        attribute = applicable.get(code)
        if attribute is None or attribute.id is None:
            if code in given and str(raw or "").strip():
                reason = "catalog.error.attribute_scope" if code in known else "catalog.error.attribute_unknown"
                errors[field_name(code)].append(t(reason))
            continue
        if raw is None or not str(raw).strip():
            continue  # an empty value removes it
        try:
            clean[attribute.id] = parse_value(attribute, raw)
        except ValueError as exc:
            errors[field_name(code)].append(str(exc))
    return clean


def store_values(session: Session, product_id: int, values: Mapping[int, Value]) -> bool:
    """Replace the product's values; True when anything changed. The caller refreshes the listings."""
    rows = session.exec(select(ProductAttributeValue).where(col(ProductAttributeValue.product_id) == product_id))
    current = {row.attribute_id: (row.value, row.number) for row in rows}
    if current == dict(values):
        return False
    session.exec(delete(ProductAttributeValue).where(col(ProductAttributeValue.product_id) == product_id))
    session.add_all(
        ProductAttributeValue(product_id=product_id, attribute_id=attribute_id, value=value, number=number)
        for attribute_id, (value, number) in values.items()
    )
    return True


# Attributes themselves (the admin's "Характеристики" of a category).


@dataclasses.dataclass
class AttributeInput:
    code: str
    name: str
    kind: str
    unit: str = ""
    choices: str = ""  # one option per line
    group: str = ""
    category_id: int | None = None
    position: int | str = 0
    # What English readers see; "" shows them the Russian. The options' names: a line per option, in order.
    name_en: str = ""
    unit_en: str = ""
    group_en: str = ""
    choices_en: str = ""


def _options(raw: str, errors: list[str]) -> list[str]:
    options = list(dict.fromkeys(" ".join(line.split()) for line in raw.splitlines() if line.strip()))
    if not options:
        errors.append(t("catalog.error.attribute_no_choices"))
    elif len(options) > MAX_CHOICES or any(len(o) > MAX_VALUE_LENGTH for o in options):
        errors.append(t("catalog.error.attribute_too_many_choices", max=MAX_CHOICES, length=MAX_VALUE_LENGTH))
    elif any("," in option for option in options):
        errors.append(t("catalog.error.attribute_choice_comma"))  # a filter joins chosen values with commas
    return options


def _english_options(raw: str, options: list[str], errors: list[str]) -> list[str]:
    """The options' English names: none, or a line for each option in the same order."""
    names = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    if names and len(names) != len(options):
        errors.append(t("catalog.error.attribute_choices_en"))
    elif any(len(name) > MAX_VALUE_LENGTH for name in names):
        errors.append(t("catalog.error.attribute_too_many_choices", max=MAX_CHOICES, length=MAX_VALUE_LENGTH))
    return names


def _validated(session: Session, data: AttributeInput, attribute: Attribute | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = defaultdict(list)
    for field in ("code", "name", "unit", "choices", "group", "name_en", "unit_en", "group_en", "choices_en"):
        errors[field].extend(text_errors(str(getattr(data, field))))
    code = str(data.code).strip().lower()
    if not CODE.fullmatch(code):
        errors["code"].append(t("catalog.error.attribute_code"))
    else:
        taken = session.exec(select(Attribute.id).where(col(Attribute.code) == code)).first()
        if taken is not None and (attribute is None or taken != attribute.id):
            errors["code"].append(t("catalog.error.attribute_code_taken"))
    name = " ".join(str(data.name).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"].append(t("catalog.error.attribute_name"))
    kind = str(data.kind)
    if kind not in AttributeKind._value2member_map_:
        errors["kind"].append(t("catalog.error.attribute_kind"))
    options = _options(str(data.choices), errors["choices"]) if kind == AttributeKind.CHOICE else []
    options_en = _english_options(str(data.choices_en), options, errors["choices_en"]) if options else []
    name_en = " ".join(str(data.name_en).split())
    if len(name_en) > MAX_NAME_LENGTH:
        errors["name_en"].append(t("catalog.error.attribute_name_en"))
    unit, group = " ".join(str(data.unit).split()), " ".join(str(data.group).split())
    unit_en, group_en = " ".join(str(data.unit_en).split()), " ".join(str(data.group_en).split())
    for field, value, longest, key in (
        ("unit", unit, 20, "catalog.error.attribute_unit"),
        ("unit_en", unit_en, 20, "catalog.error.attribute_unit"),
        ("group", group, 60, "catalog.error.attribute_group"),
        ("group_en", group_en, 60, "catalog.error.attribute_group"),
    ):
        if len(value) > longest:
            errors[field].append(t(key))
    try:
        position = int(str(data.position).strip() or 0)
    except ValueError:
        errors["position"].append(t("catalog.error.attribute_position"))
        position = 0
    if data.category_id is not None and data.category_id not in load_category_tree(session=session).by_id:
        errors["category_id"].append(t("catalog.error.category_missing"))
    if attribute is not None and attribute.id is not None:
        _check_in_use(session, attribute, kind, data.category_id, options, errors)
    if any(errors.values()):
        raise ValidationFailed(dict(errors))
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "unit": unit,
        "choices": "\n".join(options),
        "group": group,
        "category_id": data.category_id,
        "position": position,
        "name_en": name_en,
        "unit_en": unit_en,
        "group_en": group_en,
        "choices_en": "\n".join(options_en),
    }


def _check_in_use(
    session: Session,
    attribute: Attribute,
    kind: str,
    category_id: int | None,
    options: list[str],
    errors: dict[str, list[str]],
) -> None:
    """Products' values must stay valid: no new kind or category while any exist, no removed option in use."""
    used = select(ProductAttributeValue.value).where(col(ProductAttributeValue.attribute_id) == attribute.id)
    values = set(session.exec(used.distinct()))
    if not values:
        return
    if kind != attribute.kind:
        errors["kind"].append(t("catalog.error.attribute_in_use"))
    if category_id != attribute.category_id:
        errors["category_id"].append(t("catalog.error.attribute_in_use"))
    if kind == attribute.kind == AttributeKind.CHOICE:
        removed = sorted(values - set(options))
        if removed:
            errors["choices"].append(t("catalog.error.attribute_option_in_use", options=", ".join(removed[:5])))


def _record(session: Session, kind: EventKind, attribute: Attribute, actor: Actor, details: dict[str, Any]) -> None:
    record_change(session, kind, f"attribute:{attribute.id}", actor, {"code": attribute.code, **details})


def _products_with(session: Session, attribute_id: int) -> list[int]:
    query = select(ProductAttributeValue.product_id).where(col(ProductAttributeValue.attribute_id) == attribute_id)
    return list(session.exec(query))


def create_attribute(*, session: Session, data: AttributeInput, actor: Actor) -> Attribute:
    attribute = Attribute(**_validated(session, data, None))
    session.add(attribute)
    session.flush()
    _record(session, EventKind.ATTRIBUTE_CREATED, attribute, actor, {"name": attribute.name})
    return attribute


def update_attribute(*, session: Session, attribute_id: int, data: AttributeInput, actor: Actor) -> Attribute:
    attribute = session.get(Attribute, attribute_id)
    if attribute is None:
        raise NotFound(t("catalog.error.attribute_not_found"))
    clean = _validated(session, data, attribute)
    changed = [name for name, value in clean.items() if getattr(attribute, name) != value]
    for name in changed:
        setattr(attribute, name, clean[name])
    session.flush()
    if changed:
        # The facet rows carry nothing of the attribute but its id, yet a new option order or scope is
        # read by listings: refresh the products that have a value.
        refresh_listing(session=session, product_ids=_products_with(session, attribute_id))
        _record(session, EventKind.ATTRIBUTE_CHANGED, attribute, actor, {"fields": changed})
    return attribute


def delete_attribute(*, session: Session, attribute_id: int, actor: Actor) -> None:
    """Remove an attribute with every product's value of it."""
    attribute = session.get(Attribute, attribute_id)
    if attribute is None:
        raise NotFound(t("catalog.error.attribute_not_found"))
    products = _products_with(session, attribute_id)
    _record(session, EventKind.ATTRIBUTE_DELETED, attribute, actor, {"name": attribute.name})
    session.exec(delete(ProductAttributeValue).where(col(ProductAttributeValue.attribute_id) == attribute_id))
    session.delete(attribute)
    session.flush()
    refresh_listing(session=session, product_ids=products)


def specifications(
    session: Session, product_id: int, category_ids: Collection[int]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The product's specifications as a shop's table in the reader's language: (group, [(attribute, value
    shown)]), groups in the order their first attribute comes (the category's from the top down, then by
    position)."""
    rows = session.exec(
        select(Attribute, ProductAttributeValue.value)
        .join(ProductAttributeValue, col(ProductAttributeValue.attribute_id) == col(Attribute.id))
        .where(col(ProductAttributeValue.product_id) == product_id)
    ).all()
    order = {a.id: index for index, a in enumerate(applicable_attributes(session, category_ids))}
    groups: dict[str, list[tuple[str, str]]] = {}
    for attribute, value in sorted(rows, key=lambda row: (order.get(row[0].id, len(order)), row[0].position)):
        groups.setdefault(attribute_group(attribute) or t("catalog.specs.other"), []).append(
            (attribute_name(attribute), shown_value(attribute, value))
        )
    return list(groups.items())


def attributes_cell(values: Mapping[str, str]) -> str:
    """Specifications in one CSV cell, a `code=value` line each (the product import reads them back)."""
    return "\n".join(f"{code}={value}" for code, value in values.items())
