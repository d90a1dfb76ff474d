"""The password fields of registration, the cabinet's password change and the reset have no maxlength
(README Password change): a browser would cut a pasted longer password silently, and the two copies would
then "not match"; uncut, the service tells its 128-character limit (tests/accounts/test_password_validation.py,
and in a browser tests/e2e/test_registration.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import reflex as rx

from store_app.accounts.cabinet.forms import password_form
from store_app.accounts.registration.pages import _registration_form
from store_app.accounts.reset.pages import _password_step


def _password_inputs(form: rx.Component) -> list[str]:
    """The compiled text of each password input: from its `jsx(` to the next element's."""
    compiled = str(form)
    found = []
    for match in re.finditer(r'type:"password"', compiled):
        start = compiled.rfind("jsx(", 0, match.start())
        end = compiled.find("jsx(", match.end())
        found.append(compiled[start : end if end != -1 else None])
    return found


@pytest.mark.parametrize(
    ("form", "count"),
    [(_registration_form, 2), (password_form, 3), (_password_step, 2)],
    ids=["registration", "cabinet", "reset"],
)
def test_no_password_field_has_a_maxlength(form: Callable[[], rx.Component], count: int) -> None:
    inputs = _password_inputs(form())
    assert len(inputs) == count
    assert not [props for props in inputs if "maxLength" in props]
