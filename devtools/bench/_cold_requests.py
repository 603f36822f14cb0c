"""The world a cold request meets: moto with the template's resources and the seeded account, and per function a
real first event (and a second one, for the warm request), as API Gateway, the authorizer and SQS would send them.

Used by devtools/bench/cold_start.py while it records each case's AWS answers (devtools/bench/_tape.py). Events of
the SQS consumers are built from messages the earlier steps really queued, so they are made on demand, in order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.moto_server import MotoProcess

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"
REGION = "eu-west-1"
ACCOUNT = "acme"
PRODUCT = "prod_demo"
HOOK = "/hook/orders"  # the account's webhook endpoint: the tape server answers it (devtools/bench/_tape.py)
ORDER = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [
        {
            "face_value": 10,
            "distribution_method": {"type": "PAYOUT_LINK"},
            "products": {"type": "SINGLE", "value": "SKY-US"},
        }
    ],
}
PARAMETERS = {"AgentEngine": "offline", "PlaygroundAgentEngine": "offline"}
CONSOLE_CLAIMS = {"sub": "bench-owner", "email": "owner@acme.example", "custom:account_id": ACCOUNT}

Events = tuple[dict[str, Any], dict[str, Any]]  # the first request, then the warm one


@dataclass
class World:
    moto: MotoProcess
    upstream: tuple[str, int]
    environment: dict[str, str]  # every function's settings (template.yaml), names of this moto's resources
    queue_arns: dict[str, str]
    physical: dict[str, str]  # logical id -> this moto's table name, queue URL, key id
    keys: dict[str, str] = field(default_factory=dict)  # label -> plaintext key
    # The tables' stream records when the work was queued (the relay's events), and how many were relayed.
    stream_records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relayed: dict[str, int] = field(default_factory=lambda: {"OrdersTable": 0, "KnowledgeTable": 0})

    def key_id(self, label: str) -> str:
        return self.keys[label][2:18]

    def stop(self) -> None:
        self.moto.stop()


def start_world(hook_base: str) -> World:
    """moto in its own process, the template's resources, and the demo account as `make dev` seeds it; the
    account's webhook endpoint is `hook_base` + HOOK (a server that answers 200)."""
    moto = MotoProcess()
    moto.start()
    host, port = moto.get_host_and_port()
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": f"http://{host}:{port}",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
        }
    )
    from devtools import seed
    from devtools.infra import create_resources

    infra = create_resources(prefix="bench")
    environment = {k: v for k, v in infra.environment(PARAMETERS).items() if k != "AWS_ENDPOINT_URL"}
    os.environ.update({k: v for k, v in environment.items() if v})
    from runa.core import aws
    from runa.core.settings import reset_settings

    aws.reset_clients()
    reset_settings()
    steps = [step for step in seed.STEPS if step is not seed.console_owner]  # the console reads claims, no pool
    context = seed.run(seed.SeedContext(env=environment), steps)
    context.add_key("payouts", "production")
    world = World(moto, (host, port), environment, infra.queue_arns, infra.physical, context.keys)
    _queue_work(world, hook_base)
    return world


def _queue_work(world: World, hook_base: str) -> None:
    """What the consumers' events carry: an async order (its completion queues a webhook to HOOK) and a text
    knowledge source to index."""
    from runa.core.caller import PLAYGROUND, PRODUCTION, Caller
    from runa.knowledge.models import CreateTextSource
    from runa.knowledge.services import sources
    from runa.payouts.data.webhooks import put_endpoint
    from runa.payouts.models.orders import NewOrderDetails
    from runa.payouts.services import orders

    scope = f"{PRODUCTION}#{ACCOUNT}"
    put_endpoint(scope, f"{hook_base}{HOOK}", "whsec_" + "b" * 32)
    caller = Caller(ACCOUNT, PRODUCTION, world.key_id("payouts"))
    orders.create_order(
        caller,
        NewOrderDetails.model_validate(ORDER),
        raw_body=ORDER,
        execution_mode="async",
        idempotency_key="bench-async",
        trigger_error=None,
    )
    owner = Caller(ACCOUNT, PLAYGROUND, world.key_id("agent"), PRODUCT).product_owner
    text = "# Shipping\nWe ship to 42 countries. Orders leave the warehouse within two working days."
    sources.create(owner, CreateTextSource(type="text", name="Shipping FAQ", content=text))
    world.stream_records = {table: stream_records(world, table) for table in ("OrdersTable", "KnowledgeTable")}
    relay_outbox(world)  # the commits' queue messages, as the outbox relay sends them


def stream_records(world: World, table: str) -> list[dict[str, Any]]:
    """The table's stream so far, as the records of Lambda's DynamoDB stream event (filtered as the template's
    event source filters them)."""
    import boto3

    from devtools.infra import TEMPLATE_PATH, stream_consumers
    from devtools.stream_poller import poller_for
    from runa_ops.template import load_template

    (source,) = [c for c in stream_consumers(load_template(TEMPLATE_PATH)) if c["table"] == table]
    records: list[dict[str, Any]] = []
    poller = poller_for(
        source,
        table_name=world.physical[table],
        dynamodb=boto3.client("dynamodb"),
        streams=boto3.client("dynamodbstreams"),
        invoke=lambda event: records.extend(event["Records"]),
        region=REGION,
    )
    while poller.poll_once():
        pass
    return records


def relay_outbox(world: World) -> None:
    """Send what the commits since the last relay imply, with the outbox relay's own code in this process."""
    from devtools.functions import load_handler

    relay = load_handler("functions/outbox_relay/")
    for table, seen in world.relayed.items():
        fresh = stream_records(world, table)[seen:]
        if fresh:
            relay({"Records": fresh}, _Context())
        world.relayed[table] += len(fresh)


class _Context:
    function_name, memory_limit_in_mb, aws_request_id = "bench", 512, "bench"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:bench"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def received(world: World, queue: str) -> dict[str, Any]:
    """The SQS event Lambda would send for the messages waiting in `queue` (as the local API's poller builds it)."""
    import boto3

    from devtools.sqs_poller import sqs_event

    sqs: Any = boto3.client("sqs")
    url = world.environment[f"{queue.removesuffix('Queue').upper()}_QUEUE_URL"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
    found = messages.get("Messages", [])
    if not found:
        raise SystemExit(f"nothing waits in {queue}: its consumer would have nothing to do")
    return sqs_event(found, world.queue_arns[queue], REGION)


def api_event(
    method: str,
    path: str,
    *,
    authorizer: dict[str, Any],
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST event shaped like events/v2_ping.json."""
    event: dict[str, Any] = json.loads((EVENTS / "v2_ping.json").read_text())
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    event.update(
        {
            "resource": path,
            "path": path,
            "httpMethod": method,
            "headers": all_headers,
            "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
            "queryStringParameters": query,
            "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
            "pathParameters": None,
            "body": None if body is None else json.dumps(body),
        }
    )
    event["requestContext"].update({"resourcePath": path, "httpMethod": method, "authorizer": authorizer})
    return event


def _payouts(world: World) -> dict[str, str]:
    key = world.key_id("payouts")
    return {"principalId": key, "accountId": ACCOUNT, "environment": "production", "keyId": key, "scopes": "payouts"}


def _agent(world: World) -> dict[str, str]:
    key = world.key_id("agent")
    return {
        "principalId": key,
        "accountId": ACCOUNT,
        "environment": "playground",
        "keyId": key,
        "productId": PRODUCT,
        "scopes": "agent",
    }


def _same(event: dict[str, Any]) -> Events:
    return event, event


def _order(world: World) -> Events:
    def post(key: str) -> dict[str, Any]:
        headers = {"X-Idempotency-Key": key, "X-Execution-Mode": "sync"}
        return api_event("POST", "/v2/order", authorizer=_payouts(world), body=ORDER, headers=headers)

    return post("bench-cold"), post("bench-warm")


def _authorizer(world: World) -> Events:
    """Two keys of one account, each never used before: the authorizer notes a key's first use (and then again only
    minutes later), so the same key twice would take a path that depends on when the recording is replayed."""

    def request(label: str) -> dict[str, Any]:
        event: dict[str, Any] = json.loads((EVENTS / "authorizer_request.json").read_text())
        event["headers"] = {"X-Api-Key": world.keys[label]}
        event["multiValueHeaders"] = {"X-Api-Key": [world.keys[label]]}
        return event

    return request("payouts"), request("production")


def function_events(world: World) -> dict[str, Callable[[], Events]]:
    """Function logical id -> its first and warm event, made when asked (in this order: each consumer's messages
    were queued by an earlier step)."""
    payouts, agent, console = _payouts(world), _agent(world), {"claims": CONSOLE_CLAIMS}
    chat = {"productId": PRODUCT, "message": "How many countries do you ship to?"}
    return {
        "AuthorizerFunction": lambda: _authorizer(world),
        "PayoutsAccountFunction": lambda: _same(api_event("GET", "/v2/balance", authorizer=payouts)),
        "PayoutsOrdersFunction": lambda: _order(world),
        "PayoutsProductsFunction": lambda: _same(
            api_event("GET", "/v2/product", authorizer=payouts, query={"countries_redeemable_in": "US", "limit": "5"})
        ),
        "AgentChatFunction": lambda: _same(api_event("POST", "/v1/chat", authorizer=agent, body=chat)),
        "AgentKnowledgeFunction": lambda: _same(api_event("GET", "/v1/knowledge", authorizer=agent)),
        "AgentToolsFunction": lambda: _same(api_event("GET", "/v1/tools", authorizer=agent)),
        "AgentAnalyticsFunction": lambda: _same(api_event("GET", "/v1/analytics", authorizer=agent)),
        "PortalFunction": lambda: _same(api_event("GET", "/v2/openapi.json", authorizer={})),
        "ConsoleKeysFunction": lambda: _same(api_event("GET", "/manage/keys", authorizer=console)),
        "ConsolePayoutsFunction": lambda: _same(api_event("GET", "/manage/balances", authorizer=console)),
        "ConsoleAgentFunction": lambda: _same(
            api_event(
                "GET",
                "/manage/agent/overview",
                authorizer=console,
                query={"product_id": PRODUCT, "environment": "playground"},
            )
        ),
        "IndexingConsumerFunction": lambda: _same(received(world, "IndexingQueue")),
        "OrdersConsumerFunction": lambda: _same(received(world, "OrdersQueue")),
        # After the orders consumer's recording: completing the order queues its webhook, through the outbox.
        "WebhooksConsumerFunction": lambda: _webhook_events(world),
        # The relay's first event: the new async order's INSERT (it queues the order once more: harmless).
        "OutboxRelayFunction": lambda: _same({"Records": world.stream_records["OrdersTable"][:1]}),
        "SweeperFunction": lambda: _same({"source": "aws.scheduler", "detail-type": "Scheduled Event", "detail": {}}),
    }


def _webhook_events(world: World) -> Events:
    relay_outbox(world)
    return _same(received(world, "WebhooksQueue"))


FASTAPI_BODY = {"face_value": 10, "currency": "USD", "product_code": "SKY-US"}


def fastapi_events() -> Events:
    return _same(api_event("POST", "/v2/order/estimate", authorizer={}, body=FASTAPI_BODY))


def failed(result: Any) -> str | None:
    """Why an answer is not the success the benchmark means to time (an error path is cheaper), or None."""
    if not isinstance(result, dict):
        return f"not a Lambda answer: {str(result)[:200]}"
    if "statusCode" in result and int(result["statusCode"]) >= 400:
        return f"HTTP {result['statusCode']}: {str(result.get('body'))[:300]}"
    if result.get("batchItemFailures"):
        return f"failed records: {result['batchItemFailures']}"
    statements = (result.get("policyDocument") or {}).get("Statement") or []
    if any(statement.get("Effect") == "Deny" for statement in statements):
        return f"the authorizer denied: {result.get('context')}"
    return None
