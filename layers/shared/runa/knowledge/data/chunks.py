"""Chunk items of the KnowledgeTable: written by the indexer, read by source generation (the index builds and
the delta) and by key (the text of the passages a search found)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws, dynamodb
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.knowledge.data.keys import SOURCE_PREFIX, chunk_key, chunk_prefix, partition
from runa.knowledge.logic.records import ActiveSource, ChunkRef
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


def active_sources(owner: str) -> list[ActiveSource]:
    """The product's searchable sources (those with an active generation), without their content."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :source)",
        "ExpressionAttributeValues": {":pk": partition(owner), ":source": SOURCE_PREFIX},
        "ConsistentRead": True,
        "ProjectionExpression": "id, #name, #url, active_generation",
        "ExpressionAttributeNames": {"#name": "name", "#url": "url"},
    }
    found: list[ActiveSource] = []
    try:
        while True:
            page = _table().query(**kwargs)
            for item in page.get("Items", []):
                if item.get("active_generation") is not None:
                    found.append(
                        ActiveSource(
                            id=str(item["id"]),
                            name=str(item["name"]),
                            url=item.get("url"),
                            generation=int(item["active_generation"]),
                        )
                    )
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError("could not list the searchable knowledge sources") from error


def _chunk(item: dict[str, Any]) -> StoredChunk:
    return StoredChunk(
        source_id=item["source_id"],
        generation=int(item["generation"]),
        seq=int(item["seq"]),
        text=item["text"],
        url=item.get("url"),
    )


def load_generation(owner: str, source_id: str, generation: int) -> list[StoredChunk]:
    """Every chunk of one generation of a source, in seq order, read consistently."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": partition(owner), ":prefix": chunk_prefix(source_id, generation)},
        "ConsistentRead": True,
        "ProjectionExpression": "source_id, generation, seq, #text, #url",
        "ExpressionAttributeNames": {"#text": "text", "#url": "url"},
    }
    chunks: list[StoredChunk] = []
    try:
        while True:
            page = _table().query(**kwargs)
            chunks += [_chunk(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return chunks
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError("could not load knowledge chunks") from error


def get_many(owner: str, refs: Sequence[ChunkRef]) -> dict[ChunkRef, StoredChunk]:
    """The chunks of these keys that exist (one BatchGetItem of at most 100 keys, unprocessed ones sent again)."""
    name = get_settings().knowledge_table
    keys = [chunk_key(owner, source_id, generation, seq) for source_id, generation, seq in dict.fromkeys(refs)]
    found: dict[ChunkRef, StoredChunk] = {}
    request: dict[str, Any] = {name: {"Keys": keys, "ConsistentRead": True}}
    try:
        for _attempt in range(5):
            if not request.get(name, {}).get("Keys"):
                break
            response = dynamodb.batch_get_item(RequestItems=request)
            for item in response["Responses"].get(name, []):
                chunk = _chunk(item)
                found[(chunk.source_id, chunk.generation, chunk.seq)] = chunk
            request = response["UnprocessedKeys"]
    except ClientError as error:
        raise StoreError("could not read knowledge chunks") from error
    return found
