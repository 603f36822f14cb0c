"""The two DynamoDB requests of POST /v2/order: one read, one transaction (docs/data-model.md, "Orders").

- `read_inputs`: one BatchGetItem for the idempotency key's stored answer (OrdersTable, consistent) and the
  order's products (ProductsTable). A replay ends here.
- `place_order`: one TransactWriteItems holding the key's answer, the order, and in production the debit of the
  balance and its ledger movement. Every element has a condition: the key must be new (first request wins),
  the order id unused, the balance must cover the price. The cancellation reasons say which one failed.

Both span stores, so they live here and take their elements from each store's module.
"""

from __future__ import annotations

import time
from typing import Any

from botocore.exceptions import ClientError

from runa.core import dynamodb
from runa.core.clock import iso_utc
from runa.core.errors import StoreError
from runa.core.observability import logger
from runa.core.settings import get_settings
from runa.payouts.data import balances, idempotency, orders, products
from runa.payouts.data.transactions import transact
from runa.payouts.errors import InsufficientFunds
from runa.payouts.logic.records import Debit, OrderInputs, OrderRecord, StoredAnswer

# BatchGetItem reads at most 100 keys a call; an order has at most 200 items, each of a handful of products.
_BATCH_KEYS = 100
_UNPROCESSED_ATTEMPTS = 5


def read_inputs(scope: str, key_hash: str, codes: list[str]) -> OrderInputs:
    """The key's live answer (None when new or expired) and every product of `codes` that exists."""
    settings = get_settings()
    wanted = [(settings.orders_table, idempotency.key(scope, key_hash))] + [
        (settings.products_table, products.product_key(code)) for code in dict.fromkeys(codes)
    ]
    items = _batch_get(wanted, consistent={settings.orders_table})
    answer_items = [item for table, item in items if table == settings.orders_table]
    return OrderInputs(
        answer=idempotency.live(answer_items[0] if answer_items else None, int(time.time())),
        products={
            terms.code: terms
            for terms in (products.product_terms(item) for table, item in items if table == settings.products_table)
        },
    )


def _batch_get(keys: list[tuple[str, dict[str, str]]], *, consistent: set[str]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for start in range(0, len(keys), _BATCH_KEYS):
        request: dict[str, Any] = {}
        for table, key in keys[start : start + _BATCH_KEYS]:
            request.setdefault(table, {"Keys": [], "ConsistentRead": table in consistent})["Keys"].append(key)
        for _ in range(_UNPROCESSED_ATTEMPTS):
            try:
                response = dynamodb.batch_get_item(RequestItems=request)
            except ClientError as error:
                raise StoreError("could not read the order's inputs") from error
            found += [(table, item) for table, items in response.get("Responses", {}).items() for item in items]
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(0.05)
        else:
            raise StoreError("DynamoDB left keys of the order's inputs unread")
    return found


def place_order(answer: StoredAnswer, order: OrderRecord, debit: Debit | None) -> StoredAnswer | None:
    """Store the order, its debit (when given) and the key's answer, all or nothing.

    Returns None when this call placed the order; the answer already stored when another request had taken
    the key (replay it: no order, no debit here); raises InsufficientFunds when the balance does not cover the
    debit (or there is no such balance)."""
    now = int(time.time())
    items = [idempotency.answer_put(answer, now), orders.new_order_put(order)]
    if debit is not None:
        items += balances.order_debit(order.scope, debit, order.id, iso_utc())
    reasons = transact(items)
    if reasons is None:
        return None
    key_reason = reasons[0]
    if key_reason.condition_failed:
        existing = idempotency.live(key_reason.item or idempotency.get_item(answer.scope, answer.key_hash), now)
        if existing is not None:
            return existing
    elif len(reasons) > 2 and reasons[2].condition_failed:
        raise InsufficientFunds(f"The {order.currency} balance does not cover this order.")
    logger.warning("order transaction cancelled", extra={"reasons": [reason.code for reason in reasons]})
    raise StoreError(f"order transaction cancelled: {[reason.code for reason in reasons]}")
