"""The REST API (SPEC F), mounted into the Reflex backend under /api/v1."""
