"""Placing an order (POST /v2/order): the checks, pricing, payout links, execution modes and the one transaction.

Money: a production order takes its total from the balance in the same transaction that writes the order and the
answer to its idempotency key (see `runa.payouts.data.placement`); a playground order never touches a balance.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from runa.core import ids
from runa.core.caller import Caller
from runa.core.clock import iso_utc
from runa.core.errors import BadRequest, DomainError
from runa.core.settings import get_settings
from runa.payouts.errors import (
    InsufficientFunds,
    InvalidExecutionMode,
    PaymentMethodUnavailable,
    ProductValidationError,
)
from runa.payouts.logic import idempotency
from runa.payouts.logic.idempotency import Answer
from runa.payouts.logic.order_ports import OrderPorts
from runa.payouts.logic.pricing import PricedItem, direct_codes, price_item, selection_codes
from runa.payouts.logic.product_lookup import MAX_CODE_LENGTH, ProductLookup
from runa.payouts.logic.records import ASYNC, COMPLETED, PROCESSING, SYNC, Debit, OrderRecord, StoredAnswer
from runa.payouts.logic.views import full_view
from runa.payouts.models.common import money
from runa.payouts.models.orders import (
    AsyncAcceptedOrder,
    CompletedOrderItem,
    NewOrderDetails,
    PayoutSelectionTemplate,
    dump,
)

if TYPE_CHECKING:  # annotations only
    from runa.payouts.logic.records import ProductTerms

LINK_EXPIRY_DAYS = 365


class TriggeredServerError(DomainError):
    """Playground only: `X-Trigger-Error: internal_server_error` (never stored for idempotent replay)."""

    status, error_type = 500, "internal_server_error"
    default_message = "An internal error occurred (triggered by X-Trigger-Error)."


TRIGGERS: dict[str, type[DomainError]] = {
    "insufficient_funds": InsufficientFunds,
    "internal_server_error": TriggeredServerError,
}


def _item_id() -> str:
    return "E-" + "".join(secrets.choice(ids.CROCKFORD) for _ in range(10))


def payout_url(caller: Caller) -> str:
    settings = get_settings()
    host = settings.payout_link_host_playground if caller.is_playground else settings.payout_link_host_production
    # The link is the end user's claim to the money: 160 random bits, unguessable.
    return f"{host.rstrip('/')}/r/{secrets.token_urlsafe(20)}"


def _completed_item(caller: Caller, request_item: Any, priced: PricedItem, codes: list[str], now: datetime) -> dict:
    selection = request_item.products
    products: dict[str, Any] = dump(selection)
    if isinstance(selection, PayoutSelectionTemplate):
        products["values"] = codes
    item = CompletedOrderItem.model_validate(
        {
            "id": _item_id(),
            "distribution_method": dump(request_item.distribution_method),
            "products": products,
            "face_value": money(priced.face_value),
            "price": money(priced.price),
            "currency": priced.currency,
            "payout": {
                "status": "ACTIVE",
                "status_updated_at": now,
                "url": payout_url(caller),
                "expiry_date": now + timedelta(days=LINK_EXPIRY_DAYS),
            },
        }
    )
    return dump(item)


def execution_mode(header: str | None) -> str:
    mode = (header or ASYNC).strip().lower()
    if mode not in (SYNC, ASYNC):
        raise InvalidExecutionMode(f"X-Execution-Mode must be 'sync' or 'async', not '{(header or '')[:40]}'.")
    return mode


@dataclass(frozen=True)
class OrderRequest:
    details: NewOrderDetails
    raw_body: Any
    mode: str
    idempotency_key: str
    trigger_error: str | None = None


def create_order(caller: Caller, request: OrderRequest, ports: OrderPorts) -> Answer:
    """POST /v2/order: 200 with the whole order (sync) or 202 `{id, status}` (async), replayed per key.

    Two DynamoDB requests when all goes well, sync or async: one read (the key's stored answer and the products)
    and one transaction (the key's answer, the order, the debit and its ledger movement). A replay is the read
    alone."""
    key = idempotency.check_key(request.idempotency_key)
    trigger = _trigger(caller, request)
    # The mode changes the answer, so it is part of what "the same request" means.
    print_ = idempotency.fingerprint(request.raw_body, mode=request.mode)
    key_hash = idempotency.key_hash(key)
    codes = [
        code
        for item in request.details.items
        for code in direct_codes(item.products)
        if len(code) <= MAX_CODE_LENGTH  # a longer one is refused as unknown without a read
    ]
    inputs = ports.read_inputs(caller.scope, key_hash, codes)
    if inputs.answer is not None:
        return _existing(inputs.answer, print_)
    known: dict[str, ProductTerms | None] = {code: inputs.products.get(code) for code in codes}
    answer = StoredAnswer(
        scope=caller.scope,
        key_hash=key_hash,
        fingerprint=print_,
        status_code=0,
        response=None,
        expires_at=int(ports.now().timestamp()) + idempotency.TTL_SECONDS,
    )
    try:
        if trigger is not None:
            raise trigger()
        order = _new_order(caller, request, ProductLookup(ports.get_product, known), ports)
        debit = None if caller.is_playground else Debit(order.currency, order.total_price)
        accepted = _first_answer(order)
        answer = _with(answer, accepted, order.id)
        try:
            existing = ports.place_order(answer, order, debit)
        except InsufficientFunds:
            # Only on this failure path: tell "no balance in that currency at all" from "not enough".
            if ports.find_balance(caller.scope, order.currency) is None:
                raise PaymentMethodUnavailable(
                    f"The account has no {order.currency} balance to pay from; pay from a balance you hold."
                ) from None
            raise
    except DomainError as error:
        if error.status >= 500:  # never stored: a retry must be able to succeed
            raise
        # A refusal is the key's answer too; if another request stored one first, that one is the answer.
        existing = ports.store_answer(_with(answer, Answer(error.status, error.body()), None))
        if existing is None:
            raise
        return _existing(existing, print_)
    if existing is not None:  # another request with this key committed first: its answer is ours
        return _existing(existing, print_)
    # Async: the commit is the hand-off. The OrdersTable's stream carries the new order to the OrdersQueue
    # (runa.payouts.logic.outbox), so a crash or a lost answer from here on cannot strand it.
    return accepted


def _trigger(caller: Caller, request: OrderRequest) -> type[DomainError] | None:
    """Playground only: `X-Trigger-Error` forces an error (an unknown one is refused before the key is used)."""
    if not (caller.is_playground and request.trigger_error):
        return None
    trigger = TRIGGERS.get(request.trigger_error.strip().lower())
    if trigger is None:
        raise BadRequest(f"X-Trigger-Error must be one of: {', '.join(sorted(TRIGGERS))}.")
    return trigger


def _with(answer: StoredAnswer, given: Answer, order_id: str | None) -> StoredAnswer:
    return StoredAnswer(
        scope=answer.scope,
        key_hash=answer.key_hash,
        fingerprint=answer.fingerprint,
        status_code=given.status,
        response=given.body,
        expires_at=answer.expires_at,
        order_id=order_id,
    )


def _first_answer(order: OrderRecord) -> Answer:
    if order.execution_mode == SYNC:
        return Answer(200, dump(full_view(order)))
    return Answer(202, dump(AsyncAcceptedOrder(id=order.id, status="PROCESSING")))


def _existing(stored: StoredAnswer, request_fingerprint: str) -> Answer:
    """The answer for a request whose key already has one: a replay, or the refusal of a different body. Nothing
    else to do: an accepted order's queue message followed from its commit, whatever happened to that request."""
    return idempotency.replay(stored, request_fingerprint)


def _new_order(caller: Caller, request: OrderRequest, lookup: ProductLookup, ports: OrderPorts) -> OrderRecord:
    details = request.details
    if request.mode == SYNC and len(details.items) != 1:
        raise BadRequest("A sync order holds exactly one item; use async mode for more.")
    currency = details.payment_method.currency
    now = ports.now()
    completed_items: list[dict[str, Any]] = []
    total_price = total_face = Decimal(0)
    for item in details.items:
        codes = selection_codes(item.products, caller.scope, ports)
        if item.distribution_method.type == "RECIPIENT" and any(
            lookup.get(code).payout_type != "payment" for code in codes
        ):
            raise ProductValidationError("RECIPIENT distribution is only for payment products.")
        priced = price_item(item.products, item.face_value, currency, lookup, codes)
        completed_items.append(_completed_item(caller, item, priced, codes, now))
        total_price += priced.price
        total_face += priced.face_value
    is_sync = request.mode == SYNC
    return OrderRecord(
        id=f"O-{ids.ulid()}",
        scope=caller.scope,
        status=COMPLETED if is_sync else PROCESSING,
        created_at=iso_utc(now),
        completed_at=iso_utc(now) if is_sync else None,
        currency=currency,
        total_price=total_price,
        total_discount=total_face - total_price,
        execution_mode=request.mode,
        items=completed_items,
        transaction_detail={currency: {"value": money(total_face)}},
        description=details.description,
        metadata=details.metadata,
        processing_until=(
            Decimal(str(round(now.timestamp() + get_settings().playground_processing_seconds, 3)))
            if caller.is_playground and not is_sync
            else None
        ),
        debited=not caller.is_playground,
    )
