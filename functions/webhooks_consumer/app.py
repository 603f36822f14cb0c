"""WebhooksQueue consumer: delivers signed order.completion events to the account's endpoint.

A non-2xx answer (or no answer) fails the record alone, so SQS redelivers it after the visibility timeout and
moves it to the DLQ after 5 receives.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.core.observability import logger, tracer
from runa.payouts.logic import webhooks
from runa.payouts.models.orders import WebhookEvent

processor = BatchProcessor(event_type=EventType.SQS)


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    event = WebhookEvent.model_validate_json(record.body)
    delivered = webhooks.deliver(event.model_dump())
    logger.info("webhook handled", extra={"webhook_id": event.id, "delivered": delivered})


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
