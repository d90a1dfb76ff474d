"""Who did something, as the history log (SPEC E1) names them: the same for every door.

An admin page, the REST API and a shopper's own action all name a user by `accounts.history.user_actor`,
so one person is one actor in the log whichever way they came in.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Actor:
    """The user id, the label the log shows (their login) and the address they acted from."""

    user_id: int | None = None
    label: str = ""
    ip: str = ""


SYSTEM = Actor(label="system")
