"""Sessions: see the modules for each part."""
