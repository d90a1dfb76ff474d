"""URL slugs from names (Russian transliterated), unique within a table."""

from __future__ import annotations

import re

from sqlmodel import Session, SQLModel, col, select

_RU_TO_LATIN = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ъ": "", "ь": "", "ю": "yu", "я": "ya"},
}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, *, max_length: int = 120) -> str:
    """ "Смартфон Galaxy S24" -> "smartfon-galaxy-s24"; only a-z, 0-9 and single hyphens."""
    latin = "".join(_RU_TO_LATIN.get(char, char) for char in text.casefold()).replace("-", " ")
    return "-".join(re.findall(r"[a-z0-9]+", latin))[:max_length].strip("-")


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.match(slug))


def unique_slug(*, session: Session, model: type[SQLModel], base: str, exclude_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`... whichever no other row of `model` uses."""
    slug_column = col(model.slug)  # type: ignore[attr-defined]
    query = select(slug_column).where((slug_column == base) | slug_column.startswith(f"{base}-"))
    if exclude_id is not None:
        query = query.where(col(model.id) != exclude_id)  # type: ignore[attr-defined]
    taken = set(session.exec(query))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def choose_slug(
    *, session: Session, model: type[SQLModel], given: str, name: str, exclude_id: int | None
) -> tuple[str, str | None]:
    """The slug to store and the locale key of what is wrong with it (None when it is fine).

    A given slug must be well formed and free; without one, a free slug is made from the name."""
    given = given.strip().lower()
    if not given:
        return unique_slug(session=session, model=model, base=slugify(name) or "item", exclude_id=exclude_id), None
    if not is_valid_slug(given) or len(given) > 140:
        return given, "catalog.error.slug_format"
    if unique_slug(session=session, model=model, base=given, exclude_id=exclude_id) != given:
        return given, "catalog.error.slug_taken"
    return given, None
