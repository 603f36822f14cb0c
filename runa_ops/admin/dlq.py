"""`dlq list | redrive --queue orders|indexing|webhooks`: what failed for good, and sending it back.

A queue's dead-letter queue is read from the queue's own RedrivePolicy, so the same command works locally and
with `--stack`. `redrive` moves every message (or `--max` of them) back to its source queue: a webhook starts a
fresh retry schedule, an order or an indexing job is processed again (both are idempotent).
"""

from __future__ import annotations

import argparse
import contextlib
import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.settings import get_settings

QUEUES = {
    "orders": lambda: get_settings().orders_queue_url,
    "indexing": lambda: get_settings().indexing_queue_url,
    "webhooks": lambda: get_settings().webhooks_queue_url,
}
# What `list` shows of a message: its ids, never order contents or payout links.
_SHOWN_FIELDS = ("id", "scope", "order_id", "source_id", "owner", "type")


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("dlq", help="list and redrive a dead-letter queue").add_subparsers(
        dest="command", required=True
    )
    listing = commands.add_parser("list", help="print the messages waiting in a dead-letter queue")
    listing.add_argument("--queue", required=True, choices=sorted(QUEUES))
    listing.set_defaults(run=run_list)

    redrive = commands.add_parser("redrive", help="move dead-letter messages back to their queue")
    redrive.add_argument("--queue", required=True, choices=sorted(QUEUES))
    redrive.add_argument("--max", type=int, default=None, help="move at most this many (default: all)")
    redrive.set_defaults(run=run_redrive)


def dead_letter_url(queue_url: str) -> str:
    sqs = aws.client("sqs")
    try:
        policy = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])["Attributes"]
        target_arn = json.loads(policy["RedrivePolicy"])["deadLetterTargetArn"]
        url: str = sqs.get_queue_url(QueueName=target_arn.rsplit(":", 1)[1])["QueueUrl"]
    except (ClientError, BotoCoreError, KeyError) as error:
        raise StoreError(f"could not find the dead-letter queue of {queue_url}: {error}") from error
    return url


def _receive(url: str, *, hide_for: int, most: int = 10) -> list[dict[str, Any]]:
    try:
        messages: list[dict[str, Any]] = (
            aws.client("sqs")
            .receive_message(QueueUrl=url, MaxNumberOfMessages=most, VisibilityTimeout=hide_for, AttributeNames=["All"])
            .get("Messages", [])
        )
    except (ClientError, BotoCoreError) as error:
        raise StoreError(f"could not read {url}: {error}") from error
    return messages


def _summary(message: dict[str, Any]) -> dict[str, Any]:
    try:
        body = json.loads(message["Body"])
    except ValueError:
        body = {}
    attributes = message.get("Attributes", {})
    return {
        "message_id": message["MessageId"],
        "sent_at": int(attributes.get("SentTimestamp", "0")) // 1000,
        "receives": int(attributes.get("ApproximateReceiveCount", "0")),
        **({name: body[name] for name in _SHOWN_FIELDS if name in body} if isinstance(body, dict) else {}),
    }


def _show_again(url: str, messages: list[dict[str, Any]]) -> None:
    sqs = aws.client("sqs")
    for message in messages:
        # On failure it shows again when the minute lapses.
        with contextlib.suppress(ClientError, BotoCoreError):
            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)


def run_list(args: argparse.Namespace) -> int:
    url = dead_letter_url(QUEUES[args.queue]())
    held: dict[str, dict[str, Any]] = {}
    # Each message is hidden for a minute while we page through, so no page repeats one; then shown again.
    while batch := [message for message in _receive(url, hide_for=60) if message["MessageId"] not in held]:
        for message in batch:
            held[message["MessageId"]] = message
            print(json.dumps(_summary(message)))
    _show_again(url, list(held.values()))
    print(json.dumps({"queue": args.queue, "dead_letters": len(held)}))
    return 0


def run_redrive(args: argparse.Namespace) -> int:
    source = QUEUES[args.queue]()
    url = dead_letter_url(source)
    sqs = aws.client("sqs")
    moved = 0
    while args.max is None or moved < args.max:
        # Never take more than --max leaves to move: a taken message stays hidden for the minute.
        batch = _receive(url, hide_for=60, most=10 if args.max is None else min(10, args.max - moved))
        if not batch:
            break
        for message in batch:
            try:
                # Sent first, deleted after: a failure in between repeats a message, never loses one.
                sqs.send_message(QueueUrl=source, MessageBody=message["Body"])
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            except (ClientError, BotoCoreError) as error:
                raise StoreError(f"redrive stopped after {moved} messages: {error}") from error
            moved += 1
    print(json.dumps({"queue": args.queue, "redriven": moved}))
    return 0
