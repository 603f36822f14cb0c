"""DynamoDB and SQS calls per payouts operation, next to the fewest the operation could make.

Counts every AWS API call our code sends (botocore `before-call` hooks on the shared clients) while each
operation runs once against moto in-process, with the template's tables and queues and the seeded catalogue.
Run: `python -m devtools.bench payouts_calls` (or `make bench`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from devtools.fake_aws import use_fake_aws

# Before boto3 is imported anywhere: fake credentials, no real endpoint, quiet Powertools.
use_fake_aws("bench", log_level="ERROR")

SCOPE = "production#bench"
CALLER = {"principalId": "k", "accountId": "bench", "environment": "production", "keyId": "k"}
BODY = (
    '{"payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}, "items": [{"face_value": 10, '
    '"distribution_method": {"type": "PAYOUT_LINK"}, "products": {"type": "SINGLE", "value": "SKY-US"}}]}'
)

# Why each floor: the least a correct implementation of the same guarantees needs.
FEWEST: dict[str, tuple[str, str]] = {
    "POST /v2/order sync": ("2", "one read (key's answer, product) + one TransactWriteItems (key, order, debit)"),
    "POST /v2/order async": ("2", "as sync: the queue message follows from the commit, through the table's stream"),
    "POST /v2/order replay": ("1", "one read that finds the stored answer"),
    "POST /v2/order/estimate": ("1", "one GetItem per distinct product (BatchGetItem for several)"),
    "GET /v2/order/{id}": ("1", "one GetItem"),
    "GET /v2/order": ("1", "one Query per page"),
    "GET /v2/balance": ("1", "one Query (or GetItem with ?currency=)"),
    "outbox relay (new order)": ("0 + 1 SQS", "the stream carries the order's image; one SendMessage"),
    "orders consumer (complete)": ("3", "order GetItem, product GetItem, conditional UpdateItem (webhook follows)"),
    "outbox relay (terminal order)": ("0 + 1 SQS", "the stream carries the terminal image; one SendMessage"),
    "webhooks consumer (deliver)": ("2", "endpoint GetItem; the order's due entry settled (UpdateItem)"),
    "sweeper (nothing due)": ("9", "one Query per due-index shard: 4 for orders, 4 for webhook events, 1 for sources"),
}


class CallCounter:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def __call__(self, model: Any, **_: Any) -> None:
        self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    def measure(self, action: Callable[[], Any]) -> Counter[str]:
        self.calls.clear()
        action()
        return Counter(self.calls)


def _event(method: str, path: str, body: str | None = None, **extra: Any) -> dict[str, Any]:
    headers = {"Content-Type": "application/json", **extra.pop("headers", {})}
    return {
        "resource": extra.pop("resource", path),
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": extra.pop("query", None),
        "multiValueQueryStringParameters": None,
        "pathParameters": extra.pop("path_parameters", None),
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {"requestId": "bench", "stage": "dev", "authorizer": CALLER, "httpMethod": method},
    }


def _summary(calls: Counter[str]) -> tuple[int, int, str]:
    dynamodb = sum(n for name, n in calls.items() if name.startswith("dynamodb:"))
    sqs = sum(n for name, n in calls.items() if name.startswith("sqs:"))
    detail = ", ".join(f"{name.split(':')[1]}x{n}" for name, n in sorted(calls.items()))
    return dynamodb, sqs, detail


def main() -> None:
    from moto import mock_aws

    with mock_aws():
        _run()


def _run() -> None:
    import json

    from devtools.functions import load_handler
    from devtools.infra import create_resources, stream_consumers
    from devtools.sqs_poller import outcome_of, sqs_event
    from devtools.stream_poller import poller_for
    from runa.core import aws
    from runa.core.settings import reset_settings
    from runa.payouts.data import balances
    from runa_ops.admin.catalogue import seed

    aws.reset_clients()
    infra = create_resources(prefix="bench")
    for name, value in infra.environment({"AgentEngine": "offline"}).items():
        if name != "AWS_ENDPOINT_URL":
            os.environ[name] = value
    reset_settings()
    seed()
    balances.top_up(SCOPE, "USD", Decimal("1000.00"))

    counter = CallCounter()
    for client in (aws.client("sqs"), aws.client("dynamodb")):
        client.meta.events.register("before-call.*.*", counter)

    class Context:
        function_name, memory_limit_in_mb, aws_request_id = "bench", 512, "bench"
        invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:bench"

        def get_remaining_time_in_millis(self) -> int:
            return 30_000

    orders_api = load_handler("functions/payouts_orders/")
    account_api = load_handler("functions/payouts_account/")
    orders_consumer = load_handler("functions/orders_consumer/")
    webhooks_consumer = load_handler("functions/webhooks_consumer/")
    results: dict[str, Counter[str]] = {}

    def post(key: str, mode: str) -> dict[str, Any]:
        headers = {"X-Idempotency-Key": key, "X-Execution-Mode": mode}
        answer: dict[str, Any] = orders_api(_event("POST", "/v2/order", BODY, headers=headers), Context())
        return answer

    sync_answer: dict[str, Any] = {}
    results["POST /v2/order sync"] = counter.measure(lambda: sync_answer.update(post("k-sync", "sync")))
    order_id = json.loads(sync_answer["body"])["id"]
    results["POST /v2/order async"] = counter.measure(lambda: post("k-async", "async"))
    results["POST /v2/order replay"] = counter.measure(lambda: post("k-sync", "sync"))
    estimate = BODY.replace('"distribution_method": {"type": "PAYOUT_LINK"}, ', "")
    results["POST /v2/order/estimate"] = counter.measure(
        lambda: orders_api(_event("POST", "/v2/order/estimate", estimate), Context())
    )
    results["GET /v2/order/{id}"] = counter.measure(
        lambda: orders_api(
            _event("GET", f"/v2/order/{order_id}", resource="/v2/order/{id}", path_parameters={"id": order_id}),
            Context(),
        )
    )
    results["GET /v2/order"] = counter.measure(lambda: orders_api(_event("GET", "/v2/order"), Context()))
    results["GET /v2/balance"] = counter.measure(lambda: account_api(_event("GET", "/v2/balance"), Context()))

    sqs = aws.client("sqs")

    def drain(queue: str) -> dict[str, Any]:
        """The queue's messages as the event Lambda's SQS source sends (the webhooks consumer reads their receive
        count), as the local API's poller builds it."""
        url = infra.queue_url(queue)
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
        return sqs_event(received.get("Messages", []), infra.queue_arns[queue], "eu-west-1")

    def consume(consumer: Any, event: dict[str, Any]) -> None:
        """A record that failed would make fewer calls than a real one: the figures would mean nothing."""
        ids = [record["messageId"] for record in event["Records"]]
        answer = consumer(event, Context())
        if not ids or outcome_of(answer, ids, partial_failures=True).failed:
            raise SystemExit(f"the consumer did not process its {len(ids)} record(s): {answer}")

    outbox_relay = load_handler("functions/outbox_relay/")
    (source,) = [c for c in stream_consumers(infra.template) if c["table"] == "OrdersTable"]
    orders_stream = poller_for(
        source,
        table_name=infra.physical["OrdersTable"],
        dynamodb=aws.client("dynamodb"),
        streams=aws.client("dynamodbstreams"),
        invoke=lambda event: outbox_relay(event, Context()),
    )
    results["outbox relay (new order)"] = counter.measure(lambda: _relay_all(orders_stream))
    order_event = drain("OrdersQueue")
    results["orders consumer (complete)"] = counter.measure(lambda: consume(orders_consumer, order_event))
    results["outbox relay (terminal order)"] = counter.measure(lambda: _relay_all(orders_stream))
    webhook_event = drain("WebhooksQueue")
    results["webhooks consumer (deliver)"] = counter.measure(lambda: consume(webhooks_consumer, webhook_event))
    sweeper = load_handler("functions/sweeper/")
    results["sweeper (nothing due)"] = counter.measure(lambda: sweeper({"source": "aws.scheduler"}, Context()))

    print(f"{'operation':<30} {'DynamoDB':>8} {'SQS':>4}   {'fewest':<10} calls made / why the floor")
    for operation, calls in results.items():
        dynamodb, queue, detail = _summary(calls)
        fewest, why = FEWEST[operation]
        print(f"{operation:<30} {dynamodb:>8} {queue:>4}   {fewest:<10} {detail}")
        print(f"{'':<30} {'':>8} {'':>4}   {'':<10} floor: {why}")


def _relay_all(stream: Any) -> None:
    """Relay what the stream holds. The stream's own reads are Lambda's poller's, on a client not counted."""
    while stream.poll_once():
        pass


if __name__ == "__main__":
    main()
