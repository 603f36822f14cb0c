"""Consumer of the indexing queue: fetch, chunk and index knowledge sources (runa.knowledge.logic.indexing).

Partial batch failures: a record that raises is reported alone and retried by SQS, then dead-lettered after
maxReceiveCount. A page that cannot be indexed is not such a failure: the source turns `failed` with a reason
and the record succeeds. A message that does not parse is poison and goes the retry-then-DLQ way.
"""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

import time
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import TypeAdapter

from runa.core.consumer import sqs_batch_handler
from runa.core.observability import logger, tracer
from runa.core.settings import require_settings
from runa.knowledge.messages import Job
from runa.knowledge.services import indexing as indexing_services

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("knowledge_table", "knowledge_bucket")

_JOB: TypeAdapter[Any] = TypeAdapter(Job)
# Stop starting work this long before Lambda's own timeout; an unfinished job is retried by SQS.
_SAFETY_SECONDS = 2.0
_MIN_SECONDS_PER_JOB = 5.0


@tracer.capture_method
def record_handler(record: SQSRecord, lambda_context: LambdaContext) -> str:
    job = _JOB.validate_json(record.body)  # a ValidationError fails this record: poison, to the DLQ in the end
    deadline = time.monotonic() + lambda_context.get_remaining_time_in_millis() / 1000 - _SAFETY_SECONDS
    if deadline - time.monotonic() < _MIN_SECONDS_PER_JOB:
        # Not our page's fault that the batch ran long: give the record back to SQS rather than fail the source.
        raise TimeoutError("no time left in this invocation for another indexing job")
    outcome = indexing_services.run(job, deadline=deadline)
    logger.info("indexing job done", extra={"kind": job.kind, "source_id": job.source_id, "outcome": outcome})
    return outcome


lambda_handler = sqs_batch_handler(record_handler)
