"""The indexing queue's sender."""

from __future__ import annotations

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import ServiceUnavailable
from runa.core.settings import get_settings
from runa.knowledge.messages import IndexJob, PurgeJob


def send(job: IndexJob | PurgeJob) -> None:
    try:
        aws.client("sqs").send_message(
            QueueUrl=get_settings().indexing_queue_url, MessageBody=job.model_dump_json(by_alias=True)
        )
    except ClientError as error:
        raise ServiceUnavailable("Indexing could not be queued; retry in a moment.") from error
