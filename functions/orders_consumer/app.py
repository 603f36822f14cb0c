"""OrdersQueue consumer: completes async orders, or fails and refunds them (once). The terminal status, written,
is the webhook's hand-off (the OrdersTable's stream, then the outbox relay): nothing is sent from here.

Partial batch failures: a record that raises is reported alone and redelivered (then the DLQ after 3 receives);
the others of the batch are done.
"""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from runa.core.consumer import sqs_batch_handler
from runa.core.observability import logger, metrics, tracer
from runa.core.settings import require_settings
from runa.payouts.models.messages import QueuedOrder
from runa.payouts.services import completion as services

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("accounts_table", "orders_table", "products_table")


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    message = QueuedOrder.model_validate_json(record.body)
    status = services.process_queued_order(message.scope, message.order_id)
    if status is not None:
        metrics.add_metric(name=f"Order{status.title()}", unit=MetricUnit.Count, value=1)
    logger.info("order processed", extra={"order_id": message.order_id, "status": status})


lambda_handler = sqs_batch_handler(record_handler)
