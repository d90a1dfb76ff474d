"""The admin pages' addresses, in one place."""

from __future__ import annotations

ADMIN_ROUTE = "/admin"
ORDERS_ROUTE = "/admin/orders"
ORDER_PREFIX = "/admin/orders/"
ORDER_ROUTE = ORDER_PREFIX + "[order_id]"
PRODUCTS_ROUTE = "/admin/products"
CATEGORIES_ROUTE = "/admin/categories"
ATTRIBUTES_ROUTE = "/admin/attributes"
IMPORT_ROUTE = "/admin/import"
USERS_ROUTE = "/admin/users"
HISTORY_ROUTE = "/admin/history"
MAIL_ROUTE = "/admin/mail"
PAGE_SIZE = 20
