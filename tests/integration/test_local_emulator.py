"""SAM's emulator as the local API drives it, in-process (Flask test client, moto in-process): what a client
sees when the gateway itself answers - refusals, unknown routes, failing and throttled functions, in the template's
shapes. Environments run in this process here (moto is in-process); tests/integration/test_lambda_environments.py
covers the worker processes `make dev` uses.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from devtools.functions import load_handler
from devtools.infra import TEMPLATE_PATH, Infra
from devtools.local_api.emulator import Emulator, GatewayResponses, build_emulator
from devtools.local_api.environments import FunctionSpec, Invocation, LambdaContext, error_document
from devtools.local_api.usage_plans import UsagePlans
from runa.auth import store
from runa.auth.keys import make_key
from runa_ops.admin.limits import assign as assign_plan
from runa_ops.template import load_template

Handler = Callable[[dict[str, Any], Any], Any]


class InProcessEnvironment:
    """An execution environment in this process (the test's moto is in-process): one handler, one call at a time."""

    def __init__(self, spec: FunctionSpec, handler: Handler) -> None:
        self.spec = spec
        self.handler = handler
        self.alive = True

    def invoke(self, event: dict[str, Any], request_id: str) -> Invocation:
        try:
            return Invocation(output=json.dumps(self.handler(event, LambdaContext(self.spec, request_id))))
        except Exception as error:
            return Invocation(error=error_document(error))

    def close(self) -> None:
        self.alive = False


@pytest.fixture
def handlers() -> dict[str, Handler]:
    """Replacement handlers by function logical id; the others are the real ones."""
    return {}


def build(handlers: dict[str, Handler], concurrency: int = 10) -> Emulator:
    def start(spec: FunctionSpec) -> InProcessEnvironment:
        return InProcessEnvironment(spec, handlers.get(spec.logical_id) or load_handler(spec.code_uri, spec.handler))

    template = load_template(TEMPLATE_PATH)
    return build_emulator(TEMPLATE_PATH, template, host="127.0.0.1", port=3000, starter=start, concurrency=concurrency)


@pytest.fixture
def emulator(aws: Infra, handlers: dict[str, Handler]) -> Iterator[Emulator]:
    yield build(handlers)


@pytest.fixture
def client(emulator: Emulator) -> Any:
    return emulator.service._app.test_client()


@pytest.fixture
def key(aws: Infra) -> str:
    new = make_key("playground", "acme")
    store.put_key(new.stored)
    assign_plan("playground#acme", "standard")  # as `runa-admin keys create` does: no plan, no entry
    return new.plaintext


def test_given_a_key_then_ping_passes_the_authorizer_context_to_the_function(client: Any, key: str) -> None:
    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 200
    assert response.get_json() == {"message": "pong"}
    # One id per request: the function's X-Request-Id is API Gateway's request id.
    assert response.headers["X-Request-Id"] == response.headers["x-amzn-RequestId"]


def test_given_an_unknown_route_then_404_not_found_with_a_request_id(client: Any) -> None:
    response = client.get("/v2/nowhere")

    assert response.status_code == 404
    assert response.get_json()["type"] == "not_found"
    assert response.headers["x-amzn-RequestId"]


def test_given_a_revoked_key_then_access_denied_renders_the_authorizers_error(client: Any, key: str) -> None:
    store.revoke_key(key[2:].split(".", 1)[0])

    response = client.get("/v2/ping", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401
    assert response.get_json() == {
        "type": "invalid_api_key",
        "message": "The API key has been revoked.",
        "help": "/docs/errors#invalid_api_key",
    }


def test_given_a_function_that_raises_then_502_internal_server_error(
    handlers: dict[str, Handler], client: Any, key: str
) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("database on fire")

    handlers["PayoutsAccountFunction"] = broken

    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 502
    assert response.get_json()["type"] == "internal_server_error"
    assert "fire" not in response.get_data(as_text=True)  # no internals leak


def test_given_a_function_that_returns_no_proxy_response_then_502_internal_server_error(
    handlers: dict[str, Handler], client: Any, key: str
) -> None:
    handlers["PayoutsAccountFunction"] = lambda event, context: {"unexpected": True}

    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 502
    assert response.get_json()["type"] == "internal_server_error"


def test_given_an_authorizer_that_raises_then_500_internal_server_error(
    handlers: dict[str, Handler], client: Any, key: str
) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("authorizer down")

    handlers["AuthorizerFunction"] = broken

    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 500
    assert response.get_json()["type"] == "internal_server_error"


def test_given_a_function_the_authorizer_context_reaches_it_with_the_principal(
    handlers: dict[str, Handler], client: Any, key: str
) -> None:
    seen: list[dict[str, Any]] = []

    def spy(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        assert context.function_name and context.aws_request_id and context.memory_limit_in_mb == 512
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}

    handlers["PayoutsAccountFunction"] = spy

    assert client.get("/v2/ping", headers={"X-Api-Key": key}).status_code == 200

    authorizer = seen[0]["requestContext"]["authorizer"]
    assert authorizer["accountId"] == "acme"
    assert authorizer["environment"] == "playground"
    assert authorizer["principalId"] == authorizer["keyId"]


def test_given_a_4xx_without_its_own_gateway_response_then_default_4xx_quotes_the_message() -> None:
    gateway = GatewayResponses.from_template(load_template(TEMPLATE_PATH))

    response = gateway.render("BAD_REQUEST_BODY", status=400, message='Invalid "body"')

    assert response.status_code == 400
    assert json.loads(response.get_data()) == {
        "type": "bad_request",
        "message": 'Invalid "body"',
        "help": "/docs/errors#bad_request",
    }


def test_given_an_authorizer_message_with_quotes_then_access_denied_stays_valid_json() -> None:
    gateway = GatewayResponses.from_template(load_template(TEMPLATE_PATH))

    response = gateway.render(
        "ACCESS_DENIED", authorizer={"errorType": "invalid_api_key", "errorMessage": 'Key "x" is revoked.'}
    )

    assert response.status_code == 401
    assert json.loads(response.get_data())["message"] == 'Key "x" is revoked.'


def test_given_every_environment_busy_at_the_limit_then_429_rate_exceeded_and_the_function_never_runs(
    aws: Infra, handlers: dict[str, Handler], key: str
) -> None:
    # Given a ping that holds its environment until released, and a limit of one environment per function
    inside, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow(event: dict[str, Any], context: Any) -> dict[str, Any]:
        calls.append(event["requestContext"]["requestId"])
        inside.set()
        release.wait(10)
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"message": "pong"}'}

    handlers["PayoutsAccountFunction"] = slow
    client = build(handlers, concurrency=1).service._app.test_client()
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(client.get, "/v2/ping", headers={"X-Api-Key": key})
        assert inside.wait(10)

        # When a second request arrives while the only environment is busy
        throttled = client.get("/v2/ping", headers={"X-Api-Key": key})
        release.set()

        # Then API Gateway's THROTTLED answer, and the first request is served normally
        assert throttled.status_code == 429
        assert throttled.get_json() == {"error": "rate exceeded"}
        assert throttled.headers["x-amzn-RequestId"]
        assert first.result(timeout=10).status_code == 200
    assert len(calls) == 1


def test_given_concurrent_requests_then_each_environment_serves_one_at_a_time(
    aws: Infra, handlers: dict[str, Handler], key: str
) -> None:
    # Given a ping that records, per environment, how many requests it serves at once
    lock = threading.Lock()
    active: dict[int, int] = {}
    most: dict[int, int] = {}
    barrier = threading.Barrier(3, timeout=10)

    environments: list[InProcessEnvironment] = []

    def start(spec: FunctionSpec) -> InProcessEnvironment:
        real = handlers.get(spec.logical_id) or load_handler(spec.code_uri, spec.handler)
        environment = InProcessEnvironment(spec, real)
        if spec.logical_id == "PayoutsAccountFunction":
            number = len(environments)
            environments.append(environment)

            def counted(event: dict[str, Any], context: Any) -> Any:
                with lock:
                    active[number] = active.get(number, 0) + 1
                    most[number] = max(most.get(number, 0), active[number])
                barrier.wait()  # three requests inside at once
                with lock:
                    active[number] -= 1
                return {"statusCode": 200, "headers": {}, "body": "{}"}

            environment.handler = counted
        return environment

    template = load_template(TEMPLATE_PATH)
    emulator = build_emulator(TEMPLATE_PATH, template, host="127.0.0.1", port=3000, starter=start, concurrency=3)
    client = emulator.service._app.test_client()

    # When three requests run at once
    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = list(pool.map(lambda _: client.get("/v2/ping", headers={"X-Api-Key": key}).status_code, range(3)))

    # Then three environments started (cold starts), each served exactly one of them at a time
    assert statuses == [200, 200, 200]
    assert len(environments) == 3
    assert most == {0: 1, 1: 1, 2: 1}
    assert emulator.runner.pools["PayoutsAccountFunction"].cold_starts == 3


def test_given_a_body_that_is_not_utf8_then_the_function_gets_it_as_text_with_replacement_characters(
    handlers: dict[str, Handler], client: Any, key: str
) -> None:
    seen: list[dict[str, Any]] = []

    def spy(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        return {"statusCode": 200, "headers": {}, "body": "{}"}

    handlers["PayoutsOrdersFunction"] = spy

    response = client.post(
        "/v2/order/estimate",
        data=b'{"note": "caf\xe9 \xff"}',
        headers={"X-Api-Key": key, "Content-Type": "application/json"},
    )

    # API Gateway decodes a non-binary body as UTF-8 text (no 502): each invalid byte becomes U+FFFD
    assert response.status_code == 200
    assert seen[0]["body"] == '{"note": "caf\ufffd \ufffd"}'
    assert seen[0]["isBase64Encoded"] is False


def test_given_a_body_that_is_not_utf8_then_the_real_function_answers_a_4xx_in_the_error_shape(
    client: Any, key: str
) -> None:
    response = client.post(
        "/v2/order/estimate",
        data=b"\xff\xfe\x00{",
        headers={"X-Api-Key": key, "Content-Type": "application/json"},
    )

    assert 400 <= response.status_code < 500
    assert set(response.get_json()) >= {"type", "message", "help"}


def test_given_a_client_over_its_plans_rate_then_429_rate_exceeded_before_the_function_runs(
    aws: Infra, handlers: dict[str, Handler], key: str
) -> None:
    calls: list[str] = []
    real = load_handler("functions/payouts_account", "app.lambda_handler")

    def counted(event: dict[str, Any], context: Any) -> Any:
        calls.append(event["path"])
        return real(event, context)

    handlers["PayoutsAccountFunction"] = counted
    emulator = build(handlers)
    client = emulator.service._app.test_client()
    # The standard plan from the template, on a clock that stands still: the burst, then nothing refills.
    standard = emulator.service.usage_plans.plans["standard"]
    emulator.service.usage_plans = UsagePlans({"standard": standard}, clock=lambda: 0.0)

    answers = [client.get("/v2/ping", headers={"X-Api-Key": key}) for _ in range(standard.burst + 1)]

    assert [answer.status_code for answer in answers] == [200] * standard.burst + [429]
    refused = answers[-1]
    assert refused.get_json() == {"error": "rate exceeded"}
    assert refused.headers["X-Request-Id"] == refused.headers["x-amzn-RequestId"]
    assert len(calls) == standard.burst  # the refused request never reached the function


def test_given_an_account_without_a_plan_then_403_forbidden_like_api_gateway(client: Any, aws: Infra) -> None:
    new = make_key("playground", "no-plan-co")
    store.put_key(new.stored)

    response = client.get("/v2/ping", headers={"X-Api-Key": new.plaintext})

    assert response.status_code == 403
    assert response.get_json()["type"] == "forbidden"
    assert response.headers["X-Request-Id"]
