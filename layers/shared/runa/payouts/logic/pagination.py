"""Opaque `before`/`after` cursors over any list ordered by a string key (products by code, orders by id).

A cursor is base64url(JSON {"v": 1, "l": <list name>, "k": <sort key>}): opaque to clients, tied to one list, so
a cursor from the orders list is refused by the products list. Cursors are positions, not secrets: a data module
that turns a cursor key into a DynamoDB start key must still confine the query to the caller's partition.

Semantics (the official pagination guide): items are in ascending key order; `after=<c>` returns the first `limit`
items after c; `before=<c>` returns the last `limit` items before c. The page's `cursors.after` is present only
when more items follow it, `cursors.before` only when items precede it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from runa.core import cursors
from runa.payouts.errors import PaginationError
from runa.payouts.models.common import Page, PageableMeta, PageCursors

MIN_LIMIT = 1
MAX_LIMIT = 500
_VERSION = 1


def encode_cursor(list_name: str, key: str) -> str:
    return cursors.encode({"v": _VERSION, "l": list_name, "k": key})


def decode_cursor(list_name: str, cursor: str) -> str:
    """The sort key a cursor points at; PaginationError if it is not one of ours for this list."""
    data = cursors.decode(cursor)
    if data is None or data.get("v") != _VERSION or data.get("l") != list_name or not isinstance(data.get("k"), str):
        raise PaginationError("The pagination cursor is not valid.")
    return str(data["k"])


@dataclass(frozen=True)
class PageRequest:
    """A validated page request: `direction` is None for the first page."""

    limit: int
    direction: Literal["after", "before"] | None = None
    key: str | None = None


def page_request(
    list_name: str,
    *,
    before: str | None,
    after: str | None,
    limit: int | str | None,
    default_limit: int,
    max_limit: int = MAX_LIMIT,
) -> PageRequest:
    """Check the query parameters of a list call; every problem is a 400 pagination_error."""
    if before is not None and after is not None:
        raise PaginationError("Use either 'before' or 'after', not both.")
    if limit is None or limit == "":
        size = default_limit
    else:
        try:
            size = int(limit)
        except (TypeError, ValueError):
            raise PaginationError(f"'limit' must be an integer between {MIN_LIMIT} and {max_limit}.") from None
        if not MIN_LIMIT <= size <= max_limit:
            raise PaginationError(f"'limit' must be an integer between {MIN_LIMIT} and {max_limit}.")
    if after is not None:
        return PageRequest(size, "after", decode_cursor(list_name, after))
    if before is not None:
        return PageRequest(size, "before", decode_cursor(list_name, before))
    return PageRequest(size)


@dataclass(frozen=True)
class PageResult[T]:
    items: list[T]
    meta: PageableMeta


def page_meta(
    list_name: str, request: PageRequest, first_key: str | None, last_key: str | None, has_before: bool, has_after: bool
) -> PageableMeta:
    """Build `pagination` for a page whose first/last keys and neighbours are known (for data-side paging too)."""
    cursors = PageCursors(
        before=encode_cursor(list_name, first_key) if has_before and first_key is not None else None,
        after=encode_cursor(list_name, last_key) if has_after and last_key is not None else None,
    )
    return PageableMeta(cursors=cursors, page=Page(limit=request.limit))


def paginate[T](list_name: str, items: Sequence[T], key: Callable[[T], str], request: PageRequest) -> PageResult[T]:
    """One page of an in-memory list that is already sorted ascending by `key`."""
    keys = [key(item) for item in items]
    if request.direction == "after" and request.key is not None:
        start = next((i for i, k in enumerate(keys) if k > request.key), len(keys))
        end = min(start + request.limit, len(keys))
    elif request.direction == "before" and request.key is not None:
        end = next((i for i, k in enumerate(keys) if k >= request.key), len(keys))
        start = max(end - request.limit, 0)
    else:
        start, end = 0, min(request.limit, len(keys))
    page = list(items[start:end])
    meta = page_meta(
        list_name,
        request,
        first_key=keys[start] if page else None,
        last_key=keys[end - 1] if page else None,
        has_before=start > 0,
        has_after=end < len(keys),
    )
    return PageResult(page, meta)
