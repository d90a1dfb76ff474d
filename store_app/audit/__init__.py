"""History: the append-only log of what happened in the shop (SPEC E1)."""
