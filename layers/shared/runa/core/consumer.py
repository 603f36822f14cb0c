"""The Lambda entry point of every queue and stream consumer: logging, metrics, tracing and Powertools' partial
batch response.

SQS: a record handler that raises fails only its own record (the event source has ReportBatchItemFailures), so SQS
redelivers it and, after maxReceiveCount, moves it to the queue's DLQ. DynamoDB Streams: the shard is retried from
the first failed record on (records stay in order), until the event source's MaximumRetryAttempts sends the batch's
description to its on-failure destination. A record handler may take a second parameter named `lambda_context` to
see the invocation's remaining time.
"""

from __future__ import annotations

from runa.boot import resumes_gc

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.core.observability import logger, metrics, tracer


def sqs_batch_handler(
    record_handler: Callable[..., Any], *, raise_when_all_fail: bool = True
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """`raise_when_all_fail=False` reports a batch whose every record failed as item failures instead of an
    invocation error, for consumers whose failures are someone else's outage (they do not count as our Errors)."""
    return _batch_handler(record_handler, EventType.SQS, raise_when_all_fail)


def stream_batch_handler(
    record_handler: Callable[..., Any],
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    return _batch_handler(record_handler, EventType.DynamoDBStreams, True)


def _batch_handler(
    record_handler: Callable[..., Any], event_type: EventType, raise_when_all_fail: bool
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    processor = BatchProcessor(event_type=event_type, raise_on_entire_batch_failure=raise_when_all_fail)

    @resumes_gc
    @logger.inject_lambda_context(clear_state=True)
    @metrics.log_metrics
    @tracer.capture_lambda_handler
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return dict(
            process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
        )

    return lambda_handler
