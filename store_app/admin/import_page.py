"""/admin/import: upload a product CSV, see the preview (bad rows with the reason), then confirm (SPEC D3).
Both steps run in the background with a progress bar; nothing is written before the confirmation."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx

from store_app.accounts.history import user_actor
from store_app.accounts.sessions.guards import Acting, acting, staff_event
from store_app.admin.import_service import MAX_IMPORT_BYTES, BadRow, ImportRow, apply_import, preview_import
from store_app.admin.shell import admin_page, admin_table, notice_and_error
from store_app.core.db import session_scope
from store_app.core.errors import DomainError
from store_app.core.i18n import t

UPLOAD_ID = "product-import"
POLL_SECONDS = 0.2


@dataclasses.dataclass
class BadRowView:
    line: int
    reason: str


@dataclasses.dataclass
class GoodRowView:
    """A row that would be written: a new product, or the fields an update changes ("price: 100 → 120")."""

    line: int
    name: str
    changes: list[str]


PREVIEW_LIMIT = 500


def _good_view(row: ImportRow) -> GoodRowView:
    changes = [f"{change.field}: {change.old or '—'} → {change.new or '—'}" for change in row.changes]
    return GoodRowView(line=row.line, name=row.name, changes=changes)


def _preview(text: str, progress: Callable[[int], None]) -> tuple[list[ImportRow], list[BadRow]]:
    with session_scope() as session:
        found = preview_import(session=session, text=text, progress=progress)
        session.rollback()  # a preview never writes
        return found.good, found.bad


def _apply(actor: Acting, rows: list[ImportRow], progress: Callable[[int], None]) -> int:
    with session_scope() as session:
        who = user_actor(session=session, user_id=actor.user_id, ip=actor.ip)
        return apply_import(session=session, rows=rows, actor=who, progress=progress)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")  # Excel's usual Russian encoding


class ProductImportState(rx.State):
    file_name: str = ""
    total: int = 0
    done: int = 0
    busy: bool = False
    good_count: int = 0
    bad_count: int = 0
    created_count: int = 0
    changed_count: int = 0
    bad_rows: rx.Field[list[BadRowView]] = rx.field(default_factory=list)
    created_rows: rx.Field[list[GoodRowView]] = rx.field(default_factory=list)
    changed_rows: rx.Field[list[GoodRowView]] = rx.field(default_factory=list)
    previewed: bool = False
    notice: str = ""
    error: str = ""
    loaded: bool = False
    _rows: list[ImportRow] = []  # noqa: RUF012  # backend only: the checked rows waiting for confirmation
    _text: str = ""  # backend only: the uploaded file until it is checked

    @staff_event
    async def load(self) -> None:
        self.loaded = True

    async def _run(self, work: Callable[[Callable[[int], None]], Any]) -> Any:
        """Run `work(progress)` in a thread, showing its progress; the caller holds no state lock."""
        counter = [0]
        task = asyncio.ensure_future(asyncio.to_thread(work, lambda n: counter.__setitem__(0, n)))
        while not task.done():
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                self.done = counter[0]
        return await task

    @staff_event
    async def upload(self, files: list[rx.UploadFile]):  # type: ignore[no-untyped-def]
        """Take the file in; the rows are checked by `check`, in the background."""
        if self.busy or not files:
            return None
        self._text = _decode(await files[0].read(MAX_IMPORT_BYTES + 1))
        self.file_name = str(files[0].path) if files[0].path else ""
        self.busy, self.previewed, self.notice, self.error = True, False, "", ""
        self.total, self.done, self._rows = max(1, self._text.count("\n")), 0, []
        return [rx.clear_selected_files(UPLOAD_ID), ProductImportState.check]

    @staff_event(background=True)
    async def check(self) -> None:
        async with self:
            if not self._text:
                return
            text, self._text = self._text, ""
        try:
            good, bad = await self._run(lambda progress: _preview(text, progress))
        except DomainError as exc:
            async with self:
                self.busy, self.error = False, exc.message
            return
        async with self:
            self._rows, self.good_count, self.previewed, self.busy = good, len(good), True, False
            self.bad_rows = [BadRowView(line=row.line, reason=row.reason) for row in bad[:PREVIEW_LIMIT]]
            created = [row for row in good if row.product_id is None]
            changed = [row for row in good if row.product_id is not None]
            self.created_count, self.changed_count = len(created), len(changed)
            self.created_rows = [_good_view(row) for row in created[:PREVIEW_LIMIT]]
            self.changed_rows = [_good_view(row) for row in changed[:PREVIEW_LIMIT]]
            self.bad_count = len(bad)
            self.done = self.total

    @staff_event(background=True)
    async def confirm(self) -> None:
        actor = acting()
        async with self:
            if self.busy or not self._rows:
                return
            rows, self.busy, self.total, self.done = list(self._rows), True, len(self._rows), 0
        try:
            written = await self._run(lambda progress: _apply(actor, rows, progress))
        except DomainError as exc:
            async with self:
                self.busy, self.error, self.notice = False, t("admin.import.failed", reason=exc.message), ""
            return
        async with self:
            self.busy, self.previewed, self._rows, self.bad_rows = False, False, [], []
            self.created_rows, self.changed_rows = [], []
            self.notice, self.error = t("admin.import.written", count=written), ""

    @staff_event
    async def discard(self) -> None:
        self.previewed, self._rows, self.bad_rows, self.good_count = False, [], [], 0
        self.created_rows, self.changed_rows = [], []


S = ProductImportState


def _bad_row(row: BadRowView) -> rx.Component:
    return rx.table.row(rx.table.cell(row.line), rx.table.cell(row.reason), class_name="import-bad-row")


def _created_row(row: GoodRowView) -> rx.Component:
    return rx.table.row(rx.table.cell(row.line), rx.table.cell(row.name), class_name="import-created-row")


def _changed_row(row: GoodRowView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.line),
        rx.table.cell(row.name),
        rx.table.cell(
            rx.cond(
                row.changes,
                rx.vstack(rx.foreach(row.changes, lambda change: rx.text(change, size="2")), spacing="0"),
                rx.text(t("admin.import.no_change"), size="2", color_scheme="gray"),
            )
        ),
        class_name="import-changed-row",
    )


def _preview_block() -> rx.Component:
    return rx.vstack(
        rx.text(
            t("admin.import.summary_file"),
            " ",
            S.file_name,
            ". ",
            t("admin.import.summary_good"),
            " ",
            S.good_count,
            " (",
            t("admin.import.summary_created"),
            " ",
            S.created_count,
            ", ",
            t("admin.import.summary_changed"),
            " ",
            S.changed_count,
            "). ",
            t("admin.import.summary_bad"),
            " ",
            S.bad_count,
            ".",
            id="import-summary",
        ),
        rx.cond(
            S.created_rows,
            rx.vstack(
                rx.heading(t("admin.import.created_title"), size="3", as_="h2"),
                admin_table(
                    ["admin.import.line", "admin.import.name"], S.created_rows, _created_row, table_id="import-created"
                ),
                width="100%",
            ),
        ),
        rx.cond(
            S.changed_rows,
            rx.vstack(
                rx.heading(t("admin.import.changed_title"), size="3", as_="h2"),
                admin_table(
                    ["admin.import.line", "admin.import.name", "admin.import.changes"],
                    S.changed_rows,
                    _changed_row,
                    table_id="import-changed",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            S.bad_rows,
            admin_table(["admin.import.line", "admin.import.reason"], S.bad_rows, _bad_row, table_id="import-bad-rows"),
        ),
        rx.hstack(
            rx.button(
                t("admin.import.confirm"),
                on_click=S.confirm,
                disabled=(S.good_count == 0) | S.busy,
                id="import-confirm",
            ),
            rx.button(t("admin.import.discard"), on_click=S.discard, variant="soft", id="import-discard"),
        ),
        width="100%",
    )


def product_import_page() -> rx.Component:
    return admin_page(
        t("admin.import.title"),
        rx.text(t("admin.import.help"), size="2", color_scheme="gray"),
        rx.upload(
            rx.button(t("admin.import.choose"), type="button", variant="soft"),
            id=UPLOAD_ID,
            accept={"text/csv": [".csv"]},
            max_files=1,
            multiple=False,
            on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
            border="1px dashed var(--gray-7)",
            padding="3",
        ),
        rx.cond(S.busy, rx.progress(value=S.done * 100 // S.total, id="import-progress", width="100%")),
        notice_and_error(S.notice, S.error, prefix="import"),
        rx.cond(S.previewed, _preview_block()),
        page_id="admin-import",
        loaded=S.loaded,
    )
