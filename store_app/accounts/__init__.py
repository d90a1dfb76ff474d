"""Accounts: users, profiles, login sessions, tokens and codes (SPEC A)."""
