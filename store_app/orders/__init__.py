"""Checkout and orders (SPEC C4)."""
