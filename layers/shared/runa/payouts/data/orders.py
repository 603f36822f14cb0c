"""Orders in the OrdersTable (docs/data-model.md, "Orders").

One item per order: pk=`ORDER#<environment>#<account>`, sk=`<order id>` (`O-<ULID>`, so a Query lists them in
creation order), the answer's fields as attributes, and the completed items (payout links) as one JSON string
(`items_json`): they are only ever read whole, and a JSON string keeps DynamoDB's number rules out of them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.payouts.logic.records import COMPLETED, FAILED, PROCESSING, OrderPage, OrderRecord


def _table() -> Table:
    return aws.table(get_settings().orders_table)


def order_pk(scope: str) -> str:
    return f"ORDER#{scope}"


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


def fail_order_update(scope: str, order_id: str, *, failed_at: str, message: str) -> dict[str, Any]:
    """The transaction element that marks a PROCESSING order FAILED (and refuses any other status)."""
    return {
        "Update": {
            "TableName": get_settings().orders_table,
            "Key": {"pk": order_pk(scope), "sk": order_id},
            "UpdateExpression": "SET #status = :failed, completed_at = :at, failure_message = :message",
            "ConditionExpression": "#status = :processing",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":failed": FAILED,
                ":processing": PROCESSING,
                ":at": failed_at,
                ":message": message,
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
            UpdateExpression="SET #status = :completed, completed_at = :at",
            ConditionExpression="#status = :processing",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":completed": COMPLETED, ":processing": PROCESSING, ":at": completed_at},
            ReturnValues="ALL_NEW",
        )["Attributes"]
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return None
        raise StoreError("could not complete the order") from error
    return from_item(item)


# Lists show basic details only: leave the items (up to 200 payout links) in the table.
_LIST_PROJECTION = (
    "pk, sk, #status, created_at, currency, total_price, total_discount, execution_mode, description, "
    "completed_at, processing_until, failure_message, debited"
)


def list_orders(scope: str, *, limit: int, direction: str | None, key: str | None) -> OrderPage:
    """One page in ascending id order: the first `limit`, those after `key`, or the last `limit` before `key`.

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
    if key is not None:
        kwargs["ExclusiveStartKey"] = {"pk": order_pk(scope), "sk": key}
    items: list[dict[str, Any]] = []
    try:
        while len(items) <= limit:
            page = _table().query(**kwargs)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError("could not list orders") from error
    more = len(items) > limit
    orders = [from_item(item) for item in items[:limit]]
    if backwards:
        orders.reverse()
        return OrderPage(orders, has_before=more, has_after=key is not None)
    return OrderPage(orders, has_before=key is not None, has_after=more)


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
