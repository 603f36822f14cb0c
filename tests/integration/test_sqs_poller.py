"""The local SQS poller (devtools/sqs_poller.py) against moto: what happens to messages, as Lambda would do it.

Throwaway queues and handlers: the real consumers are other issues' business.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from devtools.infra import Infra
from devtools.sqs_poller import SqsPoller


def _queues(max_receive_count: int = 2) -> tuple[Any, str, str, str]:
    sqs = boto3.client("sqs")
    dlq = sqs.create_queue(QueueName="throwaway-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(max_receive_count)})
    queue = sqs.create_queue(QueueName="throwaway", Attributes={"VisibilityTimeout": "180", "RedrivePolicy": redrive})[
        "QueueUrl"
    ]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return sqs, queue, arn, dlq


def _poller(sqs: Any, queue: str, arn: str, handler: Any, **kwargs: Any) -> SqsPoller:
    return SqsPoller(
        name="Throwaway",
        sqs=sqs,
        queue_url=queue,
        queue_arn=arn,
        invoke=handler,
        wait_seconds=0,
        retry_after=0,
        **kwargs,
    )


def _bodies(sqs: Any, queue: str) -> list[str]:
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    return sorted(message["Body"] for message in messages)


def test_given_a_batch_when_polled_then_the_consumer_gets_a_lambda_sqs_event(aws: Infra) -> None:
    sqs, queue, arn, _ = _queues()
    sqs.send_message(
        QueueUrl=queue,
        MessageBody='{"order": "O-1"}',
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "order"}},
    )
    seen: list[dict[str, Any]] = []

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(event)
        return {"batchItemFailures": []}

    outcome = _poller(sqs, queue, arn, handler).poll_once()

    record = seen[0]["Records"][0]
    assert record["body"] == '{"order": "O-1"}'
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == arn
    assert record["awsRegion"] == "eu-west-1"
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["messageAttributes"]["kind"] == {
        "dataType": "String",
        "stringValue": "order",
        "stringListValues": [],
        "binaryListValues": [],
    }
    assert record["md5OfBody"] and record["receiptHandle"] and record["messageId"] in outcome.succeeded
    assert _bodies(sqs, queue) == []  # succeeded records are deleted


def test_given_batch_item_failures_then_only_the_failed_records_stay_on_the_queue(aws: Infra) -> None:
    sqs, queue, arn, _ = _queues()
    for body in ("good", "bad"):
        sqs.send_message(QueueUrl=queue, MessageBody=body)

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        return {
            "batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "bad"]
        }

    _poller(sqs, queue, arn, handler, batch_size=10).poll_once()

    assert _bodies(sqs, queue) == ["bad"]


@pytest.mark.parametrize(
    "handler_result",
    [RuntimeError("boom"), {"batchItemFailures": [{"itemIdentifier": ""}]}],
    ids=["raises", "unknown-item-identifier"],
)
def test_given_a_consumer_that_raises_or_misreports_then_the_whole_batch_stays(aws: Infra, handler_result: Any) -> None:
    sqs, queue, arn, _ = _queues()
    for body in ("one", "two"):
        sqs.send_message(QueueUrl=queue, MessageBody=body)

    def handler(event: dict[str, Any]) -> Any:
        if isinstance(handler_result, Exception):
            raise handler_result
        return handler_result

    _poller(sqs, queue, arn, handler).poll_once()

    assert _bodies(sqs, queue) == ["one", "two"]


def test_given_a_consumer_that_always_fails_then_the_message_moves_to_the_dlq_after_max_receive_count(
    aws: Infra,
) -> None:
    sqs, queue, arn, dlq = _queues(max_receive_count=2)
    sqs.send_message(QueueUrl=queue, MessageBody="poison")
    calls: list[str] = []

    def always_fails(event: dict[str, Any]) -> dict[str, Any]:
        calls.extend(r["attributes"]["ApproximateReceiveCount"] for r in event["Records"])
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"]]}

    poller = _poller(sqs, queue, arn, always_fails)
    for _ in range(4):
        poller.poll_once()

    assert calls == ["1", "2"]  # tried maxReceiveCount times, then SQS redrove it
    assert _bodies(sqs, dlq) == ["poison"]
    assert _bodies(sqs, queue) == []


def test_given_a_running_poller_when_stopped_then_its_thread_ends(aws: Infra) -> None:
    sqs, queue, arn, _ = _queues()
    poller = _poller(sqs, queue, arn, lambda event: None)
    poller.start()

    poller.stop(timeout=5)

    assert not any(thread.is_alive() for thread in poller._threads)
