"""Two workers, one schedule: every periodic job runs once per period across the workers (the lease in
PostgreSQL), and every mail reaches the loopback SMTP server exactly once."""

from __future__ import annotations

import time
import uuid
from collections import Counter

from sqlmodel import select

from store_app.mail.service import queue_mail
from store_app.ops.models import JobLease
from tests.e2e.scaled.conftest import WORKERS, ScaledServer
from tests.mail.factories import CONTEXTS
from tests.utils.live_shop import live_session
from tests.utils.mailbox import Mailbox

MESSAGES = 20
MAIL_EVERY = 5.0
PURGES = ("activation-token-purge", "login-data-purge", "guest-cart-purge", "reset-code-purge")


def _leases(server: ScaledServer) -> dict[str, JobLease]:
    with live_session(server) as session:
        return {lease.name: lease for lease in session.exec(select(JobLease))}


def test_each_purge_runs_once_and_each_mail_is_sent_once(live_server: ScaledServer, mailbox: Mailbox) -> None:
    batch = uuid.uuid4().hex[:8]
    recipients = [f"once-{batch}-{n}@example.com" for n in range(MESSAGES)]
    # Queued straight into the database: no worker is woken, so only the scheduled delivery sends them.
    with live_session(live_server) as session:
        for to in recipients:
            queue_mail(session=session, to=to, template="activation", context=CONTEXTS["activation"])
        session.commit()
    for to in recipients:
        mailbox.wait_for(to=to, timeout=60)
    time.sleep(3 * MAIL_EVERY)  # more delivery turns on both workers: nothing may go out again

    received = Counter(rcpt for rcpts, _ in list(mailbox.messages) for rcpt in rcpts if rcpt in recipients)
    assert received == dict.fromkeys(recipients, 1)

    leases = _leases(live_server)
    for name in PURGES:
        # Both workers started minutes ago; each purge's period is an hour or more: one run in all.
        assert leases[name].runs == 1, f"{name} ran {leases[name].runs} times"
    mail = leases["mail-delivery"]
    since_start = (mail.taken_at - min(lease.taken_at for lease in leases.values())).total_seconds()
    assert mail.runs <= since_start / MAIL_EVERY + 2, f"{mail.runs} scheduled deliveries in {since_start:.0f}s"
    workers = live_server.worker_pids()
    assert len(workers) == WORKERS
    assert {lease.holder.rsplit(":", 1)[1] for lease in leases.values()} <= workers
