"""Imports every domain's tables so `SQLModel.metadata` is complete (alembic, tests)."""

from sqlmodel import SQLModel

from store_app.accounts import models as accounts_models  # noqa: F401
from store_app.accounts.email_change import models as accounts_email_change_models  # noqa: F401
from store_app.accounts.mfa import models as accounts_mfa_models  # noqa: F401
from store_app.accounts.reset import models as accounts_reset_models  # noqa: F401
from store_app.accounts.sessions import models as accounts_auth_models  # noqa: F401
from store_app.audit import models as audit_models  # noqa: F401
from store_app.cart import models as cart_models  # noqa: F401
from store_app.catalog import attribute_models as catalog_attribute_models  # noqa: F401
from store_app.catalog import models as catalog_models  # noqa: F401
from store_app.catalog import saved_models as catalog_saved_models  # noqa: F401
from store_app.core import rate_limit as core_rate_limit  # noqa: F401
from store_app.mail import models as mail_models  # noqa: F401
from store_app.ops import models as ops_models  # noqa: F401
from store_app.orders import models as orders_models  # noqa: F401

metadata = SQLModel.metadata
