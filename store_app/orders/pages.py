"""The /orders page: the shopper's orders, newest first, with lines, status and a cancel button."""

from __future__ import annotations

import reflex as rx

from store_app.core.i18n import t
from store_app.orders.state import OrderLineRow, OrderRow, OrdersState
from store_app.ui.layout import layout

STATUS_COLORS = {"new": "blue", "confirmed": "indigo", "shipped": "amber", "delivered": "green", "cancelled": "gray"}


def _line(line: OrderLineRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.name),
        rx.table.cell(line.quantity, text_align="right"),
        rx.table.cell(line.price, text_align="right"),
        rx.table.cell(line.total, text_align="right"),
    )


def _order(order: OrderRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(
                    t("orders.number"), " ", order.number, size="4", as_="h2", id="order-number-" + order.number
                ),
                rx.badge(
                    order.status_label,
                    color_scheme=rx.match(order.status, *STATUS_COLORS.items(), "gray"),
                    high_contrast=True,
                    id="order-status-" + order.number,
                ),
                rx.spacer(),
                rx.text(order.created, size="2", color_scheme="gray"),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("orders.product")),
                        rx.table.column_header_cell(t("orders.quantity"), text_align="right"),
                        rx.table.column_header_cell(t("orders.price"), text_align="right"),
                        rx.table.column_header_cell(t("orders.line_total"), text_align="right"),
                    )
                ),
                rx.table.body(rx.foreach(order.lines, _line)),
                width="100%",
                size="1",
            ),
            rx.hstack(
                rx.text(t("orders.address"), ": ", order.address, size="2", color_scheme="gray"),
                rx.spacer(),
                rx.text(t("orders.total"), ": ", order.total, weight="bold", id="order-total-" + order.number),
                width="100%",
                wrap="wrap",
            ),
            rx.cond(
                order.can_cancel,
                # One click next to the order would cancel it by accident: ask first.
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(
                        rx.button(
                            t("orders.cancel"), color_scheme="red", variant="soft", id="order-cancel-" + order.number
                        )
                    ),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title(t("orders.cancel_confirm.title"), " ", order.number, "?"),
                        rx.alert_dialog.description(t("orders.cancel_confirm.text"), size="2"),
                        rx.hstack(
                            rx.alert_dialog.cancel(
                                rx.button(
                                    t("orders.cancel_confirm.keep"),
                                    variant="soft",
                                    id="order-cancel-keep-" + order.number,
                                )
                            ),
                            rx.alert_dialog.action(
                                rx.button(
                                    t("orders.cancel"),
                                    color_scheme="red",
                                    on_click=OrdersState.cancel(order.id),
                                    id="order-cancel-confirm-" + order.number,
                                )
                            ),
                            spacing="3",
                            justify="end",
                            wrap="wrap",
                            margin_top="16px",
                        ),
                        max_width="420px",
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        id="order-" + order.number,
        width="100%",
    )


def orders_list() -> rx.Component:
    """The shopper's orders with their notices; shown on /orders and in the cabinet."""
    return rx.vstack(
        rx.cond(
            OrdersState.notice,
            rx.callout(OrdersState.notice, icon="circle-check", color_scheme="green", id="orders-notice", width="100%"),
        ),
        rx.cond(
            OrdersState.error,
            rx.callout(OrdersState.error, icon="triangle-alert", color_scheme="red", id="orders-error", width="100%"),
        ),
        rx.cond(
            OrdersState.orders,
            rx.vstack(rx.foreach(OrdersState.orders, _order), spacing="4", width="100%"),
            rx.cond(OrdersState.loaded, rx.text(t("orders.none"), id="orders-empty")),
        ),
        spacing="4",
        width="100%",
    )


def orders_page() -> rx.Component:
    return layout(
        rx.vstack(rx.heading(t("orders.title"), size="7", as_="h1"), orders_list(), spacing="4", width="100%"),
        page_id="orders-page",
    )
