"""WebhooksQueue consumer: delivers signed order.completion events to the account's endpoint.

A failed attempt fails its record alone and hides the message until the next attempt of the retry schedule
(runa.payouts.logic.webhooks.RETRY_SCHEDULE, ~27.5 h in all); the queue's maxReceiveCount then moves it to the
DLQ. A record is not started when the invocation could end during its delivery: it fails at once and comes
back after the visibility timeout, instead of the whole batch timing out.
"""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.core.consumer import sqs_batch_handler
from runa.core.observability import logger, metrics, tracer
from runa.core.settings import require_settings
from runa.payouts.models.messages import WebhookEvent
from runa.payouts.services import webhooks as webhook_services

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("accounts_table", "orders_table", "webhooks_queue_url")

# Time one delivery may take, plus a margin to report the batch.
_NEEDED_MS = int(webhook_services.DELIVERY_TIMEOUT_SECONDS * 1000) + 2000


@tracer.capture_method
def record_handler(record: SQSRecord, lambda_context: LambdaContext) -> None:
    event = WebhookEvent.model_validate_json(record.body)
    if lambda_context.get_remaining_time_in_millis() < _NEEDED_MS:
        raise TimeoutError("not enough time left in this invocation; the queue redelivers the event")
    attempt = int(record.attributes.approximate_receive_count or 1)
    try:
        delivered = webhook_services.deliver(event.model_dump(), attempt=attempt)
    except webhook_services.WebhookDeliveryFailed as failure:
        metrics.add_metric(name="WebhookDeliveryFailed", unit=MetricUnit.Count, value=1)
        if failure.retry_in is not None:
            webhook_services.delay_next_attempt(record.receipt_handle, failure.retry_in)
        raise
    if delivered:
        metrics.add_metric(name="WebhookDelivered", unit=MetricUnit.Count, value=1)
    logger.info("webhook handled", extra={"webhook_id": event.id, "delivered": delivered, "attempt": attempt})


# A customer's endpoint being down is not our error: it is counted by WebhookDeliveryFailed (and alarmed on),
# so even a batch that failed whole is reported record by record, not as a function error.
lambda_handler = sqs_batch_handler(record_handler, raise_when_all_fail=False)
