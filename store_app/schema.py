"""Imports every domain's tables so `SQLModel.metadata` is complete (alembic, tests)."""

from sqlmodel import SQLModel

from store_app.audit import models as audit_models  # noqa: F401

metadata = SQLModel.metadata
