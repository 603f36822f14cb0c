"""SAM's emulator as the local API drives it, in-process (Flask test client, moto in-process): what a client
sees when the gateway itself answers - refusals, unknown routes and failing functions, in the template's shapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from devtools.infra import TEMPLATE_PATH, Infra
from devtools.local_api.emulator import Emulator, GatewayResponses, build_emulator
from runa.auth import store
from runa.auth.keys import make_key
from runa_ops.template import load_template


@pytest.fixture
def emulator(aws: Infra) -> Iterator[Emulator]:
    yield build_emulator(TEMPLATE_PATH, load_template(TEMPLATE_PATH), host="127.0.0.1", port=3000)


@pytest.fixture
def client(emulator: Emulator) -> Any:
    return emulator.service._app.test_client()


@pytest.fixture
def key(aws: Infra) -> str:
    new = make_key("playground", "acme")
    store.put_key(new.stored)
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
        "help": "https://docs.runa.io/errors#invalid_api_key",
    }


def test_given_a_function_that_raises_then_502_internal_server_error(emulator: Emulator, client: Any, key: str) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("database on fire")

    emulator.runner._handlers["PayoutsAccountFunction"] = broken

    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 502
    assert response.get_json()["type"] == "internal_server_error"
    assert "fire" not in response.get_data(as_text=True)  # no internals leak


def test_given_a_function_that_returns_no_proxy_response_then_502_internal_server_error(
    emulator: Emulator, client: Any, key: str
) -> None:
    emulator.runner._handlers["PayoutsAccountFunction"] = lambda event, context: {"unexpected": True}

    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 502
    assert response.get_json()["type"] == "internal_server_error"


def test_given_an_authorizer_that_raises_then_500_internal_server_error(
    emulator: Emulator, client: Any, key: str
) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("authorizer down")

    emulator.runner._handlers["AuthorizerFunction"] = broken

    response = client.get("/v2/ping", headers={"X-Api-Key": key})

    assert response.status_code == 500
    assert response.get_json()["type"] == "internal_server_error"


def test_given_a_function_the_authorizer_context_reaches_it_with_the_principal(
    emulator: Emulator, client: Any, key: str
) -> None:
    seen: list[dict[str, Any]] = []

    def spy(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        assert context.function_name and context.aws_request_id and context.memory_limit_in_mb == 512
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}

    emulator.runner._handlers["PayoutsAccountFunction"] = spy

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
        "help": "https://docs.runa.io/errors#bad_request",
    }


def test_given_an_authorizer_message_with_quotes_then_access_denied_stays_valid_json() -> None:
    gateway = GatewayResponses.from_template(load_template(TEMPLATE_PATH))

    response = gateway.render(
        "ACCESS_DENIED", authorizer={"errorType": "invalid_api_key", "errorMessage": 'Key "x" is revoked.'}
    )

    assert response.status_code == 401
    assert json.loads(response.get_data())["message"] == 'Key "x" is revoked.'
