"""Cursor paging of the console's own lists (audit log, keys, webhook deliveries): newest first, `?limit=&cursor=`,
the answer's `nextCursor` null on the last page, as /v1 lists do. A cursor holds the sort key of the last item shown;
the store continues after it inside the signed-in owner's own partition, so a cursor can never reach another
account's items."""

from __future__ import annotations

import re

from runa.core import cursors
from runa.core.errors import DomainError

DEFAULT_LIMIT, MAX_LIMIT = 50, 100


class PaginationError(DomainError):
    status, error_type = 400, "pagination_error"
    default_message = "The cursor is not valid; start again without it."


def next_cursor(last_position: str | None) -> str | None:
    return cursors.at("before", last_position) if last_position else None


def position(cursor: str | None, shape: re.Pattern[str]) -> str | None:
    """The sort key a cursor continues after (None without a cursor); 400 pagination_error unless it has the list's
    own shape, so garbage, another list's cursor or a key of another layout never reaches DynamoDB."""
    if not cursor:
        return None
    before = cursors.position(cursor, "before", shape)
    if before is None:
        raise PaginationError()
    return before
