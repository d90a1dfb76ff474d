"""Catalog: the category tree and products (SPEC B)."""
