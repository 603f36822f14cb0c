"""Wiring of the console's payouts pages: balances, orders and the webhook, through the payouts domain's services
only (never its data or logic)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runa.console.data import audit as audit_store
from runa.console.logic import paging
from runa.console.logic import payouts as payouts_logic
from runa.console.owner import Owner
from runa.console.payouts_models import (
    BalanceOut,
    Balances,
    MovementOut,
    WebhookCreated,
    WebhookDeliveries,
    WebhookOut,
    WebhookRegister,
)
from runa.payouts.models.common import money

if TYPE_CHECKING:
    from runa.payouts.models.orders import CompletedOrderWithFullDetails, IncompleteOrder, OrderList

DELIVERIES_LIMIT, LEDGER_LIMIT, MAX_LIMIT = paging.DEFAULT_LIMIT, paging.DEFAULT_LIMIT, paging.MAX_LIMIT

# Each page imports its stores when first asked: a cold start serves one page, and the orders pages alone need the
# ordering machinery.


def balances(owner: Owner, environment: str, limit: int, cursor: str | None) -> Balances:
    """The balances, and a page of the ledger newest first (`cursor`: the previous page's nextCursor)."""
    from runa.payouts.services import balances as balance_services

    before = paging.position(cursor, payouts_logic.LEDGER_POSITION)
    scope = payouts_logic.as_caller(owner, environment).scope
    amounts = balance_services.balances_of(scope)
    movements, last = balance_services.ledger_page(scope, sorted(amounts), limit, before)
    return Balances(
        environment=environment,
        balances=[BalanceOut(currency=code, balance=money(amount)) for code, amount in sorted(amounts.items())],
        movements=[
            MovementOut(
                currency=m.currency,
                amount=money(m.amount),
                kind=m.kind,
                created_at=m.created_at,
                order_id=m.order_id,
            )
            for m in movements
        ],
        nextCursor=paging.next_cursor(last),
    )


def orders(
    owner: Owner, environment: str, status: str | None, before: str | None, after: str | None, limit: str | None
) -> OrderList:
    """One page of GET /v2/order for this account, newest first (`before`: the older page's cursor, `after`: the
    newer one's); with `status`, a page of the orders with that status, however old (filtered as the store reads)."""
    from runa.payouts.services import orders as payouts

    caller = payouts_logic.as_caller(owner, environment)
    return payouts.list_orders(
        caller, before=before, after=after, limit=limit, newest_first=True, status=status or None
    )


def order(owner: Owner, environment: str, order_id: str) -> CompletedOrderWithFullDetails | IncompleteOrder:
    from runa.payouts.services import orders as payouts

    return payouts.get_order(payouts_logic.as_caller(owner, environment), order_id)


def webhook(owner: Owner, environment: str) -> WebhookOut:
    from runa.payouts.services import webhooks as webhook_services

    endpoint = webhook_services.endpoint_of(payouts_logic.as_caller(owner, environment).scope)
    if endpoint is None:
        return payouts_logic.webhook_view(environment, None, None)
    return payouts_logic.webhook_view(environment, endpoint.url, endpoint.created_at)


def webhook_deliveries(owner: Owner, environment: str, limit: int, cursor: str | None) -> WebhookDeliveries:
    from runa.payouts.services import webhooks as webhook_services

    return payouts_logic.webhook_deliveries(owner, environment, limit, cursor, webhook_services.attempts_page)


def register_webhook(owner: Owner, request: WebhookRegister) -> WebhookCreated:
    from runa.payouts.services import webhooks as webhook_services

    def register(scope: str, url: str) -> tuple[str, str, str]:
        endpoint, secret = webhook_services.register(scope, url)
        return endpoint.url, endpoint.created_at, secret

    ports = payouts_logic.WebhookPorts(
        register=register, check_url=webhook_services.check_url, record=audit_store.record
    )
    return payouts_logic.register_webhook(owner, request.environment, request.url, ports)
