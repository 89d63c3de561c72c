"""Errors that cross layers, drawn as a tree. Each carries the data a caller needs to explain it."""

from __future__ import annotations


class PosylkaError(Exception):
    """Root of posylka's own errors."""


class MarketplaceError(PosylkaError):
    """Ozon answered with an error, or could not be reached.

    ``code`` and ``message`` are Ozon's own (its ``rpcStatus`` envelope) where it sent one.
    """

    def __init__(
        self, message: str, *, code: int | str = 0, status: int = 0, path: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.path = path

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        status = f"HTTP {self.status}: " if self.status else ""
        return f"{status}{self.message}{where}"


class AuthenticationFailed(MarketplaceError):
    """Wrong, missing, deactivated or under-privileged Client-Id / Api-Key."""


class RateLimited(MarketplaceError):
    """Ozon answered 429 (and it persisted through retries)."""


class ServerFailure(MarketplaceError):
    """Ozon answered 5xx (and it persisted through retries)."""


class TransportFailure(MarketplaceError):
    """A timeout or dropped connection that persisted through retries."""


class BadRequest(MarketplaceError):
    """Ozon rejected the request (400/404/409): a bug in the request or a business rule."""


class MalformedReply(MarketplaceError):
    """Ozon's reply could not be read (bad JSON, missing envelope fields)."""


class NotFound(BadRequest):
    """The object (e.g. a posting number) is unknown to Ozon."""


class ConfigurationError(PosylkaError):
    """The installation is misconfigured (database URL, unwritable path, secret key)."""
