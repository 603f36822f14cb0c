"""Helpers shared by the orders, balance, idempotency, async and webhooks tests (and tests/concurrency)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from devtools.functions import load_handler
from runa.core import aws
from runa.payouts.data import balances
from tests.conftest import FakeLambdaContext, api_event, response_json
from tests.contract import conforming
from tests.integration.payouts.conftest import PLAYGROUND_CALLER, PRODUCTION_CALLER
from tests.order_bodies import item, order_body

# Every /v2 answer these tests receive is checked against the official document (tests/contract.py).
orders_handler = conforming(load_handler("functions/payouts_orders/"))
account_handler = conforming(load_handler("functions/payouts_account/"))
orders_consumer = load_handler("functions/orders_consumer/")
webhooks_consumer = load_handler("functions/webhooks_consumer/")
CONTEXT = FakeLambdaContext()
PRODUCTION_SCOPE = "production#acme"
PLAYGROUND_SCOPE = "playground#acme"

__all__ = ["PLAYGROUND_CALLER", "PRODUCTION_CALLER", "item", "order_body"]


def post_order(
    body: Any,
    *,
    key: str | None = "key-1",
    mode: str | None = "sync",
    caller: dict[str, str] = PRODUCTION_CALLER,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, dict[str, str]]:
    all_headers = dict(headers or {})
    if key is not None:
        all_headers["X-Idempotency-Key"] = key
    if mode is not None:
        all_headers["X-Execution-Mode"] = mode
    response = orders_handler(api_event("POST", "/v2/order", caller=caller, body=body, headers=all_headers), CONTEXT)
    return response["statusCode"], response_json(response), headers_of(response)


def headers_of(response: dict[str, Any]) -> dict[str, str]:
    """Single and multi-value response headers as one dict (Powertools puts route headers in the latter)."""
    merged = {name: values[-1] for name, values in (response.get("multiValueHeaders") or {}).items()}
    return {**merged, **(response.get("headers") or {})}


def get_order(order_id: str, caller: dict[str, str] = PRODUCTION_CALLER) -> tuple[int, Any]:
    event = api_event(
        "GET", f"/v2/order/{order_id}", caller=caller, resource="/v2/order/{id}", path_parameters={"id": order_id}
    )
    response = orders_handler(event, CONTEXT)
    return response["statusCode"], response_json(response)


def list_orders(
    query: dict[str, list[str]] | None = None, caller: dict[str, str] = PRODUCTION_CALLER
) -> tuple[int, Any]:
    response = orders_handler(api_event("GET", "/v2/order", caller=caller, query=query), CONTEXT)
    return response["statusCode"], response_json(response)


def estimate(body: Any, caller: dict[str, str] = PRODUCTION_CALLER) -> tuple[int, Any]:
    response = orders_handler(api_event("POST", "/v2/order/estimate", caller=caller, body=body), CONTEXT)
    return response["statusCode"], response_json(response)


def get_balance(currency: str | None = None, caller: dict[str, str] = PRODUCTION_CALLER) -> tuple[int, Any]:
    query = {"currency": [currency]} if currency else None
    response = account_handler(api_event("GET", "/v2/balance", caller=caller, query=query), CONTEXT)
    return response["statusCode"], response_json(response)


def top_up(amount: str, currency: str = "USD", scope: str = PRODUCTION_SCOPE) -> Decimal:
    return balances.top_up(scope, currency, Decimal(amount))


def ledger_sum(scope: str = PRODUCTION_SCOPE, currency: str = "USD") -> Decimal:
    return sum((m.amount for m in balances.list_movements(scope, currency)), Decimal(0))


def receive_all(queue_url: str, *, max_batches: int = 50) -> list[dict[str, Any]]:
    """Every visible message of a queue, as SQS event records (for invoking a consumer in-process)."""
    sqs = aws.client("sqs")
    records: list[dict[str, Any]] = []
    for _ in range(max_batches):
        got = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]).get(
            "Messages", []
        )
        if not got:
            break
        for message in got:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            records.append(sqs_record(message["Body"], message["MessageId"]))
    return records


def sqs_record(body: str | dict[str, Any], message_id: str = "m-1") -> dict[str, Any]:
    return {
        "messageId": message_id,
        "receiptHandle": "rh",
        "body": body if isinstance(body, str) else json.dumps(body),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:q",
        "awsRegion": "eu-west-1",
    }


def run_consumer(handler: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = handler({"Records": records}, CONTEXT)
    return result
