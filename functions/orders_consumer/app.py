"""OrdersQueue consumer: completes async orders, or fails and refunds them (once), then queues the webhook.

Partial batch failures: a record that raises is reported alone and redelivered (then the DLQ after 3 receives);
the others of the batch are done.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.core.observability import logger, metrics, tracer
from runa.payouts.logic import orders
from runa.payouts.models.orders import QueuedOrder

processor = BatchProcessor(event_type=EventType.SQS)


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    message = QueuedOrder.model_validate_json(record.body)
    status = orders.process_queued_order(message.scope, message.order_id)
    if status is not None:
        metrics.add_metric(name=f"Order{status.title()}", unit=MetricUnit.Count, value=1)
    logger.info("order processed", extra={"order_id": message.order_id, "status": status})


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
