"""What an order looks like to its account: GET /v2/order(s) answers (the webhook's payload: logic.order_summary)."""

from __future__ import annotations

import re
import time

from runa.core.caller import Caller
from runa.core.errors import NotFound
from runa.payouts.errors import PaginationError
from runa.payouts.logic.order_ports import OrderPorts
from runa.payouts.logic.order_summary import basic_fields
from runa.payouts.logic.records import FAILED, PROCESSING, OrderRecord
from runa.payouts.models.orders import (
    ORDER_ID_PATTERN,
    CompletedOrderWithBasicDetails,
    CompletedOrderWithFullDetails,
    IncompleteOrder,
    OrderList,
)

ORDER_LIST = "orders"
PROCESSING_MESSAGE = "The order is being processed."


def _shows_processing(order: OrderRecord, now: float) -> bool:
    if order.status == PROCESSING:
        return True
    return order.processing_until is not None and now < float(order.processing_until)


def _incomplete_view(order: OrderRecord, now: float) -> IncompleteOrder | None:
    if _shows_processing(order, now):
        return IncompleteOrder(id=order.id, status="PROCESSING", message=PROCESSING_MESSAGE)
    if order.status == FAILED:
        return IncompleteOrder(id=order.id, status="FAILED", message=order.failure_message or "The order failed.")
    return None


def basic_view(order: OrderRecord, now: float) -> CompletedOrderWithBasicDetails | IncompleteOrder:
    incomplete = _incomplete_view(order, now)
    if incomplete is not None:
        return incomplete
    return CompletedOrderWithBasicDetails.model_validate(basic_fields(order))


def full_view(order: OrderRecord, now: float | None = None) -> CompletedOrderWithFullDetails | IncompleteOrder:
    # Not through basic_view: a completed order would build (and validate) its list view for nothing.
    incomplete = _incomplete_view(order, time.time() if now is None else now)
    if incomplete is not None:
        return incomplete
    return CompletedOrderWithFullDetails.model_validate(
        {
            **basic_fields(order),
            "items": order.items,
            "transaction_detail": order.transaction_detail,
            "metadata": order.metadata,
        }
    )


def get_order(caller: Caller, order_id: str, ports: OrderPorts) -> CompletedOrderWithFullDetails | IncompleteOrder:
    # Partitioned by scope: another account's (or environment's) order is simply not found.
    order = ports.get_order(caller.scope, order_id) if re.match(ORDER_ID_PATTERN, order_id) else None
    if order is None:
        raise NotFound(f"There is no order '{order_id}'.")
    return full_view(order)


def list_orders(
    caller: Caller,
    ports: OrderPorts,
    *,
    before: str | None,
    after: str | None,
    limit: str | int | None,
    newest_first: bool = False,
    status: str | None = None,
) -> OrderList:
    """GET /v2/order: oldest first. `newest_first` (the console): the first page is the newest orders, and every
    page lists newest first; the cursors keep their meaning (`before`: older orders, `after`: newer ones).
    `status` (the console's filter): only orders shown with that status, across the whole list: the store filters
    while it reads, so a page is full unless the list ends or the read budget does (then the cursor goes on)."""
    # The list's cursors and pages: only this route (and the console's list) needs them.
    from runa.payouts.logic.pagination import PageRequest, page_meta, page_request

    request = page_request(ORDER_LIST, before=before, after=after, limit=limit, default_limit=100)
    if request.key is not None and not re.match(ORDER_ID_PATTERN, request.key):
        raise PaginationError("The pagination cursor is not valid.")
    if newest_first and request.direction is None:
        request = PageRequest(request.limit, "before")  # the last page: read backwards from the newest
    now = time.time()
    page = ports.list_orders(caller.scope, request.limit, request.direction, request.key, status, now)
    items = [basic_view(order, now) for order in page.orders]
    if status is not None:  # the store's filter, checked against the view itself
        items = [item for item in items if item.status == status]
    first_key = page.orders[0].id if page.orders else None
    last_key = page.orders[-1].id if page.orders else None
    if page.resume_key is not None:  # the read budget ran out: go on from the last order examined
        if request.direction == "before":
            first_key = page.resume_key
        else:
            last_key = page.resume_key
    return OrderList(
        items=items[::-1] if newest_first else items,
        pagination=page_meta(
            ORDER_LIST,
            request,
            first_key=first_key,
            last_key=last_key,
            has_before=page.has_before,
            has_after=page.has_after,
        ),
    )
