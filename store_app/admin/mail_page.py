"""/admin/mail: the mail outbox, newest first, filtered by status; staff may read a message's text."""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.guards import staff_event
from store_app.admin.list_state import PagedListMixin
from store_app.admin.shell import admin_page, admin_table, choice_filter, pager
from store_app.core.dates import format_moment
from store_app.core.i18n import N_, t
from store_app.mail.models import MailStatus
from store_app.mail.service import outbox_page, text_for_staff
from store_app.ui.bridge import call

STATUSES = [status.value for status in MailStatus]
STATUS_KEYS: dict[MailStatus, str] = {
    MailStatus.PENDING: N_("admin.mail.status.pending"),
    MailStatus.SENT: N_("admin.mail.status.sent"),
    MailStatus.STORED: N_("admin.mail.status.stored"),
    MailStatus.FAILED: N_("admin.mail.status.failed"),
}


@dataclasses.dataclass
class MailRow:
    id: int
    recipient: str
    subject: str
    status: str
    status_label: str
    attempts: int
    last_error: str
    created: str


def _rows(*, session: Session, status: str, page: int) -> tuple[list[MailRow], int, int]:
    found = outbox_page(session=session, status=status, page=page)
    rows = [
        MailRow(
            id=m.id or 0,
            recipient=m.recipient,
            subject=m.subject,
            status=m.status,
            status_label=status_label(m.status),
            attempts=m.attempts,
            last_error=m.last_error,
            created=format_moment(m.created_at),
        )
        for m in found.rows
    ]
    return rows, found.page, found.pages


def status_label(status: str) -> str:
    """`pending` and friends in the interface language."""
    return t(STATUS_KEYS[MailStatus(status)]) if status in STATUSES else status


class AdminMailState(PagedListMixin, rx.State):
    messages: rx.Field[list[MailRow]] = rx.field(default_factory=list)
    status_filter: str = ""
    body: str = ""
    body_id: int = 0

    async def _reload(self) -> None:
        self.messages, self.page, self.pages = await call(_rows, status=self.status_filter, page=self.page)
        self.loaded = True

    @staff_event
    async def load(self) -> None:
        await self._reload()

    @staff_event
    async def filter_status(self, status: str) -> None:
        self.status_filter, self.page = (status if status in STATUSES else ""), 1
        await self._reload()

    @staff_event
    async def show(self, message_id: int) -> None:
        self.body_id = int(message_id)
        self.body = await call(text_for_staff, message_id=self.body_id)


def _row(row: MailRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.created, white_space="nowrap"),
        rx.table.cell(row.recipient),
        rx.table.cell(
            rx.link(row.subject, on_click=AdminMailState.show(row.id), id=f"mail-show-{row.id}", cursor="pointer")
        ),
        rx.table.cell(rx.badge(row.status_label), id=f"mail-status-{row.id}", data_status=row.status),
        rx.table.cell(row.attempts),
        rx.table.cell(rx.text(row.last_error, size="1")),
        class_name="mail-row",
    )


def admin_mail_page() -> rx.Component:
    headers = [
        N_("admin.mail.created"),
        N_("admin.mail.recipient"),
        N_("admin.mail.subject"),
        N_("admin.mail.status"),
        N_("admin.mail.attempts"),
        N_("admin.mail.last_error"),
    ]
    return admin_page(
        t("admin.mail.title"),
        choice_filter(
            [(s, status_label(s)) for s in STATUSES],
            value=AdminMailState.status_filter,
            on_change=AdminMailState.filter_status,
            element_id="mail-status-filter",
        ),
        rx.cond(
            AdminMailState.body_id,
            rx.card(rx.text(AdminMailState.body, white_space="pre-wrap", size="2"), id="mail-body", width="100%"),
        ),
        admin_table(headers, AdminMailState.messages, _row, table_id="mail-table"),
        pager(AdminMailState, prefix="mail"),
        page_id="admin-mail",
        loaded=AdminMailState.loaded,
    )
