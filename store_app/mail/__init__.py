"""The shop's mail: a transactional outbox that a periodic job delivers (SPEC G1, G2)."""
