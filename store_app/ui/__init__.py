"""The shop's look: layout template, navbar, footer, theme and form pieces."""
