"""Avatar uploads (SPEC A6, H6): only decoded, re-encoded pictures are stored; hostile files store nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session

from store_app.accounts.models import Profile
from store_app.accounts.profile.avatar import (
    AVATAR_SIDE,
    AvatarRejected,
    avatar_folder,
    remove_avatar,
    save_avatar,
)
from store_app.accounts.profile.avatar_routes import router
from store_app.audit.service import list_events
from store_app.core.i18n import t
from tests.utils import images
from tests.utils.factories import make_shopper


def _stored_files() -> list[Path]:
    folder = avatar_folder()
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(("fmt", "filename"), [("PNG", "me.png"), ("JPEG", "Me.JPG"), ("WEBP", "me.webp")])
def test_a_picture_is_stored_square_reencoded_and_without_metadata(session: Session, fmt: str, filename: str) -> None:
    user = make_shopper(session)
    url = save_avatar(session=session, user_id=user.id, filename=filename, data=images.picture(fmt, exif_note="GPS"))
    session.commit()

    [stored] = _stored_files()
    assert url == f"/media/avatars/{stored.name}"
    assert session.get(Profile, user.id).avatar_path == stored.name
    assert stored.name != filename and len(stored.stem) == 32
    assert avatar_folder().is_relative_to(Path(session.get_bind().url.database).parent)  # under DATA_DIR
    with Image.open(stored) as image:
        assert image.format == "WEBP"
        assert image.size == (AVATAR_SIDE, AVATAR_SIDE)
        assert not image.getexif()
    assert b"GPS" not in stored.read_bytes()
    [event] = list_events(session=session, kind="profile changed")
    assert event.details == {"fields": ["avatar"]}


def test_a_new_avatar_replaces_the_old_file_once_committed(session: Session) -> None:
    user = make_shopper(session)
    save_avatar(session=session, user_id=user.id, filename="a.png", data=images.picture("PNG"))
    session.commit()
    [first] = _stored_files()
    save_avatar(session=session, user_id=user.id, filename="b.jpg", data=images.picture("JPEG"))
    assert first.exists(), "the old file stays until the change is committed"
    session.commit()
    [second] = _stored_files()
    assert second != first and not first.exists()


def test_a_rolled_back_upload_leaves_the_old_avatar_and_no_new_file(session: Session) -> None:
    user = make_shopper(session)
    save_avatar(session=session, user_id=user.id, filename="a.png", data=images.picture("PNG"))
    session.commit()
    [first] = _stored_files()
    save_avatar(session=session, user_id=user.id, filename="b.png", data=images.picture("PNG"))
    session.rollback()
    assert _stored_files() == [first]
    assert session.get(Profile, user.id).avatar_path == first.name


def test_removing_the_avatar_deletes_the_file(session: Session) -> None:
    user = make_shopper(session)
    save_avatar(session=session, user_id=user.id, filename="a.png", data=images.picture("PNG"))
    session.commit()
    remove_avatar(session=session, user_id=user.id)
    session.commit()
    assert _stored_files() == []
    assert session.get(Profile, user.id).avatar_path == ""


BAD_UPLOADS: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("empty", "me.png", lambda: b"", t("avatar.error.empty")),
    ("too big", "me.jpg", images.over_two_megabytes, t("avatar.error.too_big", mb=2)),
    ("gif", "me.gif", images.gif, t("avatar.error.type")),
    ("gif named png", "me.png", images.gif, t("avatar.error.type")),
    ("html named png", "me.png", lambda: b"<html><script>alert(1)</script></html>", t("avatar.error.type")),
    ("png header then html", "me.png", images.png_header_then_html, t("avatar.error.type")),
    ("decompression bomb", "bomb.png", images.decompression_bomb, t("avatar.error.pixels", side=4096)),
    ("over 4096 pixels wide", "wide.png", images.too_many_pixels, t("avatar.error.pixels", side=4096)),
    ("truncated png", "cut.png", lambda: images.picture("PNG")[:300], t("avatar.error.broken")),
    ("path in the name", "../../etc/passwd.png", lambda: images.picture("PNG"), t("avatar.error.name")),
    ("windows path", "C:\\Users\\me.png", lambda: images.picture("PNG"), t("avatar.error.name")),
    ("hidden file", ".me.png", lambda: images.picture("PNG"), t("avatar.error.name")),
]


@pytest.mark.parametrize(("case", "filename", "make", "message"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_bad_uploads_get_a_clear_message_and_nothing_is_stored(
    session: Session, case: str, filename: str, make: Callable[[], bytes], message: str
) -> None:
    user = make_shopper(session)
    with pytest.raises(AvatarRejected) as caught:
        save_avatar(session=session, user_id=user.id, filename=filename, data=make())
    assert caught.value.field == "avatar"
    assert caught.value.message == message
    session.rollback()
    assert _stored_files() == []
    assert session.get(Profile, user.id).avatar_path == ""
    assert list_events(session=session, kind="profile changed") == []


def test_a_script_after_a_real_png_does_not_survive_reencoding(session: Session) -> None:
    user = make_shopper(session)
    save_avatar(session=session, user_id=user.id, filename="me.png", data=images.png_with_trailing_html())
    session.commit()
    [stored] = _stored_files()
    assert b"<script" not in stored.read_bytes()


def _client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_avatars_are_served_as_webp_with_nosniff(session: Session) -> None:
    user = make_shopper(session)
    url = save_avatar(session=session, user_id=user.id, filename="me.png", data=images.picture("PNG"))
    session.commit()
    response = _client().get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["x-content-type-options"] == "nosniff"
    Image.open(io.BytesIO(response.content)).verify()


@pytest.mark.parametrize(
    "path",
    [
        "/media/avatars/0123456789abcdef0123456789abcdef.webp",  # well formed, not stored
        "/media/avatars/..%2F..%2Fstore.db",
        "/media/avatars/%2e%2e%2fstore.db",
        "/media/avatars/store.db",
    ],
)
def test_only_stored_avatar_names_are_served(session: Session, path: str) -> None:
    (avatar_folder().parent.parent / "store.db").touch()
    assert _client().get(path).status_code == 404
