"""One text rule for products, categories and person names; pictures only from the shop's own media."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store_app.accounts.rules.person_names import clean_person_name
from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.service import ProductInput, create_product
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t

CONTROL = ["\x00", "\x07", "\x1b", "\x1f", "\x7f", "\x85", "\u202e", "\u2066", "\ud800"]
FOREIGN_IMAGES = [
    "//evil.example/x.png",
    "http://evil.example/x.png",
    "https://evil.example/x.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "/catalog/../../etc/passwd.png",
    "/catalog//evil.example/x.png",
    "\\\\evil.example\\x.png",
    "/\\evil.example/x.png",
    "/api/v1/auth/logout",
    "/catalog/phone.webp?x=1",
    "catalog/phone.webp",
]


def _product(**fields: object) -> ProductInput:
    return ProductInput(**{"name": "Смартфон Honor 200", "price": "32990", **fields})  # type: ignore[arg-type]


# One migrated database per test, so the database-bound cases loop instead of being parametrized.
def test_product_text_with_a_control_character_is_refused(session: Session) -> None:
    for char in CONTROL:
        with pytest.raises(ValidationFailed) as error:
            create_product(session=session, data=_product(name=f"Смартфон{char}Honor", description=f"Хороший{char}"))
        assert set(error.value.errors) == {"name", "description"}
        assert error.value.errors["name"] == [t("text.error.control_characters", chars=f"U+{ord(char):04X}")]


@pytest.mark.parametrize("char", CONTROL)
def test_a_person_name_with_a_control_character_is_refused_by_the_same_rule(char: str) -> None:
    _, errors = clean_person_name(f"Анна{char}Мария", required=True)
    assert errors == [t("text.error.control_characters", chars=f"U+{ord(char):04X}")]


def test_a_category_name_with_a_control_character_is_refused(session: Session) -> None:
    for char in CONTROL:
        with pytest.raises(ValidationFailed) as error:
            create_category(session=session, data=CategoryInput(name=f"Аудио{char}"))
        assert set(error.value.errors) == {"name"}


def test_a_description_keeps_its_lines_and_tabs(session: Session) -> None:
    product = create_product(session=session, data=_product(description="Первая строка\n\tвторая\r\nтретья"))
    assert product.description == "Первая строка\n\tвторая\r\nтретья"


def test_a_picture_from_anywhere_but_the_shop_is_refused(session: Session) -> None:
    for image in FOREIGN_IMAGES:
        with pytest.raises(ValidationFailed) as error:
            create_product(session=session, data=_product(image=image))
        assert error.value.errors == {"image": [t("catalog.error.image_path")]}, image
        with pytest.raises(ValidationFailed) as error:
            create_category(session=session, data=CategoryInput(name="Аудио", image=image))
        assert error.value.errors == {"image": [t("catalog.error.image_path")]}, image


def test_the_shops_own_pictures_are_accepted(session: Session) -> None:
    for number, image in enumerate(["/catalog/phone-0.webp", "/media/products/ab_12.PNG", "/catalog/a/b.jpeg", ""]):
        assert create_product(session=session, data=_product(name=f"Телефон {number}", image=image)).image == image
        assert create_category(session=session, data=CategoryInput(name=f"Раздел {number}", image=image)).image == image
