"""Changing the account's email address: password, a link to the new address, notices to the old (issue 14)."""
