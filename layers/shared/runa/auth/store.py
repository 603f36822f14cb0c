"""Data access for API keys in the accounts table (pk `KEY#<id>`, sk `KEY`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from runa.auth.keys import REVOKED, StoredKey
from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import NotFound, StoreError
from runa.core.settings import get_settings

_SK = "KEY"


def _table() -> Table:
    return aws.table(get_settings().accounts_table)


def _pk(key_id: str) -> str:
    return f"KEY#{key_id}"


def _to_item(key: StoredKey) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": _pk(key.key_id),
        "sk": _SK,
        "key_id": key.key_id,
        "environment": key.environment,
        "account_id": key.account_id,
        "secret_hash": key.secret_hash,
        "status": key.status,
        "created_at": key.created_at,
    }
    if key.product_id:
        item["product_id"] = key.product_id
    # Sparse index gsi1: one account's keys in creation order (the console's list, newest first), without a scan.
    item["gsi1pk"] = _account_keys(key.account_id)
    item["gsi1sk"] = f"{key.created_at}#{key.key_id}"
    if key.scopes:
        item["scopes"] = list(key.scopes)
    return item


def _account_keys(account_id: str) -> str:
    return f"ACCOUNT#{account_id}#KEYS"


def _from_item(item: dict[str, Any]) -> StoredKey:
    return StoredKey(
        key_id=item["key_id"],
        environment=item["environment"],
        account_id=item["account_id"],
        secret_hash=item["secret_hash"],
        status=item["status"],
        created_at=item["created_at"],
        product_id=item.get("product_id"),
        revoked_at=item.get("revoked_at"),
        last_used_at=item.get("last_used_at"),
        scopes=tuple(item.get("scopes") or ()),  # absent on keys made before scopes: see StoredKey.api_scopes
    )


def put_key(key: StoredKey) -> None:
    try:
        _table().put_item(Item=_to_item(key), ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        raise StoreError(f"could not store key: {aws.error_code(error)}") from error


def get_key(key_id: str) -> StoredKey | None:
    try:
        item = _table().get_item(Key={"pk": _pk(key_id), "sk": _SK}).get("Item")
    except ClientError as error:
        raise StoreError(f"could not read key: {aws.error_code(error)}") from error
    return _from_item(item) if item else None


def revoke_key(key_id: str) -> StoredKey:
    try:
        item = _table().update_item(
            Key={"pk": _pk(key_id), "sk": _SK},
            UpdateExpression="SET #s = :revoked, revoked_at = :now",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":revoked": REVOKED, ":now": datetime.now(UTC).isoformat(timespec="seconds")},
            ReturnValues="ALL_NEW",
        )["Attributes"]
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            raise NotFound(f"No key with id {key_id}.") from error
        raise StoreError(f"could not revoke key: {aws.error_code(error)}") from error
    return _from_item(item)


def account_keys_page(account_id: str, limit: int, before: str | None) -> tuple[list[StoredKey], str | None]:
    """One account's keys newest first from the sparse gsi1 index (the console's list): up to `limit` after the key
    whose gsi1sk is `before` (`<created_at>#<key id>`), and the gsi1sk to continue from (None on the last page: one
    more item is read to know, so a cursor never leads to an empty page)."""
    query: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :owner",
        "ExpressionAttributeValues": {":owner": _account_keys(account_id)},
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if before:
        key_id = before.rsplit("#", 1)[-1]
        query["ExclusiveStartKey"] = {
            "pk": _pk(key_id),
            "sk": _SK,
            "gsi1pk": _account_keys(account_id),
            "gsi1sk": before,
        }
    try:
        items = _table().query(**query).get("Items", [])
    except ClientError as error:
        raise StoreError(f"could not list keys: {aws.error_code(error)}") from error
    shown = items[:limit]
    return [_from_item(item) for item in shown], (str(shown[-1]["gsi1sk"]) if len(items) > limit else None)


def record_use(key_id: str, now: str, stale_before: str) -> bool:
    """Set `last_used_at` unless it is already at or after `stale_before`: the authorizer calls this only when the
    key it just read looks stale, and the condition keeps concurrent requests from all writing. True if written."""
    try:
        _table().update_item(
            Key={"pk": _pk(key_id), "sk": _SK},
            UpdateExpression="SET last_used_at = :now",
            ConditionExpression=(
                "attribute_exists(pk) AND (attribute_not_exists(last_used_at) OR last_used_at < :stale)"
            ),
            ExpressionAttributeValues={":now": now, ":stale": stale_before},
        )
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise StoreError(f"could not record key use: {aws.error_code(error)}") from error
    return True


def list_keys(account_id: str | None = None) -> list[StoredKey]:
    """Operator listing (admin tool only): a scan is fine at that rate and keeps the table free of an index."""
    keys: list[StoredKey] = []
    kwargs: dict[str, Any] = {
        "FilterExpression": "begins_with(pk, :prefix)",
        "ExpressionAttributeValues": {":prefix": "KEY#"},
    }
    try:
        while True:
            page = _table().scan(**kwargs)
            keys.extend(_from_item(item) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError(f"could not list keys: {aws.error_code(error)}") from error
    if account_id:
        keys = [key for key in keys if key.account_id == account_id]
    return sorted(keys, key=lambda key: key.created_at)


# ---------------------------------------------------------------- usage plans
# pk `ACCOUNT#<environment>#<account>`, sk `PLAN`: the account's plan and its usage-plan key, the value the
# authorizer returns as usageIdentifierKey (API Gateway's own key in that plan; created by `runa-admin limits set`).
_PLAN_SK = "PLAN"


@dataclass(frozen=True)
class AccountPlan:
    plan: str
    usage_key_id: str
    usage_key: str  # never logged or printed


def get_plan(scope: str) -> AccountPlan | None:
    try:
        item = _table().get_item(Key={"pk": f"ACCOUNT#{scope}", "sk": _PLAN_SK}).get("Item")
    except ClientError as error:
        raise StoreError(f"could not read the account's plan: {aws.error_code(error)}") from error
    return AccountPlan(item["plan"], item["usage_key_id"], item["usage_key"]) if item else None


def put_plan(scope: str, plan: AccountPlan) -> None:
    try:
        _table().put_item(
            Item={
                "pk": f"ACCOUNT#{scope}",
                "sk": _PLAN_SK,
                "plan": plan.plan,
                "usage_key_id": plan.usage_key_id,
                "usage_key": plan.usage_key,
                "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
    except ClientError as error:
        raise StoreError(f"could not store the account's plan: {aws.error_code(error)}") from error
