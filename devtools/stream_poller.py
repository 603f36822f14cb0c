"""Lambda's DynamoDB Streams event source mapping, locally: read a table's stream from moto, invoke the function
with a real stream batch event.

Like the managed poller it reads each shard in order from TRIM_HORIZON, drops records the event source's
FilterCriteria does not match (they count as processed), honours `batchItemFailures` when the function has
ReportBatchItemFailures (the shard resumes at the first failed record, so later records come again), retries a
failed batch up to MaximumRetryAttempts and then hands the batch's description to the on-failure destination and
moves on. Differences: a failed batch is retried after `retry_after` seconds without bisecting it, and there is one
reader per shard (moto's streams have one shard per table).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from devtools.background import BackgroundLoop

LOG = logging.getLogger("devtools.stream_poller")

Invoke = Callable[[dict[str, Any]], Any]


# ---------------------------------------------------------------- filter patterns


def matches(pattern: Any, value: Any) -> bool:
    """Whether an event matches an EventBridge-style filter pattern, for the operators the template uses (exact
    values, `prefix`, `exists`). Any other operator is refused, so the local API never filters differently in
    silence."""
    if isinstance(pattern, dict):
        if not isinstance(value, dict):
            return False
        return all(
            matches(sub, value.get(key)) if not _is_exists(sub) else (key in value) == _exists(sub)
            for key, sub in pattern.items()
        )
    if isinstance(pattern, list):
        return any(_leaf(rule, value) for rule in pattern)
    raise ValueError(f"unsupported filter pattern: {pattern!r}")


def _is_exists(sub: Any) -> bool:
    return isinstance(sub, list) and len(sub) == 1 and isinstance(sub[0], dict) and set(sub[0]) == {"exists"}


def _exists(sub: list[dict[str, bool]]) -> bool:
    return bool(sub[0]["exists"])


def _leaf(rule: Any, value: Any) -> bool:
    if isinstance(rule, dict):
        if set(rule) == {"prefix"}:
            return isinstance(value, str) and value.startswith(rule["prefix"])
        raise ValueError(f"unsupported filter operator: {rule!r}")
    return bool(rule == value)


def accepts(patterns: list[dict[str, Any]], record: dict[str, Any]) -> bool:
    """An event source with no filters takes every record; with filters, a record that matches any one."""
    return not patterns or any(matches(pattern, record) for pattern in patterns)


# ---------------------------------------------------------------- the poller


@dataclass
class _Shard:
    shard_id: str
    iterator: str | None
    pending: list[dict[str, Any]] = field(default_factory=list)  # records to (re)deliver before reading more
    attempts: int = 0


class StreamPoller(BackgroundLoop):
    """A background thread reading one table's stream for one function."""

    def __init__(
        self,
        *,
        name: str,
        streams: Any,
        stream_arn: str,
        invoke: Invoke,
        batch_size: int = 100,
        partial_failures: bool = True,
        filters: list[dict[str, Any]] | None = None,
        max_retries: int = 10,
        on_failure: Callable[[dict[str, Any]], None] | None = None,
        region: str = "eu-west-1",
        idle_seconds: float = 0.25,
        retry_after: float = 1.0,
    ) -> None:
        self.name = name
        self.streams = streams
        self.stream_arn = stream_arn
        self.invoke = invoke
        self.batch_size = max(1, min(batch_size, 1000))
        self.partial_failures = partial_failures
        self.filters = filters or []
        self.max_retries = max_retries
        self.on_failure = on_failure
        self.region = region
        self.idle_seconds = idle_seconds
        self.retry_after = retry_after
        self._shards: dict[str, _Shard] = {}
        super().__init__(f"stream-{name}")

    def describe(self) -> str:
        table = self.stream_arn.split(":table/", 1)[-1].split("/stream/", 1)[0]
        return f"Stream   {table}  ->  {self.name} (batch {self.batch_size}, {len(self.filters)} filters)"

    def start(self) -> None:
        self.discover()
        super().start()

    def discover(self) -> None:
        """Find the stream's shards and start each at TRIM_HORIZON (shards already known keep their place)."""
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            if shard["ShardId"] not in self._shards:
                iterator = self.streams.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]
                self._shards[shard["ShardId"]] = _Shard(shard["ShardId"], iterator)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                delivered = self.poll_once()
            except Exception:
                LOG.exception("stream poller %s failed; retrying", self.name)
                delivered = 0
            if not delivered:
                self._stop.wait(self.idle_seconds)

    def poll_once(self) -> int:
        """Deliver at most one batch per shard; returns how many records were handed to the function."""
        return sum(self._step(shard) for shard in list(self._shards.values()))

    def _step(self, shard: _Shard) -> int:
        if not shard.pending:
            if shard.iterator is None:
                return 0
            page = self.streams.get_records(ShardIterator=shard.iterator, Limit=self.batch_size)
            shard.iterator = page.get("NextShardIterator")
            shard.pending = [self._record(r) for r in page.get("Records", [])]
            shard.pending = [r for r in shard.pending if accepts(self.filters, r)]
            shard.attempts = 0
            if not shard.pending:
                return 0
        batch = shard.pending
        failed_from = self._deliver(batch)
        if failed_from is None:
            shard.pending = []
            return len(batch)
        shard.attempts += 1
        if shard.attempts > self.max_retries:
            self._give_up(shard, batch)
            shard.pending, shard.attempts = [], 0
            return len(batch)
        shard.pending = batch[failed_from:]
        self._stop.wait(self.retry_after)
        return len(batch)

    def _record(self, record: dict[str, Any]) -> dict[str, Any]:
        change = dict(record.get("dynamodb") or {})
        created = change.get("ApproximateCreationDateTime")
        if isinstance(created, datetime):  # boto3 parses it; Lambda's event carries epoch seconds
            change["ApproximateCreationDateTime"] = int(created.timestamp())
        return {**record, "dynamodb": change, "eventSourceARN": self.stream_arn, "awsRegion": self.region}

    def _deliver(self, batch: list[dict[str, Any]]) -> int | None:
        """Invoke once; None when the whole batch succeeded, else the index to resume from."""
        try:
            result = self.invoke({"Records": batch})
        except Exception:
            LOG.error("stream consumer %s raised: the batch is retried\n%s", self.name, traceback.format_exc())
            return 0
        if not self.partial_failures or not isinstance(result, dict) or not result.get("batchItemFailures"):
            return None
        sequence = [r["dynamodb"]["SequenceNumber"] for r in batch]
        failed = [
            item.get("itemIdentifier") if isinstance(item, dict) else None for item in result["batchItemFailures"]
        ]
        if any(identifier not in sequence for identifier in failed):
            return 0  # an unknown itemIdentifier: Lambda retries the whole batch
        LOG.warning("stream consumer %s: %d of %d records failed", self.name, len(failed), len(batch))
        return min(sequence.index(identifier) for identifier in failed)

    def _give_up(self, shard: _Shard, batch: list[dict[str, Any]]) -> None:
        # What Lambda sends to an on-failure destination: where the batch was, not its records.
        description = {
            "requestContext": {"condition": "RetryAttemptsExhausted", "functionArn": self.name},
            "DDBStreamBatchInfo": {
                "shardId": shard.shard_id,
                "startSequenceNumber": batch[0]["dynamodb"]["SequenceNumber"],
                "endSequenceNumber": batch[-1]["dynamodb"]["SequenceNumber"],
                "batchSize": len(batch),
                "streamArn": self.stream_arn,
            },
        }
        LOG.error("stream consumer %s: gave up on %d records after %d retries", self.name, len(batch), self.max_retries)
        if self.on_failure is not None:
            try:
                self.on_failure(description)
            except Exception:
                LOG.exception("stream consumer %s: could not report the batch given up", self.name)


def poller_for(
    source: dict[str, Any], *, table_name: str, dynamodb: Any, streams: Any, invoke: Invoke, **options: Any
) -> StreamPoller:
    """A poller for one of the template's DynamoDB event sources (`devtools.infra.stream_consumers`), on the
    table's current stream, with the source's batch size, partial failures, filters and retries; `options` adds
    the rest (on_failure, region, retry_after...). Its shards are found at once (TRIM_HORIZON)."""
    poller = StreamPoller(
        name=f"{source['function']}:{source['table']}",
        streams=streams,
        stream_arn=dynamodb.describe_table(TableName=table_name)["Table"]["LatestStreamArn"],
        invoke=invoke,
        batch_size=source["batch_size"],
        partial_failures=source["partial_failures"],
        filters=source["filters"],
        max_retries=source["max_retries"],
        **options,
    )
    poller.discover()
    return poller
