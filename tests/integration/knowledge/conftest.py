"""Knowledge tests against moto: the API handler and the indexing consumer in-process, the indexing queue
drained by devtools' SQS poller (Lambda's event source mapping, locally), pages served on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from devtools.functions import load_handler
from devtools.infra import Infra
from devtools.sqs_poller import SqsPoller
from runa.core import aws as core_aws
from runa.core.settings import reset_settings
from runa.knowledge.services.retrieval import clear_cache
from tests.conftest import FakeLambdaContext, api_event, response_json
from tests.integration.knowledge.pages import PageServer
from tests.outbox import Outbox

knowledge_api = load_handler("functions/agent_knowledge/")
indexing_consumer = load_handler("functions/indexing_consumer/")

PRODUCT = "prod_kn_alpha"
ACCOUNT = "acme"
ENVIRONMENT = "playground"


def owner(product: str = PRODUCT, account: str = ACCOUNT, environment: str = ENVIRONMENT) -> str:
    """What retrieval is keyed on: `Caller.product_owner` of a key for this product."""
    return f"{environment}#{account}#{product}"


@dataclass
class ConsumerContext(FakeLambdaContext):
    """The consumer's real budget (template: 60 s), not the 10 s of the default fake."""

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


class Knowledge:
    def __init__(self, infra: Infra) -> None:
        self.infra = infra
        self.outbox = Outbox(infra)  # a source's jobs follow from its writes, through the table's stream
        self.sqs = core_aws.client("sqs")
        self.queue_url = infra.queue_url("IndexingQueue")
        self.dlq_url = infra.queue_url("IndexingDeadLetterQueue")
        self.poller = SqsPoller(
            name="indexing",
            sqs=self.sqs,
            queue_url=self.queue_url,
            queue_arn=infra.queue_arns["IndexingQueue"],
            invoke=lambda event: indexing_consumer(event, ConsumerContext()),
            batch_size=1,
            wait_seconds=0,
            retry_after=0,
        )

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        product: str | None = PRODUCT,
        query: dict[str, list[str]] | None = None,
        account: str = ACCOUNT,
        environment: str = ENVIRONMENT,
    ) -> Answer:
        caller = {"accountId": account, "environment": environment, "keyId": "key_kn", "productId": product or ""}
        event = api_event(method, path, caller=caller, body=body, query=query)
        response = knowledge_api(event, FakeLambdaContext())
        headers = {name: values[-1] for name, values in (response.get("multiValueHeaders") or {}).items()}
        return Answer(response["statusCode"], response_json(response), {**headers, **(response.get("headers") or {})})

    def add_text(self, name: str, content: str, product: str = PRODUCT) -> str:
        answer = self.call("POST", "/v1/knowledge", {"type": "text", "name": name, "content": content}, product=product)
        assert answer.status == 202, answer.body
        return str(answer.body["id"])

    def add_url(self, name: str, url: str, product: str = PRODUCT, **options: Any) -> str:
        answer = self.call(
            "POST", "/v1/knowledge", {"type": "url", "name": name, "url": url, **options}, product=product
        )
        assert answer.status == 202, answer.body
        return str(answer.body["id"])

    def source(self, source_id: str, product: str = PRODUCT) -> dict[str, Any]:
        answer = self.call("GET", f"/v1/knowledge/{source_id}", product=product)
        assert answer.status == 200, answer.body
        return dict(answer.body)

    def drain(self, limit: int = 50) -> int:
        """Relay the outbox and run the consumer until both are empty; returns how many batches it handled."""
        batches = 0
        while batches < limit:
            relayed = self.outbox.relay()
            outcome = self.poller.poll_once()
            if not outcome.succeeded and not outcome.failed:
                if not relayed:
                    return batches
                continue
            batches += 1
        raise AssertionError("the indexing queue did not drain")

    def send_raw(self, body: str) -> None:
        self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=body)

    def send_job(self, job: dict[str, Any]) -> None:
        self.send_raw(json.dumps(job))

    def dead_letters(self) -> list[str]:
        messages = self.sqs.receive_message(QueueUrl=self.dlq_url, MaxNumberOfMessages=10).get("Messages", [])
        return [message["Body"] for message in messages]

    def items(self, product: str = PRODUCT) -> list[dict[str, Any]]:
        table = core_aws.table(self.infra.physical["KnowledgeTable"])
        return list(
            table.query(
                KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"PRODUCT#{owner(product)}"}
            )["Items"]
        )

    def chunk_keys(self, product: str = PRODUCT) -> list[str]:
        return [item["sk"] for item in self.items(product) if item["sk"].startswith("CHUNK#")]


@pytest.fixture
def knowledge(aws: Infra, monkeypatch: pytest.MonkeyPatch) -> Iterator[Knowledge]:
    """moto with the template's resources, the local setting on (pages are on loopback), a fresh index cache."""
    monkeypatch.setenv("ALLOW_LOOPBACK_HTTP", "true")
    reset_settings()
    clear_cache()
    yield Knowledge(aws)
    clear_cache()


@pytest.fixture
def pages() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.close()
