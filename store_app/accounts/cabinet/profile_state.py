"""State of the cabinet's profile form and avatar upload (SPEC A6): server-checked, errors under fields."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.profile.avatar import MAX_BYTES, AvatarRejected, avatar_url, remove_avatar, save_avatar
from store_app.accounts.profile.service import PROFILE_FIELDS, ProfileInput, get_profile, update_profile
from store_app.accounts.rules.phones import display_phone
from store_app.accounts.sessions.guards import acting, login_event
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.state_helpers import form_text
from store_app.core.i18n import t
from store_app.ui.bridge import attempt, call
from store_app.ui.state import ShellState

AVATAR_UPLOAD_ID = "cabinet-avatar"


def _profile_values(*, session: Session, user_id: int) -> dict[str, str]:
    profile = get_profile(session=session, user_id=user_id)
    values = {name: str(getattr(profile, name) or "") for name in PROFILE_FIELDS}
    values["phone"] = display_phone(values["phone"])  # stored in E.164, shown as people write it
    return {**values, "avatar_url": avatar_url(profile.avatar_path)}


def uploaded_name(file: rx.UploadFile) -> str:
    """The name as the browser sent it: Reflex keeps a sanitised relative path, which shows any folders."""
    return str(file.path) if file.path else ""


async def show_avatar_in_navbar(state: rx.State, context: AuthContext) -> None:
    values = await call(_profile_values, user_id=context.user_id)
    (await state.get_state(ShellState)).avatar_url = values["avatar_url"]


class CabinetProfileState(rx.State):
    loaded: bool = False
    values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: str = ""
    avatar_url: str = ""
    avatar_error: str = ""
    avatar_notice: str = ""
    busy: bool = False

    async def _show_in_navbar(self, *, first_name: str | None = None) -> None:
        shell = await self.get_state(ShellState)
        shell.avatar_url = self.avatar_url
        if first_name:
            shell.user_name = first_name

    @login_event
    async def load(self) -> None:
        self.reset()
        values = await call(_profile_values, user_id=acting().user_id)
        self.avatar_url = values.pop("avatar_url")
        self.values, self.loaded = values, True

    @login_event
    async def save(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        who = acting()
        data = ProfileInput(**{name: form_text(form_data, name, limit=1000) for name in PROFILE_FIELDS})
        self.busy, self.notice = True, ""
        yield
        outcome = await attempt(update_profile, where="cabinet profile", user_id=who.user_id, data=data, ip=who.ip)
        self.busy = False
        if not outcome.ok:
            self.errors = dict(outcome.errors)
            return
        changed = outcome.value
        values = await call(_profile_values, user_id=who.user_id)
        self.avatar_url = values.pop("avatar_url")
        self.values, self.errors = values, {}
        self.notice = t("cabinet.profile.saved") if changed else t("cabinet.profile.unchanged")
        await self._show_in_navbar(first_name=values["first_name"])

    @login_event
    async def upload_avatar(self, files: list[rx.UploadFile]) -> rx.event.EventSpec | None:
        who = acting()
        if not files:
            return None  # the browser refused the file itself; avatar_rejected says why
        self.avatar_error, self.avatar_notice = "", ""
        if len(files) > 1:
            self.avatar_error = t("cabinet.avatar.one_file")
            return None
        upload = files[0]
        data = await upload.read(MAX_BYTES + 1)  # one byte more than allowed is enough to say "too big"
        try:
            self.avatar_url = await call(
                save_avatar, user_id=who.user_id, filename=uploaded_name(upload), data=data, ip=who.ip
            )
        except AvatarRejected as exc:
            self.avatar_error = exc.message
            return None
        self.avatar_notice = t("cabinet.avatar.saved")
        await self._show_in_navbar()
        return rx.clear_selected_files(AVATAR_UPLOAD_ID)

    @rx.event
    def avatar_rejected(self, rejections: list[dict[str, Any]]) -> None:
        """The browser's own check refused the file (wrong type, several files); the server never saw it."""
        codes = {str(error.get("code")) for item in rejections for error in item.get("errors", [])}
        self.avatar_notice = ""
        self.avatar_error = t("cabinet.avatar.one_file") if "too-many-files" in codes else t("avatar.error.type")

    @login_event
    async def remove_avatar(self) -> None:
        who = acting()
        await call(remove_avatar, user_id=who.user_id, ip=who.ip)
        self.avatar_url, self.avatar_error, self.avatar_notice = "", "", t("cabinet.avatar.removed")
        await self._show_in_navbar()
