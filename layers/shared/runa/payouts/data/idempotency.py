"""Stored answers of `X-Idempotency-Key` in the OrdersTable (docs/data-model.md, "Orders").

One item per key: pk=`IDEMPOTENCY#<environment>#<account>#<sha256 of the key>`, sk=`IDEMPOTENCY` (one partition
per key, so a busy account has no hot partition), with `state` (COMPLETED; keys stored before the outbox may say
UNQUEUED, which is replayed the same way), `fingerprint` (of the request), `status_code` and `response_json` (the answer
to replay), `order_id` (when the answer is about an order) and `expires_at` (epoch seconds, the table's TTL).

An answer is written only if the key is new (or past its 30 days): inside the order's own transaction on success
(`answer_put`, see `runa.payouts.data.placement`), or alone for a refusal (`store_answer`). The condition makes
the first writer win; a loser gets the winner's answer back from the failed condition, without another read.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws, dynamodb
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.payouts.logic.records import StoredAnswer

_SK = "IDEMPOTENCY"
# Written only where no live answer is: a new key, or one past its 30 days (DynamoDB's TTL sweeps late).
_NEW_KEY = "attribute_not_exists(pk) OR expires_at < :now"


def _table() -> Table:
    return aws.table(get_settings().orders_table)


def key(scope: str, key_hash: str) -> dict[str, str]:
    return {"pk": f"IDEMPOTENCY#{scope}#{key_hash}", "sk": _SK}


def to_item(answer: StoredAnswer) -> dict[str, Any]:
    item: dict[str, Any] = {
        **key(answer.scope, answer.key_hash),
        "state": answer.state,
        "fingerprint": answer.fingerprint,
        "status_code": answer.status_code,
        "response_json": json.dumps(answer.response, separators=(",", ":")),
        "expires_at": Decimal(answer.expires_at),
    }
    if answer.order_id is not None:
        item["order_id"] = answer.order_id
    return item


def from_item(item: dict[str, Any]) -> StoredAnswer:
    return StoredAnswer(
        scope=item["pk"].removeprefix("IDEMPOTENCY#").rsplit("#", 1)[0],
        key_hash=item["pk"].rsplit("#", 1)[1],
        fingerprint=item["fingerprint"],
        status_code=int(item["status_code"]),
        response=json.loads(item["response_json"]),
        expires_at=int(item["expires_at"]),
        order_id=item.get("order_id"),
        state=item["state"],
    )


def live(item: dict[str, Any] | None, now: int) -> StoredAnswer | None:
    """The stored answer of an item read back, or None when there is none or it has expired."""
    if not item or "status_code" not in item or int(item.get("expires_at", 0)) < now:
        return None
    return from_item(item)


def answer_put(answer: StoredAnswer, now: int) -> dict[str, Any]:
    """The transaction element that stores an answer on a new key; on a taken key it fails and returns it."""
    return {
        "Put": {
            "TableName": get_settings().orders_table,
            "Item": to_item(answer),
            "ConditionExpression": _NEW_KEY,
            "ExpressionAttributeValues": {":now": Decimal(now)},
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def store_answer(answer: StoredAnswer) -> StoredAnswer | None:
    """Store a refusal (a 4xx) for replay. None when stored; the answer already stored when the key was taken
    meanwhile (then that one is the answer)."""
    now = int(time.time())
    try:
        _table().put_item(
            Item=to_item(answer),
            ConditionExpression=_NEW_KEY,
            ExpressionAttributeValues={":now": Decimal(now)},
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if aws.error_code(error) != "ConditionalCheckFailedException":
            raise StoreError("could not store the idempotent answer") from error
        # The failed condition's item comes back typed (ReturnValuesOnConditionCheckFailure).
        typed_old: dict[str, Any] | None = error.response.get("Item")  # type: ignore[assignment]
        old = dynamodb.plain(typed_old) if typed_old else get_item(answer.scope, answer.key_hash)
        existing = live(old, now)
        if existing is None:  # expired and swept in between: a very unlikely race, and a retry settles it
            raise StoreError("the idempotency key changed while storing its answer") from error
        return existing
    return None


def get_item(scope: str, key_hash: str) -> dict[str, Any] | None:
    try:
        item: dict[str, Any] | None = _table().get_item(Key=key(scope, key_hash), ConsistentRead=True).get("Item")
    except ClientError as error:
        raise StoreError("could not read the idempotency key") from error
    return item
