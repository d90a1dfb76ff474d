"""The one way an email address is checked and normalised, so registration and look-ups agree."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

EMAIL_MAX_LENGTH = 254


class InvalidEmail(ValueError):
    """Not an address mail can be sent to."""


def normalise_email(raw: str) -> str:
    """The address as stored: syntax checked (no DNS look-up), domain in lower-case ASCII (IDNA).

    Local parts must be ASCII: our SMTP relay is not assumed to speak SMTPUTF8.
    Uniqueness and look-ups compare `lower()` of this form.
    """
    candidate = raw.strip()
    if not candidate or len(candidate) > EMAIL_MAX_LENGTH:
        raise InvalidEmail(candidate)
    try:
        checked = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise InvalidEmail(candidate) from exc
    return checked.ascii_email or checked.normalized
