"""Every address of the shop in one table: the pages, the admin pages and the browser's form posts.

Pages, links and redirects name a route from here, never a literal, so one path means one thing
(the shopper's /orders and the staff's /admin/orders have different names).
"""

from __future__ import annotations

from store_app.core.mailed_links import ACTIVATE_PATH, CABINET_PATH, EMAIL_CHANGE_PATH, LOGIN_PATH

HOME_ROUTE = "/"
CATALOG_ROUTE = "/catalog"
PRODUCT_PREFIX = "/product/"
PRODUCT_ROUTE = PRODUCT_PREFIX + "[slug]"
CONTACTS_ROUTE = "/contacts"
RULES_ROUTE = "/rules"
LOGIN_ROUTE = LOGIN_PATH
REGISTER_ROUTE = "/register"
ACTIVATE_ROUTE = ACTIVATE_PATH + "/[activation_token]"
NEW_LINK_ROUTE = "/activation/new-link"
CABINET_ROUTE = CABINET_PATH
MFA_SETUP_ROUTE = CABINET_ROUTE + "?mfa=required"
CART_ROUTE = "/cart"
CHECKOUT_ROUTE = "/checkout"
ORDERS_ROUTE = "/orders"
FAVOURITES_ROUTE = "/favourites"
COMPARE_ROUTE = "/compare"
EMAIL_CHANGE_ROUTE = EMAIL_CHANGE_PATH + "/[change_token]"

ADMIN_ROUTE = "/admin"
ADMIN_ORDERS_ROUTE = "/admin/orders"
ADMIN_ORDER_PREFIX = "/admin/orders/"
ADMIN_ORDER_ROUTE = ADMIN_ORDER_PREFIX + "[order_id]"
ADMIN_PRODUCTS_ROUTE = "/admin/products"
ADMIN_CATEGORIES_ROUTE = "/admin/categories"
ADMIN_ATTRIBUTES_ROUTE = "/admin/attributes"
ADMIN_IMPORT_ROUTE = "/admin/import"
ADMIN_USERS_ROUTE = "/admin/users"
ADMIN_HISTORY_ROUTE = "/admin/history"
ADMIN_MAIL_ROUTE = "/admin/mail"

# Native form posts (no page script touches a password or the HttpOnly cookie).
BROWSER_LOGIN_PATH = "/api/v1/auth/browser/login"
BROWSER_CODE_PATH = "/api/v1/auth/browser/login/code"
BROWSER_LOGOUT_PATH = "/api/v1/auth/browser/logout"


def product_href(slug: str) -> str:
    """A product page's address."""
    return PRODUCT_PREFIX + slug
