"""The category tree: subtrees at any depth, breadcrumbs, a sidebar, and moves that would loop."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store_app.catalog.category_service import (
    CategoryInput,
    breadcrumbs,
    create_category,
    delete_category,
    descendant_ids,
    load_category_tree,
    update_category,
)
from store_app.catalog.models import Category
from store_app.core.errors import Conflict, ValidationFailed
from tests.catalog.conftest import add_category


@pytest.fixture
def tree(any_session: Session) -> dict[str, Category]:
    """Электроника > Аудио > Наушники > Беспроводные (four levels) and a sibling branch."""
    s = any_session
    top = add_category(s, "Электроника")
    audio = add_category(s, "Аудио", top)
    headphones = add_category(s, "Наушники", audio)
    wireless = add_category(s, "Беспроводные", headphones)
    speakers = add_category(s, "Колонки", audio)
    phones = add_category(s, "Смартфоны", top)
    home = add_category(s, "Для дома")
    s.commit()
    return {c.slug: c for c in (top, audio, headphones, wireless, speakers, phones, home)}


def test_descendants_reach_every_depth(any_session: Session, tree: dict[str, Category]) -> None:
    ids = {slug: c.id for slug, c in tree.items()}
    assert descendant_ids(session=any_session, category_id=ids["elektronika"]) == {
        ids["elektronika"],
        ids["audio"],
        ids["naushniki"],
        ids["besprovodnye"],
        ids["kolonki"],
        ids["smartfony"],
    }
    assert descendant_ids(session=any_session, category_id=ids["naushniki"]) == {ids["naushniki"], ids["besprovodnye"]}
    assert descendant_ids(session=any_session, category_id=ids["dlya-doma"]) == {ids["dlya-doma"]}
    loaded = load_category_tree(session=any_session)
    assert loaded.descendant_ids(ids["audio"]) == descendant_ids(session=any_session, category_id=ids["audio"])


def test_breadcrumbs_run_from_the_top_down(any_session: Session, tree: dict[str, Category]) -> None:
    path = breadcrumbs(session=any_session, category_id=tree["besprovodnye"].id or 0)
    assert [c.name for c in path] == ["Электроника", "Аудио", "Наушники", "Беспроводные"]


def test_sidebar_opens_only_the_selected_branch(any_session: Session, tree: dict[str, Category]) -> None:
    loaded = load_category_tree(session=any_session)
    closed = [(c.name, depth) for c, depth in loaded.sidebar(None)]
    assert closed == [("Для дома", 0), ("Электроника", 0)]  # ordered by position, then name
    opened = [(c.name, depth) for c, depth in loaded.sidebar(tree["naushniki"].id)]
    assert opened == [
        ("Для дома", 0),
        ("Электроника", 0),
        ("Аудио", 1),
        ("Колонки", 2),
        ("Наушники", 2),
        ("Беспроводные", 3),
        ("Смартфоны", 1),
    ]


def test_a_category_cannot_move_under_its_own_descendant(any_session: Session, tree: dict[str, Category]) -> None:
    audio = tree["audio"]
    with pytest.raises(ValidationFailed) as error:
        update_category(
            session=any_session,
            category_id=audio.id or 0,
            changes={"parent_id": tree["besprovodnye"].id},
        )
    assert list(error.value.errors) == ["parent_id"]
    any_session.rollback()
    assert any_session.get(Category, audio.id).parent_id == tree["elektronika"].id


def test_moving_a_branch_moves_its_products_filter_with_it(any_session: Session, tree: dict[str, Category]) -> None:
    update_category(
        session=any_session,
        category_id=tree["naushniki"].id or 0,
        changes={"parent_id": tree["dlya-doma"].id},
    )
    assert tree["besprovodnye"].id in descendant_ids(session=any_session, category_id=tree["dlya-doma"].id or 0)
    assert tree["besprovodnye"].id not in descendant_ids(session=any_session, category_id=tree["audio"].id or 0)


def test_slugs_are_made_from_russian_names_and_kept_unique(any_session: Session, tree: dict[str, Category]) -> None:
    again = add_category(any_session, "Наушники", tree["dlya-doma"])
    assert tree["naushniki"].slug == "naushniki"
    assert again.slug == "naushniki-2"
    with pytest.raises(ValidationFailed) as error:
        create_category(session=any_session, data=CategoryInput(name="Другое", slug="audio"))
    assert error.value.errors == {"slug": [error.value.errors["slug"][0]]}


def test_bad_category_input_reports_every_field(any_session: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        create_category(session=any_session, data=CategoryInput(name="  ", slug="Не латиница", parent_id=999))
    assert set(error.value.errors) == {"name", "slug", "parent_id"}


def test_a_category_with_subcategories_is_not_deleted(any_session: Session, tree: dict[str, Category]) -> None:
    with pytest.raises(Conflict):
        delete_category(session=any_session, category_id=tree["audio"].id or 0)
    delete_category(session=any_session, category_id=tree["kolonki"].id or 0)
    any_session.commit()
    assert any_session.get(Category, tree["kolonki"].id) is None
    assert any_session.get(Category, tree["audio"].id) is not None
