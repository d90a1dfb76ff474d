"""What the page shell shows on every page (navbar name, cart badge).

Shared state: it imports nothing else from the app; domains write to it through
`await self.get_state(ShellState)`.
"""

from __future__ import annotations

import reflex as rx


class ShellState(rx.State):
    """Public, harmless facts for the navbar; never secrets."""

    user_name: str = ""
    cart_count: int = 0
    # The logged-in user's avatar (a public, random-name URL), "" when they have none.
    avatar_url: str = ""
    # Shows the admin link; the admin pages and handlers check staff on the server themselves.
    is_staff: bool = False

    @rx.var
    def is_logged_in(self) -> bool:
        return bool(self.user_name)
