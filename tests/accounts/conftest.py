"""Fixtures of the account tests: an in-process client of the browser's login, logout and 2FA routes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.utils.route_client import route_client


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    """The routes against the test's migrated database (`session` migrates it first)."""
    with route_client() as test_client:
        yield test_client
