"""A backend worker that dies (killed by the OOM killer, a crash in a C extension) is started again.

Granian, as Reflex 0.10.1 starts it (`reflex.utils.exec.run_granian_backend_prod`), is built without
`respawn_failed_workers`: one dead worker made it stop every other worker and exit, so a single crash
took the whole shop down. Reflex reads `granian.server.Server` when it starts the backend, after the
CLI has loaded rxconfig.py, which calls `respawn_failed_workers()`: the server class it then finds
respawns a dead worker. Granian's own guard stays: a worker that dies again within 5.5 s of its
respawn (a crash loop) still stops the server.
"""

from __future__ import annotations


def respawn_failed_workers() -> None:
    """Make Granian's server respawn dead workers unless told otherwise (idempotent)."""
    import granian.server

    server = granian.server.Server
    if getattr(server, "respawns_failed_workers", False):
        return

    class RespawningServer(server):  # type: ignore[misc, valid-type]
        respawns_failed_workers = True

        def __init__(self, *args: object, respawn_failed_workers: bool = True, **kwargs: object) -> None:
            super().__init__(*args, respawn_failed_workers=respawn_failed_workers, **kwargs)  # type: ignore[arg-type]

    granian.server.Server = RespawningServer  # type: ignore[misc]
