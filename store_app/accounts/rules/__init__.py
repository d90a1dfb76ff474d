"""Rules: see the modules for each part."""
