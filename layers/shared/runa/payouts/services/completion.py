"""Wiring: the order and product stores behind finishing an async order (the orders consumer). A module of its own
so the consumer does not load the placing stores and rules that `runa.payouts.services.orders` wires."""

from __future__ import annotations

from runa.payouts.data import orders, products, settlement
from runa.payouts.logic import completion
from runa.payouts.logic.records import Debit, OrderRecord


# The ports' positional forms of the stores' keyword-only writes (services.orders wires them too).
def complete_order(scope: str, order_id: str, completed_at: str) -> OrderRecord | None:
    return orders.complete_order(scope, order_id, completed_at=completed_at)


def settle_failed_order(scope: str, order_id: str, failed_at: str, message: str, refund: Debit | None) -> bool:
    return settlement.settle_failed_order(scope, order_id, failed_at=failed_at, message=message, refund=refund)


def completion_ports() -> completion.CompletionPorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return completion.CompletionPorts(
        get_order=orders.get_order,
        get_product=products.get_availability,
        complete_order=complete_order,
        settle_failed_order=settle_failed_order,
    )


def process_queued_order(scope: str, order_id: str) -> str | None:
    return completion.process_queued_order(scope, order_id, completion_ports())
