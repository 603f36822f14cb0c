"""Idempotency records in the OrdersTable (docs/data-model.md, "Orders").

One item per key: pk=`IDEMPOTENCY#<environment>#<account>#<sha256 of the key>`, sk=`IDEMPOTENCY` (one partition
per key, so a busy account has no hot partition), with `state` (IN_PROGRESS | COMPLETED), `fingerprint` (of the
request), `order_id` (chosen on the first claim and kept by every retry), `lease_token`/`lease_until` while in
progress, `status_code`/`response_json` once completed, and `expires_at` (epoch seconds, the table's TTL).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.settings import get_settings

IN_PROGRESS = "IN_PROGRESS"
COMPLETED = "COMPLETED"
_SK = "IDEMPOTENCY"


@dataclass(frozen=True)
class Claim:
    """This request owns the key until `lease_until`; `order_id` is the same for every retry of the key."""

    order_id: str
    token: str


@dataclass(frozen=True)
class Existing:
    """The key is held by another request (IN_PROGRESS with a live lease) or already answered (COMPLETED)."""

    state: str
    fingerprint: str
    status_code: int | None = None
    response: Any = None


def _table() -> Any:
    return aws.table(get_settings().orders_table)


def _key(scope: str, key_hash: str) -> dict[str, str]:
    return {"pk": f"IDEMPOTENCY#{scope}#{key_hash}", "sk": _SK}


def _existing(item: dict[str, Any]) -> Existing:
    return Existing(
        state=item["state"],
        fingerprint=item["fingerprint"],
        status_code=int(item["status_code"]) if "status_code" in item else None,
        response=json.loads(item["response_json"]) if "response_json" in item else None,
    )


# A claim is retried only when the record vanished or expired between two calls; more than that is not a race.
_CLAIM_ATTEMPTS = 3


def claim(
    scope: str, key_hash: str, *, fingerprint: str, new_order_id: str, now: int, lease_seconds: int, ttl_seconds: int
) -> Claim | Existing:
    """Take the key for this request, or say who has it.

    One conditional UpdateItem: it succeeds on a new key, or on an IN_PROGRESS key whose lease ran out (the first
    request died) with the same fingerprint; the earlier `order_id` is kept, so a retry can never create a second
    order. A key past its 30 days counts as new even before DynamoDB's TTL sweeps it."""
    for _ in range(_CLAIM_ATTEMPTS):
        outcome = _claim_once(scope, key_hash, fingerprint, new_order_id, now, lease_seconds, ttl_seconds)
        if outcome is not None:
            return outcome
    raise StoreError("the idempotency key changed under every attempt to claim it")


def _claim_once(
    scope: str, key_hash: str, fingerprint: str, new_order_id: str, now: int, lease_seconds: int, ttl_seconds: int
) -> Claim | Existing | None:
    """One attempt; None when the key must be claimed afresh (deleted, or expired and now forgotten)."""
    token = secrets.token_hex(16)
    values = {
        ":in_progress": IN_PROGRESS,
        ":token": token,
        ":lease_until": Decimal(now + lease_seconds),
        ":fp": fingerprint,
        ":oid": new_order_id,
        ":now": Decimal(now),
        ":expires": Decimal(now + ttl_seconds),
    }
    try:
        attributes = _table().update_item(
            Key=_key(scope, key_hash),
            UpdateExpression="SET #state = :in_progress, lease_token = :token, lease_until = :lease_until, "
            "fingerprint = if_not_exists(fingerprint, :fp), order_id = if_not_exists(order_id, :oid), "
            "expires_at = if_not_exists(expires_at, :expires)",
            ConditionExpression="attribute_not_exists(pk) OR "
            "(#state = :in_progress AND lease_until < :now AND fingerprint = :fp)",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )["Attributes"]
    except ClientError as error:
        if aws.error_code(error) != "ConditionalCheckFailedException":
            raise StoreError("could not claim the idempotency key") from error
        old: dict[str, Any] | None = error.response.get("Item") or _get(scope, key_hash)  # type: ignore[assignment]
        if old is None:  # deleted between the two calls: claim it as a new key
            return None
        old = _plain(old)
        if int(old.get("expires_at", 0)) < now:
            _forget_expired(scope, key_hash, old)
            return None
        if old.get("lease_token") == token:
            # Our own write landed and the SDK retried it (the first answer was lost): the key is ours.
            return Claim(order_id=old["order_id"], token=token)
        return _existing(old)
    return Claim(order_id=attributes["order_id"], token=token)


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    """ReturnValuesOnConditionCheckFailure comes back in DynamoDB's typed form even through the resource."""
    if item and all(isinstance(value, dict) and len(value) == 1 for value in item.values()):
        deserializer = TypeDeserializer()
        return {name: deserializer.deserialize(value) for name, value in item.items()}
    return item


def _get(scope: str, key_hash: str) -> dict[str, Any] | None:
    try:
        item: dict[str, Any] | None = _table().get_item(Key=_key(scope, key_hash), ConsistentRead=True).get("Item")
    except ClientError as error:
        raise StoreError("could not read the idempotency key") from error
    return item


def _forget_expired(scope: str, key_hash: str, old: dict[str, Any]) -> None:
    try:
        _table().delete_item(
            Key=_key(scope, key_hash),
            ConditionExpression="expires_at = :expires",
            ExpressionAttributeValues={":expires": Decimal(int(old["expires_at"]))},
        )
    except ClientError as error:
        if aws.error_code(error) != "ConditionalCheckFailedException":
            raise StoreError("could not expire the idempotency key") from error


def complete(scope: str, key_hash: str, *, token: str, status_code: int, response: Any) -> bool:
    """Store the answer to replay. False when our lease was taken over meanwhile (the other request answers)."""
    try:
        _table().update_item(
            Key=_key(scope, key_hash),
            UpdateExpression="SET #state = :completed, status_code = :status, response_json = :response "
            "REMOVE lease_token, lease_until",
            ConditionExpression="lease_token = :token",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={
                ":completed": COMPLETED,
                ":status": status_code,
                ":response": json.dumps(response, separators=(",", ":")),
                ":token": token,
            },
        )
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise StoreError("could not store the idempotent answer") from error
    return True


def release(scope: str, key_hash: str, *, token: str) -> None:
    """End our lease without an answer (a 5xx): the next retry claims the key at once, with the same order id."""
    try:
        _table().update_item(
            Key=_key(scope, key_hash),
            UpdateExpression="SET lease_until = :zero",
            ConditionExpression="lease_token = :token",
            ExpressionAttributeValues={":zero": Decimal(0), ":token": token},
        )
    except ClientError as error:
        if aws.error_code(error) != "ConditionalCheckFailedException":
            raise StoreError("could not release the idempotency key") from error
