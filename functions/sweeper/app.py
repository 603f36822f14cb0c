"""The safety net under the outbox, run by EventBridge Scheduler: re-drives orders, webhook events and knowledge
sources that are past their time, and ends orders past their deadline as FAILED with their money returned
(runa.payouts.logic.recovery, runa.knowledge.logic.recovery). Every step is idempotent, so overlapping or repeated
runs are harmless.

Metrics: OrdersRedriven, OrdersFailedAtDeadline, WebhooksRedriven, WebhooksAbandoned, SourcesRedriven,
SourcesFailedAtDeadline, SweepErrors, and OldestProcessingOrderSeconds (the alarm's metric).
"""

from __future__ import annotations

import runa.boot  # first: forward references compiled lazily and the GC paused, before anything loads

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.core.observability import logger, metrics, tracer
from runa.core.settings import require_settings
from runa.knowledge.services import recovery as knowledge_recovery
from runa.payouts.services import recovery as payouts_recovery

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings(
    "accounts_table", "orders_table", "knowledge_table", "orders_queue_url", "webhooks_queue_url", "indexing_queue_url"
)


@runa.boot.resumes_gc
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    orders = payouts_recovery.sweep()
    sources = knowledge_recovery.sweep()
    counts = {
        "OrdersRedriven": len(orders.orders_redriven),
        "OrdersFailedAtDeadline": len(orders.orders_failed),
        "WebhooksRedriven": len(orders.webhooks_redriven),
        "WebhooksAbandoned": len(orders.webhooks_abandoned),
        "SourcesRedriven": len(sources.redriven),
        "SourcesFailedAtDeadline": len(sources.failed),
        "SweepErrors": orders.errors + sources.errors,
    }
    oldest = orders.oldest_processing_seconds
    # A quiet pass (the usual one, every minute) publishes and logs nothing; the alarm treats no data as fine.
    busy = {name: value for name, value in counts.items() if value}
    if busy or oldest:
        for name, value in busy.items():
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
        if oldest:
            metrics.add_metric(name="OldestProcessingOrderSeconds", unit=MetricUnit.Seconds, value=oldest)
        metrics.flush_metrics()
        logger.info("sweep done", extra={**busy, "oldest_processing_seconds": oldest})
    return {**counts, "OldestProcessingOrderSeconds": oldest}
