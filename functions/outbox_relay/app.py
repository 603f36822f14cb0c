"""The transactional outbox's relay: the OrdersTable's and the KnowledgeTable's streams in, queue messages out.

Every committed write reaches this function through DynamoDB Streams (at least once, in order per item), so the
work a commit implies (an async order to process, a terminal order's webhook, a knowledge source to index or purge)
is sent even when the request that committed it died right after. Each domain's services say what a change sends.
A record whose send fails is reported; the shard is retried from it, and after MaximumRetryAttempts the batch's
description goes to the OutboxFailuresQueue; the sweeper re-drives whatever is still due.
"""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from runa.core.consumer import stream_batch_handler
from runa.core.dynamodb import plain
from runa.core.observability import logger, tracer
from runa.core.settings import require_settings
from runa.knowledge.services import outbox as knowledge_outbox
from runa.payouts.services import outbox as payouts_outbox

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("orders_table", "knowledge_table", "orders_queue_url", "webhooks_queue_url", "indexing_queue_url")


@tracer.capture_method
def record_handler(record: DynamoDBRecord) -> int:
    change = record.raw_event.get("dynamodb") or {}
    old = plain(change["OldImage"]) if change.get("OldImage") else None
    new = plain(change["NewImage"]) if change.get("NewImage") else None
    sent = payouts_outbox.relay(old, new) + knowledge_outbox.relay(old, new)
    if sent:
        logger.info("outbox relayed", extra={"event": record.event_name, "messages": sent})
    return sent


lambda_handler = stream_batch_handler(record_handler)
