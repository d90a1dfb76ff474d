"""Every admin page with its route, title key and on-load events; the staff guard always runs first."""

from __future__ import annotations

from store_app.accounts.sessions.state import SessionState
from store_app.admin.attributes_page import AdminAttributesState, admin_attributes_page
from store_app.admin.categories_page import AdminCategoriesState, admin_categories_page
from store_app.admin.dashboard_page import DashboardState, dashboard_page
from store_app.admin.history_page import AdminHistoryState, admin_history_page
from store_app.admin.import_page import ProductImportState, product_import_page
from store_app.admin.mail_page import AdminMailState, admin_mail_page
from store_app.admin.order_page import AdminOrderState, admin_order_page
from store_app.admin.orders_page import AdminOrdersState, admin_orders_page
from store_app.admin.products_page import admin_products_page
from store_app.admin.products_state import AdminProductsState
from store_app.admin.users_page import admin_users_page
from store_app.admin.users_state import AdminUsersState
from store_app.ui.routes import (
    ADMIN_ATTRIBUTES_ROUTE,
    ADMIN_CATEGORIES_ROUTE,
    ADMIN_HISTORY_ROUTE,
    ADMIN_IMPORT_ROUTE,
    ADMIN_MAIL_ROUTE,
    ADMIN_ORDER_ROUTE,
    ADMIN_ORDERS_ROUTE,
    ADMIN_PRODUCTS_ROUTE,
    ADMIN_ROUTE,
    ADMIN_USERS_ROUTE,
)

GUARD = SessionState.require_staff

ADMIN_PAGES = [
    (dashboard_page, ADMIN_ROUTE, "admin.dashboard.title", [GUARD, DashboardState.load]),
    (admin_orders_page, ADMIN_ORDERS_ROUTE, "admin.orders.title", [GUARD, AdminOrdersState.load]),
    (admin_order_page, ADMIN_ORDER_ROUTE, AdminOrderState.page_title, [GUARD, AdminOrderState.load]),
    (admin_products_page, ADMIN_PRODUCTS_ROUTE, "admin.products.title", [GUARD, AdminProductsState.load]),
    (admin_users_page, ADMIN_USERS_ROUTE, "admin.users.title", [GUARD, AdminUsersState.load]),
    (admin_history_page, ADMIN_HISTORY_ROUTE, "admin.history.title", [GUARD, AdminHistoryState.load]),
    (admin_mail_page, ADMIN_MAIL_ROUTE, "admin.mail.title", [GUARD, AdminMailState.load]),
    (admin_categories_page, ADMIN_CATEGORIES_ROUTE, "admin.categories.title", [GUARD, AdminCategoriesState.load]),
    (admin_attributes_page, ADMIN_ATTRIBUTES_ROUTE, "admin.attributes.title", [GUARD, AdminAttributesState.load]),
    (product_import_page, ADMIN_IMPORT_ROUTE, "admin.import.title", [GUARD, ProductImportState.load]),
]
