"""Two-factor login with TOTP codes and single-use recovery codes (issue 14)."""
