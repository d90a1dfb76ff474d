"""Registration: see the modules for each part."""
