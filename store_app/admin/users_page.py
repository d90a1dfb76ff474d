"""What /admin/users shows: the account table with its switches, and one account's login sessions."""

from __future__ import annotations

import reflex as rx

from store_app.admin.shell import admin_page, admin_table, notice_and_error, pager, search_form
from store_app.admin.users_state import AdminUserRow, AdminUsersState, SessionRow
from store_app.core.i18n import N_, t

S = AdminUsersState
HEADERS = [
    N_("admin.users.login"),
    N_("admin.users.email"),
    N_("admin.users.created"),
    N_("admin.users.active"),
    N_("admin.users.staff"),
    N_("admin.users.mfa"),
    N_("admin.users.actions"),
]


def _switch(row: AdminUserRow, flag: str, value: rx.Var[bool]) -> rx.Component:
    """Your own account's switches are off limits (the service refuses them): shown disabled, saying why."""
    own = row.id == S.own_id
    return rx.box(
        rx.switch(
            checked=value,
            on_change=lambda checked: S.toggle(row.id, flag, checked),
            disabled=own,
            id=f"user-{flag.replace('_', '-')}-{row.id}",
        ),
        title=rx.cond(own, t("admin.users.error.self"), ""),
        class_name="user-switch",
    )


def _delete(row: AdminUserRow) -> rx.Component:
    return rx.cond(
        S.confirm_delete_id == row.id,
        rx.hstack(
            rx.button(
                t("admin.users.confirm_delete"),
                size="1",
                color_scheme="red",
                on_click=S.delete(row.id),
                id=f"user-delete-confirm-{row.id}",
            ),
            rx.button(t("admin.products.cancel"), size="1", variant="soft", on_click=S.keep),
        ),
        rx.button(
            t("admin.products.delete"),
            size="1",
            color_scheme="red",
            variant="soft",
            on_click=S.ask_delete(row.id),
            disabled=row.id == S.own_id,
            id=f"user-delete-{row.id}",
        ),
    )


def _mfa(row: AdminUserRow) -> rx.Component:
    return rx.cond(
        row.mfa,
        rx.hstack(
            rx.badge(t("admin.users.mfa_on"), color_scheme="green", id=f"user-mfa-on-{row.id}"),
            rx.button(
                t("admin.users.mfa_reset"),
                size="1",
                variant="soft",
                color_scheme="orange",
                on_click=S.reset_2fa(row.id),
                id=f"user-mfa-reset-{row.id}",
            ),
            spacing="2",
        ),
        rx.badge(t("admin.users.mfa_off"), color_scheme="gray", id=f"user-mfa-off-{row.id}"),
    )


def _row(row: AdminUserRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row.login),
                rx.cond(
                    row.id == S.own_id,
                    rx.text(t("admin.users.own_row"), size="1", color_scheme="gray", id=f"user-own-{row.id}"),
                ),
                spacing="0",
            )
        ),
        rx.table.cell(row.email),
        rx.table.cell(row.created),
        rx.table.cell(_switch(row, "is_active", row.active)),
        rx.table.cell(_switch(row, "is_staff", row.staff)),
        rx.table.cell(_mfa(row)),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    t("admin.users.sessions"),
                    size="1",
                    variant="soft",
                    on_click=S.show_sessions(row.id, row.login),
                    id=f"user-sessions-{row.id}",
                ),
                _delete(row),
            )
        ),
        id=f"user-row-{row.id}",
    )


def _session(row: SessionRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.last_seen),
        rx.table.cell(row.ip),
        rx.table.cell(row.device),
        rx.table.cell(
            rx.button(
                t("admin.users.end"),
                size="1",
                variant="soft",
                on_click=S.end_session(row.id),
                id=f"session-end-{row.id}",
            )
        ),
    )


def _sessions() -> rx.Component:
    return rx.card(
        rx.text(t("admin.users.sessions_of"), " ", S.shown_login, weight="medium"),
        rx.cond(
            S.sessions,
            rx.table.root(rx.table.body(rx.foreach(S.sessions, _session)), width="100%"),
            rx.text(t("admin.users.no_sessions"), color_scheme="gray"),
        ),
        id="user-sessions",
        width="100%",
    )


def admin_users_page() -> rx.Component:
    return admin_page(
        t("admin.users.title"),
        search_form(on_submit=S.search, hint_key="admin.users.search_hint", prefix="users"),
        notice_and_error(S.notice, S.error, prefix="users"),
        rx.cond(S.shown_user_id, _sessions()),
        admin_table(HEADERS, S.users, _row, table_id="users-table"),
        pager(S, prefix="users"),
        page_id="admin-users",
        loaded=S.loaded,
    )
