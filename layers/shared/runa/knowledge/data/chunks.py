"""Chunk items of the KnowledgeTable, and the one query that loads a product's searchable knowledge."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.knowledge.data.keys import CHUNK_PREFIX, SOURCE_PREFIX, chunk_key, chunk_prefix, partition
from runa.knowledge.models import StoredChunk


def _table() -> Table:
    return aws.table(get_settings().knowledge_table)


def put_all(owner: str, chunks: Sequence[StoredChunk]) -> None:
    """Write chunks (batched, unprocessed items sent again by the batch writer); same keys overwrite."""
    try:
        with _table().batch_writer() as batch:
            for chunk in chunks:
                batch.put_item(
                    Item={
                        **chunk_key(owner, chunk.source_id, chunk.generation, chunk.seq),
                        **chunk.model_dump(exclude_none=True),
                    }
                )
    except ClientError as error:
        raise StoreError("could not store knowledge chunks") from error


def _keys(owner: str, prefix: str) -> Iterator[dict[str, str]]:
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": partition(owner), ":prefix": prefix},
        "ProjectionExpression": "pk, sk",
    }
    while True:
        page = _table().query(**kwargs)
        for item in page.get("Items", []):
            yield {"pk": item["pk"], "sk": item["sk"]}
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def delete_chunks(
    owner: str,
    source_id: str,
    *,
    only_generation: int | None = None,
    from_seq: int = 0,
    below_generation: int | None = None,
) -> int:
    """Delete a source's chunks: every one; or those of `only_generation` from `from_seq` on (leftovers of an
    earlier, longer attempt); or those of generations below `below_generation` (superseded). Returns the count."""
    prefix = chunk_prefix(source_id, only_generation)
    deleted = 0
    try:
        with _table().batch_writer() as batch:
            for key in _keys(owner, prefix):
                generation, seq = (int(part) for part in key["sk"].rsplit("#", 2)[1:])
                if below_generation is not None and generation >= below_generation:
                    continue
                if only_generation is not None and seq < from_seq:
                    continue
                batch.delete_item(Key=key)
                deleted += 1
    except ClientError as error:
        raise StoreError("could not delete knowledge chunks") from error
    return deleted


def load_partition(owner: str) -> tuple[list[dict[str, Any]], list[StoredChunk]]:
    """Every source (without its text content) and every chunk of the product, read consistently."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": partition(owner)},
        "ConsistentRead": True,
        "ProjectionExpression": "sk, id, #name, #url, active_generation, source_id, generation, seq, #text",
        "ExpressionAttributeNames": {"#name": "name", "#url": "url", "#text": "text"},
    }
    sources: list[dict[str, Any]] = []
    chunks: list[StoredChunk] = []
    try:
        while True:
            page = _table().query(**kwargs)
            for item in page.get("Items", []):
                sk = item["sk"]
                if sk.startswith(SOURCE_PREFIX):
                    sources.append(item)
                elif sk.startswith(CHUNK_PREFIX):
                    chunks.append(
                        StoredChunk(
                            source_id=item["source_id"],
                            generation=int(item["generation"]),
                            seq=int(item["seq"]),
                            text=item["text"],
                            url=item.get("url"),
                        )
                    )
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError("could not load the knowledge index") from error
    return sources, chunks
