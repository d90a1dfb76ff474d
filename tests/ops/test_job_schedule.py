"""The shop's periodic jobs run at the README's periods: mail delivery every 5 seconds, the purges of login
data, activation links and reset codes hourly, of guest carts every 6 hours."""

from __future__ import annotations

import datetime as dt

from store_app.core import periodic


def test_the_shops_jobs_run_at_the_readme_periods() -> None:
    import store_app.store_app  # noqa: F401  # the composition root registers the jobs

    every = {name: job.every for name, job in periodic._jobs.items() if not name.startswith("mail-test")}
    hour = dt.timedelta(hours=1)
    assert every == {
        "mail-delivery": dt.timedelta(seconds=5),
        "activation-token-purge": hour,
        "login-data-purge": hour,
        "reset-code-purge": hour,
        "guest-cart-purge": 6 * hour,
    }
