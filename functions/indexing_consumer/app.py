"""Consumer of the indexing queue: fetch, chunk and index knowledge sources (runa.knowledge.logic.indexing).

Partial batch failures: a record that raises is reported alone and retried by SQS, then dead-lettered after
maxReceiveCount. A page that cannot be indexed is not such a failure: the source turns `failed` with a reason
and the record succeeds. A message that does not parse is poison and goes the retry-then-DLQ way.
"""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import TypeAdapter

from runa.core.observability import logger, metrics, tracer
from runa.knowledge.logic import indexing
from runa.knowledge.logic.sources import utc_now
from runa.knowledge.models import Job

processor = BatchProcessor(event_type=EventType.SQS)
_JOB: TypeAdapter[Any] = TypeAdapter(Job)
# Stop starting work this long before Lambda's own timeout; an unfinished job is retried by SQS.
_SAFETY_SECONDS = 2.0
_MIN_SECONDS_PER_JOB = 5.0
_deadline = 0.0


@tracer.capture_method
def record_handler(record: SQSRecord) -> str:
    job = _JOB.validate_json(record.body)  # a ValidationError fails this record: poison, to the DLQ in the end
    if _deadline - time.monotonic() < _MIN_SECONDS_PER_JOB:
        # Not our page's fault that the batch ran long: give the record back to SQS rather than fail the source.
        raise TimeoutError("no time left in this invocation for another indexing job")
    outcome = indexing.run(job, now=utc_now, deadline=_deadline)
    logger.info("indexing job done", extra={"kind": job.kind, "source_id": job.source_id, "outcome": outcome})
    return outcome


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    global _deadline
    _deadline = time.monotonic() + context.get_remaining_time_in_millis() / 1000 - _SAFETY_SECONDS
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
