"""Wiring: the payouts stores (DynamoDB) behind the order rules' ports. Handlers call these; unit tests build their
own `OrderPorts` (see tests/unit/payouts)."""

from __future__ import annotations

from typing import Any

from runa.core.caller import Caller
from runa.payouts.data import balances, idempotency, orders, placement, products
from runa.payouts.logic import placing, pricing, views
from runa.payouts.logic.idempotency import Answer
from runa.payouts.logic.order_ports import OrderPorts
from runa.payouts.logic.records import Debit, OrderPage, OrderRecord
from runa.payouts.models.orders import (
    CompletedOrderWithFullDetails,
    IncompleteOrder,
    NewOrderDetails,
    OrderList,
    OrderPriceRequest,
    OrderPriceResponse,
)


def _list_orders(
    scope: str, limit: int, direction: str | None, key: str | None, status: str | None, now: float
) -> OrderPage:
    return orders.list_orders(scope, limit=limit, direction=direction, key=key, status=status, now=now)


# Finishing and failing an order are the consumer's and the sweeper's (services.completion): no /v2 request calls
# them, so their rules and stores load only if one does.
def _complete_order(scope: str, order_id: str, completed_at: str) -> OrderRecord | None:
    from runa.payouts.services import completion

    return completion.complete_order(scope, order_id, completed_at)


def _settle_failed_order(scope: str, order_id: str, failed_at: str, message: str, refund: Debit | None) -> bool:
    from runa.payouts.services import completion

    return completion.settle_failed_order(scope, order_id, failed_at, message, refund)


def order_ports() -> OrderPorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return OrderPorts(
        read_inputs=placement.read_inputs,
        get_product=products.get_product_terms,
        get_template=orders.get_template,
        place_order=placement.place_order,
        store_answer=idempotency.store_answer,
        find_balance=balances.find_balance,
        get_order=orders.get_order,
        list_orders=_list_orders,
        complete_order=_complete_order,
        settle_failed_order=_settle_failed_order,
    )


# ---------------------------------------------------------------- what the handlers call


def create_order(
    caller: Caller,
    details: NewOrderDetails,
    *,
    raw_body: Any,
    execution_mode: str | None,
    idempotency_key: str | None,
    trigger_error: str | None,
) -> Answer:
    request = placing.OrderRequest(
        details=details,
        raw_body=raw_body,
        mode=placing.execution_mode(execution_mode),
        idempotency_key=idempotency_key or "",
        trigger_error=trigger_error,
    )
    return placing.create_order(caller, request, order_ports())


def get_order(caller: Caller, order_id: str) -> CompletedOrderWithFullDetails | IncompleteOrder:
    return views.get_order(caller, order_id, order_ports())


def list_orders(
    caller: Caller,
    *,
    before: str | None,
    after: str | None,
    limit: str | int | None,
    newest_first: bool = False,
    status: str | None = None,
) -> OrderList:
    return views.list_orders(
        caller, order_ports(), before=before, after=after, limit=limit, newest_first=newest_first, status=status
    )


def estimate(caller: Caller, request: OrderPriceRequest) -> OrderPriceResponse:
    return pricing.estimate(caller, request, order_ports())
