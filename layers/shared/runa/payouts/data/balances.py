"""Balances, the ledger of movements, and the transactions that move money (AccountsTable + OrdersTable).

Item layout (docs/data-model.md, "Accounts"), all under pk=`ACCOUNT#<environment>#<account>`:

- balance: sk=`BALANCE#<currency>`, `balance` (Number, two decimals), `currency`, `updated_at`;
- movement: sk=`LEDGER#<currency>#<ULID>`, `amount` (signed Number), `kind` (top_up | order_debit |
  order_refund), `order_id` (orders only), `created_at`. The balance always equals the sum of its movements,
  because every change of a balance and its movement are written in one TransactWriteItems.

Money never leaves DynamoDB's exact decimal arithmetic: the condition `balance >= :amount` and the subtraction
run inside one transaction, so concurrent orders can never take a balance below zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from runa.core import aws, ids
from runa.core.clock import iso_utc
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.payouts.data.transactions import transact

if TYPE_CHECKING:  # annotations only: the balance read (/v2/balance) loads no order record
    from runa.payouts.logic.records import Debit

TOP_UP = "top_up"
ORDER_DEBIT = "order_debit"
ORDER_REFUND = "order_refund"


@dataclass(frozen=True)
class Movement:
    currency: str
    amount: Decimal
    kind: str
    created_at: str
    order_id: str | None = None
    movement_id: str = ""  # the ULID of its sort key: ledger order (time, to the millisecond)


def account_pk(scope: str) -> str:
    return f"ACCOUNT#{scope}"


def _table() -> Table:
    return aws.table(get_settings().accounts_table)


def balance_key(scope: str, currency: str) -> dict[str, str]:
    return {"pk": account_pk(scope), "sk": f"BALANCE#{currency}"}


def _movement_put(scope: str, movement: Movement) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": account_pk(scope),
        "sk": f"LEDGER#{movement.currency}#{ids.ulid()}",
        "currency": movement.currency,
        "amount": movement.amount,
        "kind": movement.kind,
        "created_at": movement.created_at,
    }
    if movement.order_id:
        item["order_id"] = movement.order_id
    return {
        "Put": {
            "TableName": get_settings().accounts_table,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


def _debit_update(scope: str, debit: Debit, now: str) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": get_settings().accounts_table,
            "Key": balance_key(scope, debit.currency),
            "UpdateExpression": "SET balance = balance - :amount, updated_at = :now",
            "ConditionExpression": "balance >= :amount",
            "ExpressionAttributeValues": {":amount": debit.amount, ":now": now},
        }
    }


def _credit_update(scope: str, currency: str, amount: Decimal, now: str) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": get_settings().accounts_table,
            "Key": balance_key(scope, currency),
            "UpdateExpression": "SET balance = if_not_exists(balance, :zero) + :amount, currency = :currency, "
            "updated_at = :now",
            "ExpressionAttributeValues": {
                ":amount": amount,
                ":zero": Decimal("0"),
                ":currency": currency,
                ":now": now,
            },
        }
    }


# ---------------------------------------------------------------- reads


def find_balance(scope: str, currency: str) -> Decimal | None:
    """The balance, or None when the account never had one in this currency."""
    try:
        item = _table().get_item(Key=balance_key(scope, currency), ConsistentRead=True).get("Item")
    except ClientError as error:
        raise StoreError("could not read the balance") from error
    return Decimal(item["balance"]) if item else None


def get_balance(scope: str, currency: str) -> Decimal:
    return find_balance(scope, currency) or Decimal("0")


def list_balances(scope: str) -> dict[str, Decimal]:
    """Every balance of one account and environment, by currency (one Query)."""
    try:
        items = _query(scope, "BALANCE#")
    except ClientError as error:
        raise StoreError("could not read the balances") from error
    return {item["currency"]: Decimal(item["balance"]) for item in items}


def list_movements(scope: str, currency: str | None = None) -> list[Movement]:
    prefix = f"LEDGER#{currency}#" if currency else "LEDGER#"
    try:
        items = _query(scope, prefix)
    except ClientError as error:
        raise StoreError("could not read the ledger") from error
    return [_movement(item) for item in items]


def _movement(item: dict[str, Any], movement_id: str = "") -> Movement:
    return Movement(
        currency=item["currency"],
        amount=Decimal(item["amount"]),
        kind=item["kind"],
        created_at=item["created_at"],
        order_id=item.get("order_id"),
        movement_id=movement_id,
    )


def movements_page(
    scope: str, currencies: list[str], limit: int, before: str | None
) -> tuple[list[Movement], str | None]:
    """Up to `limit` movements of every currency, newest first (by their ULIDs), older than the movement `before`;
    and the ULID to continue from (None on the last page: one more is read to know). One Query per currency (the
    sort key leads with it), each reading at most `limit` + 2 items, merged."""
    found: list[tuple[str, dict[str, Any]]] = []
    for currency in currencies:
        prefix = f"LEDGER#{currency}#"
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
            "ExpressionAttributeValues": {":pk": account_pk(scope), ":prefix": prefix},
            "ScanIndexForward": False,
            "Limit": limit + 1,
        }
        if before:  # inclusive of `before` itself (dropped below), which is why one more is read
            kwargs["KeyConditionExpression"] = "pk = :pk AND sk BETWEEN :low AND :high"
            kwargs["ExpressionAttributeValues"] = {":pk": account_pk(scope), ":low": prefix, ":high": prefix + before}
            kwargs["Limit"] = limit + 2
        try:
            items = _table().query(**kwargs)["Items"]
        except ClientError as error:
            raise StoreError("could not read the ledger") from error
        found += [(str(item["sk"])[len(prefix) :], item) for item in items]
    found = sorted((entry for entry in found if entry[0] != before), key=lambda entry: entry[0], reverse=True)
    shown = found[:limit]
    movements = [_movement(item, movement_id) for movement_id, item in shown]
    return movements, (shown[-1][0] if len(found) > limit else None)


def _query(scope: str, sk_prefix: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": account_pk(scope), ":prefix": sk_prefix},
        "ConsistentRead": True,
    }
    while True:
        page = _table().query(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# ---------------------------------------------------------------- money transactions


def top_up(scope: str, currency: str, amount: Decimal) -> Decimal:
    """Add `amount` (positive) to a balance and record the movement, in one transaction. Returns the balance."""
    now = iso_utc()
    movement = Movement(currency=currency, amount=amount, kind=TOP_UP, created_at=now)
    reasons = transact([_credit_update(scope, currency, amount, now), _movement_put(scope, movement)])
    if reasons is not None:
        raise StoreError(f"top-up cancelled: {[reason.code for reason in reasons]}")
    return get_balance(scope, currency)


def order_debit(scope: str, debit: Debit, order_id: str, now: str) -> list[dict[str, Any]]:
    """The transaction elements that take an order's price from its balance (refused unless the balance covers
    it: the balance update comes first) and record the movement. See `runa.payouts.data.placement`."""
    movement = Movement(debit.currency, -debit.amount, ORDER_DEBIT, now, order_id)
    return [_debit_update(scope, debit, now), _movement_put(scope, movement)]


def order_refund(scope: str, refund: Debit, order_id: str, now: str) -> list[dict[str, Any]]:
    """The transaction elements that give a failed order's money back to its balance and record the movement. See
    `runa.payouts.data.settlement`."""
    movement = Movement(refund.currency, refund.amount, ORDER_REFUND, now, order_id)
    return [_credit_update(scope, refund.currency, refund.amount, now), _movement_put(scope, movement)]
