"""Orders: the business rules, pricing, payout links, execution modes and the async completion.

Pricing: an item's price is its face value less the product's discount (`price = face_value * (1 - discount)`,
half-up to cents); a MULTIPLE or TEMPLATE item gets the smallest discount of its products (the end user may spend
it all on that one). Orders are paid from the balance in the products' own currency: no FX (so no `fx` in
`transaction_detail`), and a payment currency that differs from the products' is `currency_mismatch`.

Money: a production order takes its total from the balance in the same transaction that writes the order and
the answer to its idempotency key (see `runa.payouts.data.placement`); a playground order never touches a balance.
The stores come in as `OrderPorts` (wired in `runa.payouts.services.orders`), so these rules run without AWS in tests.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from runa.core import ids
from runa.core.caller import Caller
from runa.core.clock import iso_utc
from runa.core.errors import BadRequest, DomainError, NotFound, ValidationFailed
from runa.core.observability import logger
from runa.core.settings import get_settings
from runa.payouts.errors import (
    CurrencyMismatch,
    InsufficientFunds,
    InvalidExecutionMode,
    PaginationError,
    PaymentMethodUnavailable,
    ProductValidationError,
)
from runa.payouts.logic import idempotency
from runa.payouts.logic.idempotency import Answer
from runa.payouts.logic.pagination import PageRequest, page_meta, page_request
from runa.payouts.logic.records import (
    COMPLETED,
    FAILED,
    PROCESSING,
    UNQUEUED,
    Debit,
    OrderInputs,
    OrderPage,
    OrderRecord,
    StoredAnswer,
)
from runa.payouts.models.common import CENT, money
from runa.payouts.models.orders import (
    ORDER_ID_PATTERN,
    AccountPayment,
    AsyncAcceptedOrder,
    CompletedOrderItem,
    CompletedOrderWithBasicDetails,
    CompletedOrderWithFullDetails,
    FailedOrderWebhook,
    IncompleteOrder,
    MultipleProduct,
    NewOrderDetails,
    OrderItemDiscount,
    OrderList,
    OrderPriceRequest,
    OrderPriceResponse,
    PayoutSelectionTemplate,
    SingleProduct,
    SingleProductWithUsageConfig,
    TransactionDetailEntry,
    dump,
)
from runa.payouts.models.products import Product

SYNC, ASYNC = "sync", "async"
ORDER_LIST = "orders"
LINK_EXPIRY_DAYS = 365
PROCESSING_MESSAGE = "The order is being processed."
UNAVAILABLE_MESSAGE = "A product of this order can no longer be ordered; the order was not charged."
# Client strings that become DynamoDB keys are bounded first: an oversized key is the client's mistake (a 4xx),
# never a DynamoDB ValidationException (a 500).
MAX_CODE_LENGTH = 64
TEMPLATE_ID_PATTERN = re.compile(r"^PT-[0-9A-Za-z]{1,64}$")


class TriggeredServerError(DomainError):
    """Playground only: `X-Trigger-Error: internal_server_error` (never stored for idempotent replay)."""

    status, error_type = 500, "internal_server_error"
    default_message = "An internal error occurred (triggered by X-Trigger-Error)."


TRIGGERS: dict[str, type[DomainError]] = {
    "insufficient_funds": InsufficientFunds,
    "internal_server_error": TriggeredServerError,
}


# ---------------------------------------------------------------- ports


@dataclass
class OrderPorts:
    """What the order rules need from the stores; `runa.payouts.services.orders` wires the real ones (DynamoDB, SQS)."""

    read_inputs: Callable[[str, str, list[str]], OrderInputs]
    get_product: Callable[[str], Product | None]
    get_template: Callable[[str, str], list[str] | None]
    place_order: Callable[[StoredAnswer, OrderRecord, Debit | None], StoredAnswer | None]
    store_answer: Callable[[StoredAnswer], StoredAnswer | None]
    find_balance: Callable[[str, str], Decimal | None]
    enqueue_order: Callable[[str, str, int], None]
    mark_unqueued: Callable[[StoredAnswer], bool]
    mark_queued: Callable[[StoredAnswer], bool]
    get_order: Callable[[str, str], OrderRecord | None]
    list_orders: Callable[[str, int, str | None, str | None], OrderPage]
    complete_order: Callable[[str, str, str], OrderRecord | None]
    settle_failed_order: Callable[[str, str, str, str, Debit | None], bool]
    enqueue_webhook: Callable[[str, str, str, dict[str, Any]], None]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


# ---------------------------------------------------------------- pricing


@dataclass(frozen=True)
class PricedItem:
    products: list[Product]
    face_value: Decimal
    price: Decimal
    discount_multiplier: Decimal
    currency: str

    @property
    def discount(self) -> Decimal:
        return self.face_value - self.price


class ProductLookup:
    """Products by code for one request: each distinct code is read once (never cached across requests, because
    ordering must see the current state and discount). `known` holds products read beforehand, with None for a
    code read and not found."""

    def __init__(self, get: Callable[[str], Product | None], known: dict[str, Product | None] | None = None) -> None:
        self._get = get
        self._seen: dict[str, Product | None] = dict(known or {})

    def get(self, code: str) -> Product:
        if len(code) > MAX_CODE_LENGTH:
            raise ProductValidationError("There is no product with that code.")
        if code not in self._seen:
            self._seen[code] = self._get(code)
        product = self._seen[code]
        if product is None:
            raise ProductValidationError(f"There is no product with the code '{code}'.")
        return product


def _orderable(product: Product) -> None:
    # TEMPORARILY_DEGRADED products are still orderable (slower fulfilment); DISABLED ones are not.
    if not product.is_orderable or product.state == "TEMPORARILY_DISABLED":
        raise ProductValidationError(f"The product '{product.code}' cannot be ordered at the moment.")


def _check_denomination(product: Product, face_value: Decimal) -> None:
    low, high, fixed = product.denomination_limits()
    if fixed is not None:
        if face_value not in {Decimal(value) for value in fixed}:
            allowed = ", ".join(money(value) for value in sorted(fixed, key=Decimal))
            raise ProductValidationError(
                f"The product '{product.code}' has fixed denominations ({allowed}); {money(face_value)} is not one."
            )
    elif not Decimal(low) <= face_value <= Decimal(high):
        raise ProductValidationError(
            f"The face value of '{product.code}' must be between {money(low)} and {money(high)}."
        )


def _same_currency(found: Iterable[Product], payment_currency: str) -> str:
    currencies = {product.currency for product in found}
    if len(currencies) > 1:
        raise CurrencyMismatch("All products of an item must use the same currency.")
    (currency,) = currencies
    if currency != payment_currency:
        raise CurrencyMismatch(
            f"The payment currency is {payment_currency} but the product currency is {currency}; "
            "pay from the balance in the product's currency."
        )
    return currency


def price_item(
    selection: Any, face_value_number: float, payment_currency: str, lookup: ProductLookup, codes: list[str]
) -> PricedItem:
    """Check one item against the catalogue and price it. `codes` are the products the selection resolves to."""
    face_value = Decimal(str(face_value_number)).quantize(CENT)
    found = [lookup.get(code) for code in codes]
    for product in found:
        _orderable(product)
    currency = _same_currency(found, payment_currency)
    if isinstance(selection, SingleProduct | SingleProductWithUsageConfig):
        _check_denomination(found[0], face_value)
    else:
        if face_value != face_value.to_integral_value():
            raise ProductValidationError("The face value of a MULTIPLE or TEMPLATE item must be a whole number.")
        lowest = min(Decimal(product.denomination_limits()[0]) for product in found)
        if face_value < lowest:
            raise ProductValidationError(f"The face value must be at least {money(lowest)} for these products.")
    multiplier = min(Decimal(product.discount_multiplier) for product in found)
    price = (face_value * (1 - multiplier)).quantize(CENT, rounding=ROUND_HALF_UP)
    return PricedItem(found, face_value, price, multiplier, currency)


def _direct_codes(selection: Any) -> list[str]:
    """The codes an item names itself (a TEMPLATE names its codes in the account's template)."""
    if isinstance(selection, SingleProduct | SingleProductWithUsageConfig):
        return [selection.value]
    if isinstance(selection, MultipleProduct):
        return list(selection.values)
    return []


def _selection_codes(selection: Any, scope: str, ports: OrderPorts) -> list[str]:
    if isinstance(selection, PayoutSelectionTemplate):
        known = TEMPLATE_ID_PATTERN.match(selection.template_id)
        codes = ports.get_template(scope, selection.template_id) if known else None
        if codes is None:
            raise ProductValidationError(f"There is no payout selection template '{selection.template_id}'.")
        return codes
    if isinstance(selection, SingleProduct | SingleProductWithUsageConfig | MultipleProduct):
        return _direct_codes(selection)
    raise ProductValidationError("Unknown product selection.")  # pragma: no cover - the model refuses others


def _price_for_estimate(
    caller: Caller, item: Any, index: int, currency: str, lookup: ProductLookup, ports: OrderPorts
) -> PricedItem:
    # The estimate's contract lists 422 (not 400) for a request it cannot price: the item that fails is named.
    try:
        codes = _selection_codes(item.products, caller.scope, ports)
        return price_item(item.products, item.face_value, currency, lookup, codes)
    except (ProductValidationError, CurrencyMismatch) as error:
        detail = {"type": error.error_type, "message": error.message, "location": ["body", "items", str(index)]}
        raise ValidationFailed(error.message, details=[detail]) from None


def estimate(caller: Caller, request: OrderPriceRequest, ports: OrderPorts) -> OrderPriceResponse:
    lookup = ProductLookup(ports.get_product)
    currency = request.payment_method.currency
    priced = [
        (item, _price_for_estimate(caller, item, index, currency, lookup, ports))
        for index, item in enumerate(request.items)
    ]
    total_price = sum((p.price for _, p in priced), Decimal(0))
    total_face = sum((p.face_value for _, p in priced), Decimal(0))
    return OrderPriceResponse(
        payment_method=AccountPayment(type="ACCOUNT_BALANCE", currency=currency),
        items=[
            OrderItemDiscount(
                products=item.products,
                face_value=float(p.face_value),
                price=float(p.price),
                discount_multiplier=money(p.discount_multiplier),
                currency=p.currency,
            )
            for item, p in priced
        ],
        currency=currency,
        total_discount=float(total_face - total_price),
        total_price=float(total_price),
        transaction_detail={currency: TransactionDetailEntry(value=money(total_face))},
    )


# ---------------------------------------------------------------- creating orders


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

    Two DynamoDB requests when all goes well: one read (the key's stored answer and the products) and one
    transaction (the key's answer, the order, the debit and its ledger movement). A replay is the read alone."""
    key = idempotency.check_key(request.idempotency_key)
    trigger = _trigger(caller, request)
    # The mode changes the answer, so it is part of what "the same request" means.
    print_ = idempotency.fingerprint(request.raw_body, mode=request.mode)
    key_hash = idempotency.key_hash(key)
    codes = [
        code
        for item in request.details.items
        for code in _direct_codes(item.products)
        if len(code) <= MAX_CODE_LENGTH  # a longer one is refused as unknown without a read
    ]
    inputs = ports.read_inputs(caller.scope, key_hash, codes)
    if inputs.answer is not None:
        return _existing(caller, inputs.answer, print_, ports)
    known: dict[str, Product | None] = {code: inputs.products.get(code) for code in codes}
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
        return _existing(caller, existing, print_, ports)
    if existing is not None:  # another request with this key committed first: its answer is ours
        return _existing(caller, existing, print_, ports)
    if request.mode == ASYNC:
        _enqueue(caller, answer, ports)
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


# A stored 202 whose order is still PROCESSING this long after it was created has outlived the request that
# committed it (the orders function times out after 10 s), so a repeat sends its queue message again: the
# consumer is idempotent, and a request that died between its commit and its send loses no order.
REQUEUE_AFTER_SECONDS = 30


def _existing(caller: Caller, stored: StoredAnswer, request_fingerprint: str, ports: OrderPorts) -> Answer:
    """The answer for a request whose key already has one: a replay, or the refusal of a different body."""
    answer = idempotency.replay(stored, request_fingerprint)
    if stored.order_id is None or answer.status != 202:
        return answer
    if stored.state == UNQUEUED:
        # The request that placed it could not queue it and answered 5xx: this one finishes the job.
        _enqueue(caller, stored, ports)
        ports.mark_queued(stored)
        return Answer(answer.status, answer.body)
    order = ports.get_order(stored.scope, stored.order_id)
    if order is not None and order.status == PROCESSING:
        created = datetime.fromisoformat(order.created_at.replace("Z", "+00:00"))
        if (ports.now() - created).total_seconds() > REQUEUE_AFTER_SECONDS:
            logger.warning("requeueing an order still processing", extra={"order_id": order.id})
            _enqueue(caller, stored, ports)
    return answer


def _enqueue(caller: Caller, answer: StoredAnswer, ports: OrderPorts) -> None:
    """Queue an accepted order for the consumer. If the queue refuses, the key is marked UNQUEUED (so the next
    request with the key queues it) and the client gets a 5xx, which is never stored: the order is not lost."""
    assert answer.order_id is not None
    delay = int(get_settings().playground_processing_seconds + 0.999) if caller.is_playground else 0
    try:
        ports.enqueue_order(caller.scope, answer.order_id, delay)
    except Exception:
        logger.exception("could not queue an accepted order", extra={"order_id": answer.order_id})
        ports.mark_unqueued(answer)
        raise


def _new_order(caller: Caller, request: OrderRequest, lookup: ProductLookup, ports: OrderPorts) -> OrderRecord:
    details = request.details
    if request.mode == SYNC and len(details.items) != 1:
        raise BadRequest("A sync order holds exactly one item; use async mode for more.")
    currency = details.payment_method.currency
    now = ports.now()
    completed_items: list[dict[str, Any]] = []
    total_price = total_face = Decimal(0)
    for item in details.items:
        codes = _selection_codes(item.products, caller.scope, ports)
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


# ---------------------------------------------------------------- reading orders


def _shows_processing(order: OrderRecord, now: float) -> bool:
    if order.status == PROCESSING:
        return True
    return order.processing_until is not None and now < float(order.processing_until)


def basic_view(order: OrderRecord, now: float) -> CompletedOrderWithBasicDetails | IncompleteOrder:
    if _shows_processing(order, now):
        return IncompleteOrder(id=order.id, status="PROCESSING", message=PROCESSING_MESSAGE)
    if order.status == FAILED:
        return IncompleteOrder(id=order.id, status="FAILED", message=order.failure_message or "The order failed.")
    return CompletedOrderWithBasicDetails.model_validate(_basic_fields(order))


def _basic_fields(order: OrderRecord) -> dict[str, Any]:
    return {
        "id": order.id,
        "status": order.status,
        "created_at": order.created_at,
        "completed_at": order.completed_at,
        "description": order.description,
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": order.currency},
        "currency": order.currency,
        "total_price": money(order.total_price),
        "total_discount": money(order.total_discount),
    }


def full_view(order: OrderRecord, now: float | None = None) -> CompletedOrderWithFullDetails | IncompleteOrder:
    basic = basic_view(order, time.time() if now is None else now)
    if isinstance(basic, IncompleteOrder):
        return basic
    return CompletedOrderWithFullDetails.model_validate(
        {
            **_basic_fields(order),
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
) -> OrderList:
    """GET /v2/order: oldest first. `newest_first` (the console): the first page is the newest orders, and every
    page lists newest first; the cursors keep their meaning (`before`: older orders, `after`: newer ones)."""
    request = page_request(ORDER_LIST, before=before, after=after, limit=limit, default_limit=100)
    if request.key is not None and not re.match(ORDER_ID_PATTERN, request.key):
        raise PaginationError("The pagination cursor is not valid.")
    if newest_first and request.direction is None:
        request = PageRequest(request.limit, "before")  # the last page: read backwards from the newest
    page = ports.list_orders(caller.scope, request.limit, request.direction, request.key)
    now = time.time()
    items = [basic_view(order, now) for order in page.orders]
    return OrderList(
        items=items[::-1] if newest_first else items,
        pagination=page_meta(
            ORDER_LIST,
            request,
            first_key=page.orders[0].id if page.orders else None,
            last_key=page.orders[-1].id if page.orders else None,
            has_before=page.has_before,
            has_after=page.has_after,
        ),
    )


# ---------------------------------------------------------------- the async consumer


def _still_orderable(order: OrderRecord, ports: OrderPorts) -> bool:
    lookup = ProductLookup(ports.get_product)
    for item in order.items:
        selection = item["products"]
        codes = [selection["value"]] if selection["type"] == "SINGLE" else list(selection.get("values") or [])
        for code in codes:
            try:
                _orderable(lookup.get(code))
            except ProductValidationError:
                return False
    return True


def process_queued_order(scope: str, order_id: str, ports: OrderPorts) -> str | None:
    """Finish an async order: COMPLETED, or FAILED with its money returned exactly once. Safe to run again for
    the same message (SQS delivers at least once): the status conditions make every step happen once, and the
    webhook event is queued again with the same id (receivers drop duplicates by `webhook-id`).

    Returns the final status, or None when the order does not exist."""
    order = ports.get_order(scope, order_id)
    if order is None:
        logger.warning("queued order not found", extra={"order_id": order_id})
        return None
    if order.status == PROCESSING:
        now = iso_utc(ports.now())
        if _still_orderable(order, ports):
            # None: another delivery settled it first; read what it stored.
            order = ports.complete_order(scope, order_id, now) or _reread(order, ports)
        else:
            refund = Debit(order.currency, order.total_price) if order.debited else None
            ports.settle_failed_order(scope, order_id, now, UNAVAILABLE_MESSAGE, refund)
            order = _reread(order, ports)
    ports.enqueue_webhook(scope, order_id, order.status, webhook_payload(order))
    return order.status


def _reread(order: OrderRecord, ports: OrderPorts) -> OrderRecord:
    return ports.get_order(order.scope, order.id) or order


def webhook_payload(order: OrderRecord) -> dict[str, Any]:
    if order.status == FAILED:
        return dump(FailedOrderWebhook(id=order.id, status="FAILED"))
    return dump(CompletedOrderWithBasicDetails.model_validate(_basic_fields(order)))
