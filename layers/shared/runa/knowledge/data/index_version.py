"""The per-product index version: bumped whenever the searchable knowledge changes (a source becomes ready,
is refreshed or deleted). The chat reads it (one strongly consistent GetItem) before each search and rebuilds its
cached index only when it moved."""

from __future__ import annotations

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.knowledge.data.keys import index_key


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
