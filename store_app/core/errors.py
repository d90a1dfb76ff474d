"""Domain errors: services raise them; states show them under fields, the API as JSON."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken. `field` names the input it is about (None: the whole form)."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def errors(self) -> dict[str, list[str]]:
        return {self.field or "__all__": [self.message]}


class ValidationFailed(DomainError):
    """Several inputs are wrong at once; every message is kept, grouped by field."""

    status_code = 422

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first = next((msgs[0] for msgs in errors.values() if msgs), "invalid input")
        super().__init__(first)
        self._errors = {field: list(msgs) for field, msgs in errors.items() if msgs}

    @property
    def errors(self) -> dict[str, list[str]]:
        return self._errors


class InvalidValue(DomainError):
    """One input is not acceptable as given (not a number, below the minimum...)."""

    status_code = 422


class NotAuthenticated(DomainError):
    status_code = 401


class PermissionDenied(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, message: str, *, retry_after_seconds: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after_seconds = retry_after_seconds
