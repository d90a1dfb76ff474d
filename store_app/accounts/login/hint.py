"""The login name a failed login hands back to the page, so the shopper need not type it again (issue 16).

The login form is a native post; a failed try redirects to /login. The typed login or email goes
back in the URL sealed (`core/sealed.py`, a purpose of its own, ten minutes), so the address bar,
the history and any access log show no address in clear; the page puts it back into the field.
"""

from __future__ import annotations

import datetime as dt

from store_app.core import clock
from store_app.core.sealed import seal, unseal

PURPOSE = "login hint"
LIFETIME = dt.timedelta(minutes=10)
MAX_LENGTH = 254


def seal_identifier(identifier: str) -> str:
    """The sealed hint for the redirect ("" for nothing typed)."""
    text = identifier.strip()[:MAX_LENGTH]
    if not text:
        return ""
    expires = int((clock.now() + LIFETIME).timestamp())
    return seal(f"{expires}|{text}", purpose=PURPOSE)


def open_identifier(hint: str) -> str:
    """What `seal_identifier` sealed, while fresh; "" for anything else."""
    opened = unseal(hint[:1024], purpose=PURPOSE) if hint else None
    expires, _, text = (opened or "").partition("|")
    if not expires.isdigit() or int(expires) <= clock.now().timestamp():
        return ""
    return text
