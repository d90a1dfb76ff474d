"""The facet index: a view's facet counts from sets of products held in each worker (see index.py)."""
