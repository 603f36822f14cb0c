"""The per-product index item: its version, bumped whenever the searchable knowledge changes (a source becomes
ready, is refreshed or deleted), and the pointer to the newest index snapshot (set by compaction, conditionally).
The chat reads it (one strongly consistent GetItem) before each search and reloads only when either moved."""

from __future__ import annotations

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.knowledge.data.keys import index_key
from runa.knowledge.logic.records import IndexPointer


def _table() -> Table:
    return aws.table(get_settings().knowledge_table)


def current(owner: str) -> int:
    try:
        item = _table().get_item(Key=index_key(owner), ConsistentRead=True).get("Item")
    except ClientError as error:
        raise StoreError("could not read the knowledge index version") from error
    return int(item["version"]) if item else 0


def bump(owner: str) -> int:
    try:
        item = _table().update_item(
            Key=index_key(owner),
            UpdateExpression="ADD version :one",
            ExpressionAttributeValues={":one": 1},
            ReturnValues="UPDATED_NEW",
        )["Attributes"]
    except ClientError as error:
        raise StoreError("could not bump the knowledge index version") from error
    return int(item["version"])


def pointer(owner: str) -> IndexPointer:
    """The index item, read consistently: its version and the snapshot it names."""
    try:
        item = _table().get_item(Key=index_key(owner), ConsistentRead=True).get("Item")
    except ClientError as error:
        raise StoreError("could not read the knowledge index version") from error
    if not item:
        return IndexPointer(version=0)
    key = item.get("snapshot_key")
    return IndexPointer(
        version=int(item.get("version", 0)),
        snapshot_key=str(key) if key else None,
        snapshot_bytes=int(item.get("snapshot_bytes", 0)),
    )


def set_snapshot(owner: str, key: str | None, size: int, previous: str | None) -> bool:
    """Point at a new snapshot (None: none), unless another compaction moved the pointer since `previous`."""
    names = {"#key": "snapshot_key"}
    if previous is None:
        condition = "attribute_not_exists(#key)"
        values: dict[str, object] = {}
    else:
        condition = "#key = :previous"
        values = {":previous": previous}
    if key is None:
        update = "REMOVE #key, snapshot_bytes"
    else:
        update = "SET #key = :key, snapshot_bytes = :size"
        values |= {":key": key, ":size": size}
    try:
        _table().update_item(
            Key=index_key(owner),
            UpdateExpression=update,
            ConditionExpression=condition,
            ExpressionAttributeNames=names,
            **({"ExpressionAttributeValues": values} if values else {}),
        )
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise StoreError("could not update the knowledge snapshot pointer") from error
    return True
