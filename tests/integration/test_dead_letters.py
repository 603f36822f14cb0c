"""`runa-admin dlq list | redrive`: a message that failed for good is listed (ids only) and sent back."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from runa_ops.admin.__main__ import main as admin


def _dead_letter(aws: Any, queue: str, body: dict[str, Any]) -> None:
    """Send to the queue and fail it maxReceiveCount times: SQS moves it to the dead-letter queue."""
    sqs = boto3.client("sqs")
    url = aws.queue_url(queue)
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body))
    while sqs.receive_message(QueueUrl=url, VisibilityTimeout=0).get("Messages"):
        pass


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_given_a_dead_order_then_list_shows_its_ids_and_leaves_it_there(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _dead_letter(aws, "OrdersQueue", {"scope": "production#acme", "order_id": "O-DEAD"})

    assert admin(["dlq", "list", "--queue", "orders"]) == 0

    *messages, total = _lines(capsys)
    assert total == {"queue": "orders", "dead_letters": 1}
    [message] = messages
    assert (message["scope"], message["order_id"], message["receives"]) == ("production#acme", "O-DEAD", 4)
    # Listing does not take it away: it can still be redriven at once.
    assert admin(["dlq", "list", "--queue", "orders"]) == 0
    assert _lines(capsys)[-1]["dead_letters"] == 1


def test_given_dead_webhooks_then_redrive_sends_them_back_to_their_queue(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(3):
        _dead_letter(aws, "WebhooksQueue", {"id": f"msg_O-{n}_completed", "scope": "production#acme"})

    assert admin(["dlq", "redrive", "--queue", "webhooks", "--max", "2"]) == 0
    assert _lines(capsys) == [{"queue": "webhooks", "redriven": 2}]
    assert admin(["dlq", "redrive", "--queue", "webhooks"]) == 0
    assert _lines(capsys) == [{"queue": "webhooks", "redriven": 1}]

    sqs = boto3.client("sqs")
    back = sqs.receive_message(QueueUrl=aws.queue_url("WebhooksQueue"), MaxNumberOfMessages=10)["Messages"]
    assert sorted(json.loads(m["Body"])["id"] for m in back) == [f"msg_O-{n}_completed" for n in range(3)]
    assert admin(["dlq", "list", "--queue", "webhooks"]) == 0
    assert _lines(capsys)[-1]["dead_letters"] == 0
