"""Orders in the OrdersTable (docs/data-model.md, "Orders").

One item per order: pk=`ORDER#<environment>#<account>`, sk=`<order id>` (`O-<ULID>`, so a Query lists them in
creation order), the answer's fields as attributes, and the completed items (payout links) as one JSON string
(`items_json`): they are only ever read whole, and a JSON string keeps DynamoDB's number rules out of them.

The due index (`DueIndex`, sparse): an order is in it while something is still owed on it, so the sweeper finds
those with one Query per shard instead of a Scan. `due` = `ORDER#<shard>` while it is PROCESSING, then
`WEBHOOK#<shard>` once terminal until its webhook event is delivered; `due_at` (epoch seconds) is when it entered
that state, was last re-driven, or (webhooks) when its next attempt is due. Every write that changes an order's
state sets these in the same request, so the index can never disagree with the status.
"""

from __future__ import annotations

import json
import time
import zlib
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.clock import epoch_seconds
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.payouts.logic.records import COMPLETED, FAILED, PROCESSING, DueOrder, OrderPage, OrderRecord

DUE_INDEX = "DueIndex"
ORDER_DUE, WEBHOOK_DUE = "ORDER", "WEBHOOK"
# A burst of orders spreads over this many index partitions (each takes ~1,000 writes a second); the sweeper
# queries each.
DUE_SHARDS = 4


def _table() -> Table:
    return aws.table(get_settings().orders_table)


def order_pk(scope: str) -> str:
    return f"ORDER#{scope}"


def due_partition(kind: str, order_id: str) -> str:
    return f"{kind}#{zlib.crc32(order_id.encode()) % DUE_SHARDS}"


def to_item(order: OrderRecord) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": order_pk(order.scope),
        "sk": order.id,
        "status": order.status,
        "created_at": order.created_at,
        "currency": order.currency,
        "total_price": order.total_price,
        "total_discount": order.total_discount,
        "execution_mode": order.execution_mode,
        "items_json": json.dumps(order.items, separators=(",", ":")),
        "transaction_detail_json": json.dumps(order.transaction_detail, separators=(",", ":")),
        "debited": order.debited,
    }
    optional = {
        "description": order.description,
        "metadata": order.metadata,
        "completed_at": order.completed_at,
        "processing_until": order.processing_until,
        "failure_message": order.failure_message,
    }
    item.update({name: value for name, value in optional.items() if value is not None})
    if order.status == PROCESSING:
        item.update(due=due_partition(ORDER_DUE, order.id), due_at=epoch_seconds(order.created_at))
    return item


def from_item(item: dict[str, Any]) -> OrderRecord:
    return OrderRecord(
        id=item["sk"],
        scope=item["pk"].removeprefix("ORDER#"),
        status=item["status"],
        created_at=item["created_at"],
        currency=item["currency"],
        total_price=Decimal(item["total_price"]),
        total_discount=Decimal(item["total_discount"]),
        execution_mode=item["execution_mode"],
        items=json.loads(item["items_json"]) if "items_json" in item else [],
        transaction_detail=json.loads(item.get("transaction_detail_json") or "{}"),
        description=item.get("description"),
        metadata=item.get("metadata"),
        completed_at=item.get("completed_at"),
        processing_until=item.get("processing_until"),
        failure_message=item.get("failure_message"),
        debited=bool(item.get("debited", False)),
        sweeps=int(item.get("sweeps", 0)),
    )


def new_order_put(order: OrderRecord) -> dict[str, Any]:
    """The transaction element that creates an order, refused if it already exists."""
    return {
        "Put": {
            "TableName": get_settings().orders_table,
            "Item": to_item(order),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


# Terminal: the order leaves the index's ORDER partitions for the WEBHOOK ones until its event is delivered.
_WEBHOOK_DUE = "due = :due, due_at = :due_at, sweeps = :zero"


def _webhook_due_values(order_id: str, at: str) -> dict[str, Any]:
    return {":due": due_partition(WEBHOOK_DUE, order_id), ":due_at": epoch_seconds(at), ":zero": 0}


def fail_order_update(scope: str, order_id: str, *, failed_at: str, message: str) -> dict[str, Any]:
    """The transaction element that marks a PROCESSING order FAILED (and refuses any other status)."""
    return {
        "Update": {
            "TableName": get_settings().orders_table,
            "Key": {"pk": order_pk(scope), "sk": order_id},
            "UpdateExpression": (
                f"SET #status = :failed, completed_at = :at, failure_message = :message, {_WEBHOOK_DUE}"
            ),
            "ConditionExpression": "#status = :processing",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":failed": FAILED,
                ":processing": PROCESSING,
                ":at": failed_at,
                ":message": message,
                **_webhook_due_values(order_id, failed_at),
            },
        }
    }


def get_order(scope: str, order_id: str) -> OrderRecord | None:
    try:
        item = _table().get_item(Key={"pk": order_pk(scope), "sk": order_id}, ConsistentRead=True).get("Item")
    except ClientError as error:
        raise StoreError("could not read the order") from error
    return from_item(item) if item else None


def complete_order(scope: str, order_id: str, *, completed_at: str) -> OrderRecord | None:
    """PROCESSING -> COMPLETED, returning the completed order (no second read); None when the order was not
    PROCESSING any more (a redelivered message)."""
    try:
        item = _table().update_item(
            Key={"pk": order_pk(scope), "sk": order_id},
            UpdateExpression=f"SET #status = :completed, completed_at = :at, {_WEBHOOK_DUE}",
            ConditionExpression="#status = :processing",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":completed": COMPLETED,
                ":processing": PROCESSING,
                ":at": completed_at,
                **_webhook_due_values(order_id, completed_at),
            },
            ReturnValues="ALL_NEW",
        )["Attributes"]
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return None
        raise StoreError("could not complete the order") from error
    return from_item(item)


# ---------------------------------------------------------------- the due index


def due_orders(kind: str, cutoff: int, limit: int) -> list[DueOrder]:
    """Orders of `kind` (ORDER_DUE or WEBHOOK_DUE) due at or before `cutoff`, oldest first in each shard, at most
    `limit` per shard."""
    found: list[DueOrder] = []
    for shard in range(DUE_SHARDS):
        try:
            page = _table().query(
                IndexName=DUE_INDEX,
                KeyConditionExpression="due = :due AND due_at <= :cutoff",
                ExpressionAttributeValues={":due": f"{kind}#{shard}", ":cutoff": cutoff},
                Limit=limit,
            )
        except ClientError as error:
            raise StoreError(f"could not read the due orders: {aws.error_code(error)}") from error
        found += [
            DueOrder(
                scope=item["pk"].removeprefix("ORDER#"),
                order_id=item["sk"],
                kind=kind,
                due_at=int(item["due_at"]),
                created_at=epoch_seconds(item["created_at"]),
                sweeps=int(item.get("sweeps", 0)),
            )
            for item in page.get("Items", [])
        ]
    return sorted(found, key=lambda due: due.due_at)


def _update_if(scope: str, order_id: str, expression: str, condition: str, values: dict[str, Any]) -> bool:
    """One conditional update of an order's due entry; False when the condition does not hold (any more)."""
    request: dict[str, Any] = {
        "Key": {"pk": order_pk(scope), "sk": order_id},
        "UpdateExpression": expression,
        "ConditionExpression": condition,
        "ExpressionAttributeValues": values,
    }
    if "#status" in condition:  # `status` is a DynamoDB reserved word
        request["ExpressionAttributeNames"] = {"#status": "status"}
    try:
        _table().update_item(**request)
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise StoreError(f"could not update the order's due entry: {aws.error_code(error)}") from error
    return True


def _update_due(scope: str, order_id: str, kind: str, expression: str, values: dict[str, Any]) -> bool:
    """Update an order's due entry while it is still due as `kind`."""
    return _update_if(scope, order_id, expression, "due = :due", {":due": due_partition(kind, order_id), **values})


def mark_redriven(due: DueOrder, now: int) -> bool:
    """Count a re-drive and move the entry's time to now: the next one waits a full interval again."""
    return _update_due(
        due.scope,
        due.order_id,
        due.kind,
        "SET due_at = :now, sweeps = :sweeps",
        {":now": now, ":sweeps": due.sweeps + 1},
    )


def webhook_retry_at(scope: str, order_id: str, at: int) -> bool:
    """The event's next attempt is scheduled at `at`: the sweeper leaves it alone until then."""
    return _update_due(scope, order_id, WEBHOOK_DUE, "SET due_at = :at", {":at": at})


def webhook_settled(scope: str, order_id: str) -> bool:
    """The event was delivered (or has nowhere to go, or used every attempt): the order leaves the index."""
    return _update_due(scope, order_id, WEBHOOK_DUE, "REMOVE due, due_at", {})


def processing_outside_index() -> list[tuple[str, str]]:
    """(scope, order id) of PROCESSING orders with no due entry: orders placed before the due index existed. A
    Scan, for the operator's `orders reconcile` only."""
    found: list[tuple[str, str]] = []
    kwargs: dict[str, Any] = {
        "FilterExpression": "begins_with(pk, :orders) AND #status = :processing AND attribute_not_exists(due)",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": {":orders": "ORDER#", ":processing": PROCESSING},
        "ProjectionExpression": "pk, sk",
    }
    try:
        while True:
            page = _table().scan(**kwargs)
            found += [(item["pk"].removeprefix("ORDER#"), item["sk"]) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError(f"could not scan the orders: {aws.error_code(error)}") from error


def put_in_index(scope: str, order_id: str, now: int) -> bool:
    """Give a PROCESSING order without a due entry one (due now), so the sweeper takes it from here."""
    return _update_if(
        scope,
        order_id,
        "SET due = :due, due_at = :now",
        "#status = :processing AND attribute_not_exists(due)",
        {":due": due_partition(ORDER_DUE, order_id), ":now": now, ":processing": PROCESSING},
    )


# Lists show basic details only: leave the items (up to 200 payout links) in the table.
_LIST_PROJECTION = (
    "pk, sk, #status, created_at, currency, total_price, total_discount, execution_mode, description, "
    "completed_at, processing_until, failure_message, debited"
)


# A status-filtered page reads at most this many orders per request (DynamoDB's Limit counts the orders examined,
# before the filter): a rare status in a long history costs bounded reads, and the page says where to go on.
FILTER_READ_BUDGET = 1000


def _status_filter(status: str, now: float) -> tuple[str, dict[str, Any]]:
    """The orders whose view has `status` (runa.payouts.logic.views.basic_view): PROCESSING while stored so or
    inside a playground order's processing_until; else the stored status."""
    values: dict[str, Any] = {":wanted": status, ":now": Decimal(str(int(now)))}
    if status == "PROCESSING":
        return "#status = :wanted OR processing_until > :now", values
    return "#status = :wanted AND (attribute_not_exists(processing_until) OR processing_until <= :now)", values


def list_orders(
    scope: str,
    *,
    limit: int,
    direction: str | None,
    key: str | None,
    status: str | None = None,
    now: float | None = None,
    read_budget: int | None = None,
) -> OrderPage:
    """One page in ascending id order: the first `limit`, those after `key`, or the last `limit` before `key`;
    with `status`, of the orders that have it (filtered in the query, read on until the page is full, the
    partition ends or `read_budget` orders were examined: then `resume_key` says where the next page goes on).

    The cursor key only ever becomes an ExclusiveStartKey inside the caller's own partition."""
    backwards = direction == "before"
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": order_pk(scope)},
        "ProjectionExpression": _LIST_PROJECTION,
        "ExpressionAttributeNames": {"#status": "status"},
        "ScanIndexForward": not backwards,
        # One extra tells whether another page follows in this direction.
        "Limit": limit + 1,
    }
    if status is not None:
        expression, values = _status_filter(status, time.time() if now is None else now)
        kwargs["FilterExpression"] = expression
        kwargs["ExpressionAttributeValues"].update(values)
    if key is not None:
        kwargs["ExclusiveStartKey"] = {"pk": order_pk(scope), "sk": key}
    budget = FILTER_READ_BUDGET if read_budget is None else read_budget
    items: list[dict[str, Any]] = []
    examined, resume_key = 0, None
    try:
        while len(items) <= limit:
            if status is not None:
                kwargs["Limit"] = min(limit + 1, budget - examined)
            page = _table().query(**kwargs)
            items += page["Items"]
            examined += int(page.get("ScannedCount", len(page["Items"])))
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            if status is not None and examined >= budget and len(items) <= limit:
                resume_key = str(page["LastEvaluatedKey"]["sk"])
                break
    except ClientError as error:
        raise StoreError("could not list orders") from error
    more = len(items) > limit or resume_key is not None
    orders = [from_item(item) for item in items[:limit]]
    if backwards:
        orders.reverse()
        return OrderPage(orders, has_before=more, has_after=key is not None, resume_key=resume_key)
    return OrderPage(orders, has_before=key is not None, has_after=more, resume_key=resume_key)


# ---------------------------------------------------------------- payout selection templates
# Account data (AccountsTable, pk=`ACCOUNT#<scope>`, sk=`TEMPLATE#<PT-id>`, `values` = product codes): an
# account's templates are defined by the operator; orders only read them.


def _template_key(scope: str, template_id: str) -> dict[str, str]:
    return {"pk": f"ACCOUNT#{scope}", "sk": f"TEMPLATE#{template_id}"}


def get_template(scope: str, template_id: str) -> list[str] | None:
    try:
        item = aws.table(get_settings().accounts_table).get_item(Key=_template_key(scope, template_id)).get("Item")
    except ClientError as error:
        raise StoreError("could not read the template") from error
    return list(item["values"]) if item else None


def put_template(scope: str, template_id: str, values: list[str]) -> None:
    try:
        aws.table(get_settings().accounts_table).put_item(Item={**_template_key(scope, template_id), "values": values})
    except ClientError as error:
        raise StoreError("could not store the template") from error
