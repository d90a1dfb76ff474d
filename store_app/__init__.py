"""store_app: an electronics web shop written in Python with Reflex."""
