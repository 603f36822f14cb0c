"""Knowledge errors a client or the indexing status may show."""

from __future__ import annotations

from runa.core.errors import DomainError, NotFound


class SourceNotFound(NotFound):
    default_message = "No knowledge source with this id."


class InvalidCursor(DomainError):
    status, error_type = 400, "pagination_error"
    default_message = "The pagination cursor is not valid."


class PageUnavailable(Exception):
    """A page could not be indexed; `message` says why and what the user can do (it becomes the source's
    `error`). Not retryable by the queue: the user fixes the URL or refreshes."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
