"""Login: see the modules for each part."""
