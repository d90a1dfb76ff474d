"""Carts and their lines (SPEC C1-C3)."""
