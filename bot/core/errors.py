"""Failures that reach a user: each carries a short reason code and a one-line message."""

from __future__ import annotations

from enum import StrEnum


class FailureReason(StrEnum):
    """Why an article could not be read; also the label of the fetch-failure metric."""

    INVALID_URL = "invalid_url"
    SCHEME = "scheme"
    BLOCKED_ADDRESS = "blocked_address"
    DNS = "dns"
    CONNECTION = "connection"
    TIMEOUT = "timeout"
    HTTP_STATUS = "http_status"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    CONTENT_TYPE = "content_type"
    CHARSET = "charset"
    EMPTY = "empty"
    UNREADABLE_FILE = "unreadable_file"


class TidingsError(Exception):
    """An expected failure with a message fit to show the person who asked."""

    def __init__(self, reason: FailureReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class FetchError(TidingsError):
    """A URL that could not be fetched, or that Tidings refuses to fetch.

    `retry_after` is how many seconds the site asked to be left alone (HTTP 429 or 503 with a
    Retry-After header), when it said.
    """

    def __init__(
        self, reason: FailureReason, message: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(reason, message)
        self.retry_after = retry_after


class PlatformUnavailable(Exception):
    """A chat platform cannot take messages right now (not connected); the room is not at fault
    and the message waits, however long that takes."""


class ExtractionError(TidingsError):
    """A page that was fetched but holds no article text."""
