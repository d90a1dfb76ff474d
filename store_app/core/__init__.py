"""Infrastructure shared by every domain: settings, database, security, mail, clock."""
