"""Reset: see the modules for each part."""
