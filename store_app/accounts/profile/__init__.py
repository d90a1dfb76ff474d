"""Profile: see the modules for each part."""
