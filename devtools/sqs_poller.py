"""Lambda's SQS event source mapping, locally: poll a queue, invoke the consumer with a real SQS batch event.

Like the managed poller it deletes the records that succeeded, leaves failed ones on the queue (so SQS counts
the receive and redrives to the DLQ after maxReceiveCount), honours `batchItemFailures` when the function has
ReportBatchItemFailures, and treats a raise (or a malformed failure report) as the whole batch failing.

One difference, for quick local retries: a failed message's visibility is shortened to `retry_after` seconds
instead of waiting out the queue's VisibilityTimeout.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger("devtools.sqs_poller")

Invoke = Callable[[dict[str, Any]], Any]


@dataclass
class BatchOutcome:
    succeeded: list[str] = field(default_factory=list)  # message ids
    failed: list[str] = field(default_factory=list)


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """The event Lambda sends for a batch of received SQS messages."""
    return {"Records": [_record(message, queue_arn, region) for message in messages]}


def _record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    attributes = message.get("Attributes", {})
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {
            name: attributes[name]
            for name in (
                "ApproximateReceiveCount",
                "SentTimestamp",
                "SenderId",
                "ApproximateFirstReceiveTimestamp",
                "MessageGroupId",
                "MessageDeduplicationId",
                "SequenceNumber",
                "AWSTraceHeader",
            )
            if name in attributes
        },
        "messageAttributes": {
            name: _message_attribute(value) for name, value in (message.get("MessageAttributes") or {}).items()
        },
        "md5OfBody": message.get("MD5OfBody") or _md5(message["Body"]),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _message_attribute(value: dict[str, Any]) -> dict[str, Any]:
    # The event spells these in camelCase, unlike the SQS API.
    converted: dict[str, Any] = {
        "dataType": value["DataType"],
        "stringListValues": value.get("StringListValues", []),
        "binaryListValues": value.get("BinaryListValues", []),
    }
    if "StringValue" in value:
        converted["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        converted["binaryValue"] = value["BinaryValue"]
    return converted


def outcome_of(result: Any, message_ids: list[str], partial_failures: bool) -> BatchOutcome:
    """Which records succeeded, from the handler's result (Lambda's ReportBatchItemFailures rules)."""
    if not partial_failures or not isinstance(result, dict) or not result.get("batchItemFailures"):
        return BatchOutcome(succeeded=list(message_ids))
    reported = [item.get("itemIdentifier") if isinstance(item, dict) else None for item in result["batchItemFailures"]]
    if any(identifier not in message_ids for identifier in reported):
        # An empty or unknown itemIdentifier makes Lambda treat the whole batch as failed.
        return BatchOutcome(failed=list(message_ids))
    failed = [mid for mid in message_ids if mid in reported]
    return BatchOutcome(succeeded=[mid for mid in message_ids if mid not in failed], failed=failed)


class SqsPoller:
    """A background thread polling one queue for one consumer, with up to `concurrency` batches in flight."""

    def __init__(
        self,
        *,
        name: str,
        sqs: Any,
        queue_url: str,
        queue_arn: str,
        invoke: Invoke,
        batch_size: int = 10,
        partial_failures: bool = True,
        region: str = "eu-west-1",
        wait_seconds: int = 1,
        retry_after: int = 2,
        concurrency: int = 1,
    ) -> None:
        self.name = name
        self.sqs = sqs
        self.queue_url = queue_url
        self.queue_arn = queue_arn
        self.invoke = invoke
        self.batch_size = max(1, min(batch_size, 10))  # one ReceiveMessage returns at most 10
        self.partial_failures = partial_failures
        self.region = region
        # Short long-polls so Ctrl-C stops the poller within about a second.
        self.wait_seconds = wait_seconds
        self.retry_after = retry_after
        self._stop = threading.Event()
        # Like Lambda's event source mapping: up to `concurrency` batches in flight at once, each its own
        # invocation; one thread receives (a long poll while the queue is empty) and hands batches out.
        self.concurrency = max(1, concurrency)
        self._slots = threading.Semaphore(self.concurrency)
        self._threads = [threading.Thread(target=self._run, name=f"sqs-{name}", daemon=True)]

    def describe(self) -> str:
        return f"SQS      {self.queue_url}  ->  {self.name} (batch {self.batch_size}, {self.concurrency} pollers)"

    def start(self) -> None:
        self._threads[0].start()

    def request_stop(self) -> None:
        """Ask the thread to finish after its current poll (stop() waits for it)."""
        self._stop.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        for thread in list(self._threads):
            if thread.is_alive():
                thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._slots.acquire(timeout=0.5):  # every batch slot busy: receive nothing more yet
                continue
            try:
                messages = self._receive()
            except Exception:
                self._slots.release()
                LOG.exception("poller %s failed; retrying", self.name)
                self._stop.wait(1)
                continue
            if not messages:
                self._slots.release()
                continue
            batch = threading.Thread(target=self._handle_in_slot, args=(messages,), name=f"sqs-{self.name}-batch")
            self._threads.append(batch)
            batch.start()
            self._threads = [thread for thread in self._threads if thread.is_alive() or thread is batch]

    def _handle_in_slot(self, messages: list[dict[str, Any]]) -> None:
        try:
            self.handle(messages)
        except Exception:
            LOG.exception("poller %s failed to settle a batch; SQS will redeliver it", self.name)
        finally:
            self._slots.release()

    def _receive(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=self.batch_size,
            WaitTimeSeconds=self.wait_seconds,
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        return messages

    def poll_once(self) -> BatchOutcome:
        """Receive one batch and settle it here (the tests' synchronous step)."""
        messages = self._receive()
        return self.handle(messages) if messages else BatchOutcome()

    def handle(self, messages: list[dict[str, Any]]) -> BatchOutcome:
        """Invoke the consumer with one received batch, then delete or release its records as Lambda does."""
        ids = [message["MessageId"] for message in messages]
        try:
            result = self.invoke(sqs_event(messages, self.queue_arn, self.region))
            outcome = outcome_of(result, ids, self.partial_failures)
        except Exception:
            LOG.error("consumer %s raised: the whole batch stays on the queue\n%s", self.name, traceback.format_exc())
            outcome = BatchOutcome(failed=ids)
        handles = {message["MessageId"]: message["ReceiptHandle"] for message in messages}
        if outcome.succeeded:
            self.sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": handles[mid]} for i, mid in enumerate(outcome.succeeded)],
            )
        if outcome.failed:
            LOG.warning("consumer %s: %d of %d records failed", self.name, len(outcome.failed), len(ids))
            self.sqs.change_message_visibility_batch(
                QueueUrl=self.queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": handles[mid], "VisibilityTimeout": self.retry_after}
                    for i, mid in enumerate(outcome.failed)
                ],
            )
        return outcome
