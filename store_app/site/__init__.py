"""Site-wide pages that belong to no single domain: home and contacts (SPEC B5)."""
