"""Messages on the OrdersQueue (async orders) and the WebhooksQueue (order.completion deliveries)."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.observability import logger
from runa.core.settings import get_settings

# SQS allows a delay of at most 15 minutes, and a message to stay hidden at most 12 hours.
MAX_DELAY_SECONDS = 900
MAX_VISIBILITY_SECONDS = 12 * 3600


def enqueue_order(scope: str, order_id: str, *, delay_seconds: int = 0) -> None:
    """Ask the orders consumer to finish an order. The message carries ids only: the order is in the table."""
    _send(
        get_settings().orders_queue_url,
        {"scope": scope, "order_id": order_id},
        delay_seconds=min(max(delay_seconds, 0), MAX_DELAY_SECONDS),
    )


def enqueue_webhook(message: dict[str, Any]) -> None:
    _send(get_settings().webhooks_queue_url, message)


def delay_redelivery(receipt_handle: str, seconds: int) -> bool:
    """Keep a received WebhooksQueue message hidden for `seconds` (at most 12 h), so its next receive is the
    next attempt of the retry schedule. False when SQS refused (the queue's own visibility timeout applies)."""
    try:
        aws.client("sqs").change_message_visibility(
            QueueUrl=get_settings().webhooks_queue_url,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=min(max(seconds, 0), MAX_VISIBILITY_SECONDS),
        )
    except ClientError as error:
        logger.warning("could not delay the webhook's next attempt", extra={"error": aws.error_code(error)})
        return False
    return True


def _send(queue_url: str, body: dict[str, Any], *, delay_seconds: int = 0) -> None:
    try:
        aws.client("sqs").send_message(
            QueueUrl=queue_url, MessageBody=json.dumps(body, separators=(",", ":")), DelaySeconds=delay_seconds
        )
    except ClientError as error:
        raise StoreError(f"could not queue the message: {aws.error_code(error)}") from error
