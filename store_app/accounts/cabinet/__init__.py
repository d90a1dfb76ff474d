"""Cabinet: see the modules for each part."""
