"""/admin/history: the event log filtered by kind, actor and dates, paged, exported as CSV (SPEC E1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.guards import staff_event
from store_app.admin.history_service import HistoryFilter, actor_logins, event_kinds, events_csv, find_events
from store_app.admin.list_state import PagedListMixin
from store_app.admin.shell import admin_page, admin_table, pager
from store_app.audit.kinds import kind_label
from store_app.core.dates import format_moment
from store_app.core.file_names import dated_file_name
from store_app.core.i18n import N_, t
from store_app.ui.bridge import call


@dataclasses.dataclass
class EventRow:
    id: int
    created: str
    kind: str
    actor: str
    target: str
    ip: str
    details: str


@dataclasses.dataclass
class KindChoice:
    value: str
    label: str


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _filter(form: dict[str, str]) -> HistoryFilter:
    return HistoryFilter(
        kind=form.get("kind", ""),
        actor=form.get("actor", ""),
        date_from=_date(form.get("date_from")),
        date_to=_date(form.get("date_to")),
    )


def _rows(*, session: Session, form: dict[str, str], page: int) -> tuple[list[EventRow], int, int, list[KindChoice]]:
    found = find_events(session=session, where=_filter(form), page=page)
    # Rows written before actors were named (orders) get the login the account has now.
    logins = actor_logins(session=session, ids={e.actor_id for e in found.rows if e.actor_id and not e.actor_label})
    rows = [
        EventRow(
            id=e.id or 0,
            created=format_moment(e.created_at, seconds=True),
            kind=kind_label(e.kind),
            actor=e.actor_label or logins.get(e.actor_id or 0, f"#{e.actor_id}" if e.actor_id else ""),
            target=e.target,
            ip=e.ip,
            details=json.dumps(e.details, ensure_ascii=False)[:300],
        )
        for e in found.rows
    ]
    kinds = [KindChoice(value=kind, label=kind_label(kind)) for kind in event_kinds(session=session)]
    return rows, found.page, found.pages, sorted(kinds, key=lambda choice: choice.label)


def _csv(*, session: Session, form: dict[str, str]) -> str:
    return events_csv(session=session, where=_filter(form))


class AdminHistoryState(PagedListMixin, rx.State):
    events: rx.Field[list[EventRow]] = rx.field(default_factory=list)
    kinds: rx.Field[list[KindChoice]] = rx.field(default_factory=list)
    applied: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    async def _reload(self) -> None:
        self.events, self.page, self.pages, self.kinds = await call(_rows, form=self.applied, page=self.page)
        self.loaded = True

    @staff_event
    async def load(self) -> None:
        await self._reload()

    @staff_event
    async def apply(self, form_data: dict[str, Any]) -> None:
        names = ("kind", "actor", "date_from", "date_to")
        self.applied = {name: str(form_data.get(name, ""))[:100] for name in names}
        self.page = 1
        await self._reload()

    @staff_event
    async def export(self):  # type: ignore[no-untyped-def]
        data = await call(_csv, form=self.applied)
        return rx.download(data=data, filename=dated_file_name("history"), mime_type="text/csv")


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.select(
                rx.el.option(t("admin.all"), value=""),
                rx.foreach(AdminHistoryState.kinds, lambda kind: rx.el.option(kind.label, value=kind.value)),
                name="kind",
                id="history-kind",
                max_width="100%",  # its width is its longest kind's name: on a phone that alone was 410 px
            ),
            rx.input(name="actor", placeholder=t("admin.history.actor"), id="history-actor"),
            rx.el.label(t("admin.history.from"), " ", rx.el.input(type="date", name="date_from", id="history-from")),
            rx.el.label(t("admin.history.to"), " ", rx.el.input(type="date", name="date_to", id="history-to")),
            rx.button(t("admin.history.apply"), type="submit", id="history-apply"),
            rx.button(
                t("admin.history.export"),
                type="button",
                variant="soft",
                on_click=AdminHistoryState.export,
                id="history-export",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        on_submit=AdminHistoryState.apply,
    )


def _row(row: EventRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.created, white_space="nowrap"),
        rx.table.cell(row.kind),
        rx.table.cell(row.actor),
        rx.table.cell(row.target),
        rx.table.cell(row.ip),
        rx.table.cell(rx.text(row.details, size="1", font_family="monospace", word_break="break-all")),
        class_name="history-row",
    )


def admin_history_page() -> rx.Component:
    headers = [
        N_("admin.history.created"),
        N_("admin.history.kind"),
        N_("admin.history.actor"),
        N_("admin.history.target"),
        N_("admin.history.ip"),
        N_("admin.history.details"),
    ]
    return admin_page(
        t("admin.history.title"),
        _filters(),
        admin_table(headers, AdminHistoryState.events, _row, table_id="history-table"),
        pager(AdminHistoryState, prefix="history"),
        page_id="admin-history",
        loaded=AdminHistoryState.loaded,
    )
