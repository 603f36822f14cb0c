"""Source items of the KnowledgeTable (see keys.py). Status changes are conditional on the generation, so a
job that a newer refresh (or a delete) overtook cannot overwrite what came after it.

While a source is `indexing` it is in the table's sparse due index (`due` = `SOURCE`, `due_at` = when indexing
started or was last re-driven, `indexing_since`, `sweeps`), written by the same request that sets the status, so
the sweeper finds a source whose job was lost (runa.knowledge.logic.recovery). Ready or failed, it leaves it."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.clock import epoch_seconds
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.knowledge.data.keys import SOURCE_PREFIX, partition, source_key

if TYPE_CHECKING:
    from runa.knowledge.logic.recovery import DueSource
    from runa.knowledge.models import SourceRecord, SourceStats

DUE_INDEX = "DueIndex"
SOURCE_DUE = "SOURCE"
# Leaving `indexing` (ready, failed): out of the due index.
_UNDUE = "#due, due_at, indexing_since, sweeps"


def _table() -> Table:
    return aws.table(get_settings().knowledge_table)


def _conditional(error: ClientError) -> bool:
    return aws.error_code(error) == "ConditionalCheckFailedException"


@cache
def _fields() -> frozenset[str]:
    from runa.knowledge.models import SourceRecord

    return frozenset(SourceRecord.model_fields)


def from_item(item: dict[str, Any]) -> SourceRecord:
    # The schemas load here, on the first source read: the sweeper's due-index reads and writes and the relay's
    # orders records need none of them.
    from runa.knowledge.models import SourceRecord, SourceStats

    values = {k: v for k, v in item.items() if k in _fields()}
    for name in ("active_generation", "pending_generation", "max_pages"):
        if values.get(name) is not None:
            values[name] = int(values[name])  # DynamoDB numbers come back as Decimal
    if values.get("stats"):
        values["stats"] = SourceStats(**{k: int(v) for k, v in values["stats"].items()})
    return SourceRecord.model_validate(values)


def put_new(record: SourceRecord) -> None:
    item = {**source_key(record.owner, record.id), **record.model_dump(exclude_none=True)}
    if record.status == "indexing":  # a file source awaiting its upload owes nothing yet
        since = epoch_seconds(record.created_at)
        item.update(due=SOURCE_DUE, due_at=since, indexing_since=since)
    try:
        _table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        raise StoreError("could not store the knowledge source") from error


def get(owner: str, source_id: str, *, consistent: bool = True) -> SourceRecord | None:
    try:
        item = _table().get_item(Key=source_key(owner, source_id), ConsistentRead=consistent).get("Item")
    except ClientError as error:
        raise StoreError("could not read the knowledge source") from error
    return from_item(item) if item else None


def list_page(
    owner: str, limit: int, after: str | None, newest_first: bool = False
) -> tuple[list[SourceRecord], str | None]:
    """Sources in id order (ids are time-ordered ULIDs: oldest first, or newest first), continuing after the source
    `after`; returns the last id when more follow (one more item is read to know, so a cursor never leads to an
    empty page)."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :source)",
        "ExpressionAttributeValues": {":pk": partition(owner), ":source": SOURCE_PREFIX},
        "ScanIndexForward": not newest_first,
        "Limit": limit + 1,
        "ConsistentRead": True,  # a source added a moment ago must be listed
    }
    if after:
        kwargs["ExclusiveStartKey"] = source_key(owner, after)
    try:
        items = _table().query(**kwargs).get("Items", [])
    except ClientError as error:
        raise StoreError("could not list knowledge sources") from error
    records = [from_item(item) for item in items[:limit]]
    return records, (records[-1].id if len(items) > limit else None)


def delete(owner: str, source_id: str) -> SourceRecord | None:
    """Delete and return the old record, or None when there was none."""
    try:
        old = _table().delete_item(Key=source_key(owner, source_id), ReturnValues="ALL_OLD").get("Attributes")
    except ClientError as error:
        raise StoreError("could not delete the knowledge source") from error
    return from_item(old) if old else None


def start_generation(owner: str, source_id: str) -> SourceRecord | None:
    """Refresh: a new pending generation and status `indexing`; the active generation stays searchable."""
    try:
        item = _table().update_item(
            Key=source_key(owner, source_id),
            UpdateExpression=(
                "SET pending_generation = pending_generation + :one, #status = :indexing, "
                "#due = :due, due_at = :now, indexing_since = :now, sweeps = :zero REMOVE #error"
            ),
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#status": "status", "#error": "error", "#due": "due"},
            ExpressionAttributeValues={
                ":one": 1,
                ":indexing": "indexing",
                ":due": SOURCE_DUE,
                ":now": int(datetime.now(UTC).timestamp()),
                ":zero": 0,
            },
            ReturnValues="ALL_NEW",
        )["Attributes"]
    except ClientError as error:
        if _conditional(error):
            return None
        raise StoreError("could not refresh the knowledge source") from error
    return from_item(item)


def activate(owner: str, source_id: str, generation: int, stats: SourceStats, indexed_at: str) -> bool:
    """Make `generation` the searchable one; False when the source was deleted or a newer refresh started."""
    try:
        _table().update_item(
            Key=source_key(owner, source_id),
            UpdateExpression=(
                "SET active_generation = :g, #status = :ready, stats = :stats, last_indexed_at = :at "
                f"REMOVE #error, {_UNDUE}"
            ),
            ConditionExpression="attribute_exists(pk) AND pending_generation = :g",
            ExpressionAttributeNames={"#status": "status", "#error": "error", "#due": "due"},
            ExpressionAttributeValues={
                ":g": generation,
                ":ready": "ready",
                ":stats": stats.model_dump(),
                ":at": indexed_at,
            },
        )
    except ClientError as error:
        if _conditional(error):
            return False
        raise StoreError("could not mark the knowledge source ready") from error
    return True


def mark_failed(owner: str, source_id: str, generation: int, reason: str) -> bool:
    """Status `failed` with a reason; the previous generation (if any) stays searchable."""
    try:
        _table().update_item(
            Key=source_key(owner, source_id),
            UpdateExpression=f"SET #status = :failed, #error = :reason REMOVE {_UNDUE}",
            ConditionExpression="attribute_exists(pk) AND pending_generation = :g",
            ExpressionAttributeNames={"#status": "status", "#error": "error", "#due": "due"},
            ExpressionAttributeValues={":g": generation, ":failed": "failed", ":reason": reason},
        )
    except ClientError as error:
        if _conditional(error):
            return False
        raise StoreError("could not mark the knowledge source failed") from error
    return True


def due_sources(cutoff: int, limit: int) -> list[DueSource]:
    """Sources still `indexing` whose due time is at or before `cutoff`, oldest first."""
    # The sweeper's record, with its rules: the functions that read or write sources otherwise never load them.
    from runa.knowledge.logic.recovery import DueSource

    try:
        page = _table().query(
            IndexName=DUE_INDEX,
            KeyConditionExpression="#due = :due AND due_at <= :cutoff",
            ExpressionAttributeNames={"#due": "due"},
            ExpressionAttributeValues={":due": SOURCE_DUE, ":cutoff": cutoff},
            Limit=limit,
        )
    except ClientError as error:
        raise StoreError(f"could not read the due sources: {aws.error_code(error)}") from error
    return [
        DueSource(
            owner=item["owner"],
            source_id=item["id"],
            generation=int(item["pending_generation"]),
            due_at=int(item["due_at"]),
            indexing_since=int(item["indexing_since"]),
            sweeps=int(item.get("sweeps", 0)),
        )
        for item in page.get("Items", [])
    ]


def mark_redriven(due: DueSource, now: int) -> bool:
    """Count a re-drive of the same generation; False when the source moved on (indexed, refreshed, deleted)."""
    try:
        _table().update_item(
            Key=source_key(due.owner, due.source_id),
            UpdateExpression="SET due_at = :now, sweeps = :sweeps",
            ConditionExpression="#due = :due AND pending_generation = :g",
            ExpressionAttributeNames={"#due": "due"},
            ExpressionAttributeValues={
                ":now": now,
                ":sweeps": due.sweeps + 1,
                ":due": SOURCE_DUE,
                ":g": due.generation,
            },
        )
    except ClientError as error:
        if _conditional(error):
            return False
        raise StoreError("could not update the knowledge source") from error
    return True
