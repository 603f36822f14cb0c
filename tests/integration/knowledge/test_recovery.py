"""No source left `indexing` for ever, against moto: a source whose indexing job was lost is queued again by the
sweeper, and one that cannot be indexed in time turns `failed` with a reason the user can act on."""

from __future__ import annotations

import time
from typing import Any

from devtools.functions import load_handler
from runa.core import aws as aws_clients
from runa.core.settings import get_settings
from tests.conftest import FakeLambdaContext
from tests.integration.knowledge.conftest import Knowledge, owner

sweeper = load_handler("functions/sweeper/")


def _backdate(knowledge: Knowledge, source_id: str, seconds: int) -> None:
    then = int(time.time()) - seconds
    aws_clients.table(knowledge.infra.physical["KnowledgeTable"]).update_item(
        Key={"pk": f"PRODUCT#{owner()}", "sk": f"SOURCE#{source_id}"},
        UpdateExpression="SET due_at = :then, indexing_since = :then",
        ExpressionAttributeValues={":then": then},
    )


def _sweep() -> dict[str, Any]:
    result: dict[str, Any] = sweeper({"source": "aws.scheduler"}, FakeLambdaContext())
    return result


def _lose_the_job(knowledge: Knowledge) -> None:
    knowledge.outbox.relay()
    for message in knowledge.sqs.receive_message(QueueUrl=knowledge.queue_url, MaxNumberOfMessages=10)["Messages"]:
        knowledge.sqs.delete_message(QueueUrl=knowledge.queue_url, ReceiptHandle=message["ReceiptHandle"])


def test_given_a_source_whose_indexing_job_was_lost_then_the_sweeper_requeues_it_and_it_becomes_ready(
    knowledge: Knowledge,
) -> None:
    source_id = knowledge.add_text("FAQ", "Refunds take five business days.")
    _lose_the_job(knowledge)
    assert knowledge.drain() == 0 and knowledge.source(source_id)["status"] == "indexing"
    _backdate(knowledge, source_id, get_settings().source_redrive_seconds + 1)

    assert _sweep()["SourcesRedriven"] == 1
    knowledge.drain()

    assert knowledge.source(source_id)["status"] == "ready"
    assert _sweep()["SourcesRedriven"] == 0  # ready: out of the due index


def test_given_a_source_still_indexing_at_its_deadline_then_failed_with_a_reason_and_refresh_retries(
    knowledge: Knowledge,
) -> None:
    source_id = knowledge.add_text("FAQ", "Refunds take five business days.")
    _lose_the_job(knowledge)
    _backdate(knowledge, source_id, get_settings().source_deadline_seconds + 1)

    assert _sweep()["SourcesFailedAtDeadline"] == 1

    failed = knowledge.source(source_id)
    assert (failed["status"], failed["error"]) == (
        "failed",
        "Indexing did not finish in time; refresh the source to try again.",
    )
    assert knowledge.call("POST", f"/v1/knowledge/{source_id}/refresh").status == 202
    knowledge.drain()
    assert knowledge.source(source_id)["status"] == "ready"
