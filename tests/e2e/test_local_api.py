"""The local API over HTTP, as a client sees it: the authorizer, the template's gateway responses, every route."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from devtools.infra import TEMPLATE_PATH, sqs_consumers
from runa_ops.template import load_template, resources_of_type
from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

TIMEOUT = 30


def _template_routes() -> list[tuple[str, str]]:
    """(METHOD, path) of every Api event in template.yaml: the one list of routes."""
    routes = []
    for spec in resources_of_type(load_template(TEMPLATE_PATH), "AWS::Serverless::Function").values():
        for event in (spec["Properties"].get("Events") or {}).values():
            if event["Type"] == "Api":
                routes.append((event["Properties"]["Method"].upper(), event["Properties"]["Path"]))
    return sorted(routes)


def _concrete(path: str) -> str:
    # /v2/order/{id} -> /v2/order/e2e-probe: a value the handler can look up (and not find).
    return "/".join("e2e-probe" if part.startswith("{") else part for part in path.split("/"))


def _assert_error_shape(body: Any, error_type: str | None = None) -> None:
    assert isinstance(body, dict)
    assert {"type", "message", "help"} <= set(body), body
    if error_type:
        assert body["type"] == error_type, body


def test_given_a_playground_key_in_x_api_key_when_pinging_then_pong_with_a_request_id(
    local_api: LocalApiProcess,
) -> None:
    response = requests.get(local_api.url("/v2/ping"), headers={"X-Api-Key": local_api.playground_key}, timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.json() == {"message": "pong"}
    assert response.headers.get("X-Request-Id")


def test_given_two_requests_then_each_gets_its_own_request_id(local_api: LocalApiProcess) -> None:
    headers = {"X-Api-Key": local_api.playground_key}

    first = requests.get(local_api.url("/v2/ping"), headers=headers, timeout=TIMEOUT)
    second = requests.get(local_api.url("/v2/ping"), headers=headers, timeout=TIMEOUT)

    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


@pytest.mark.parametrize("which", ["playground", "production"])
def test_given_a_key_as_bearer_token_only_when_pinging_then_pong(local_api: LocalApiProcess, which: str) -> None:
    # Only one of the two headers: the authorizer must still run (no identity sources in the template).
    key = local_api.keys[which]

    response = requests.get(local_api.url("/v2/ping"), headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.json() == {"message": "pong"}


def test_given_no_key_when_pinging_then_401_unauthorized(local_api: LocalApiProcess) -> None:
    response = requests.get(local_api.url("/v2/ping"), timeout=TIMEOUT)

    assert response.status_code == 401
    _assert_error_shape(response.json(), "unauthorized")


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Api-Key": "not-a-key"},
        {"X-Api-Key": "xx0123456789abcdef." + "a" * 43},
        {"Authorization": "Bearer wg0123456789abcdef." + "b" * 43},
    ],
    ids=["malformed", "unknown", "unknown-bearer"],
)
def test_given_a_wrong_key_when_pinging_then_401_invalid_api_key(
    local_api: LocalApiProcess, headers: dict[str, str]
) -> None:
    response = requests.get(local_api.url("/v2/ping"), headers=headers, timeout=TIMEOUT)

    assert response.status_code == 401
    _assert_error_shape(response.json(), "invalid_api_key")


def test_given_a_key_revoked_with_the_admin_tool_when_pinging_then_401_invalid_api_key(
    local_api: LocalApiProcess,
) -> None:
    key = local_api.create_key("playground", "revoked-co")
    headers = {"X-Api-Key": key}
    assert requests.get(local_api.url("/v2/ping"), headers=headers, timeout=TIMEOUT).status_code == 200

    local_api.admin("keys", "revoke", key[2:].split(".", 1)[0])
    response = requests.get(local_api.url("/v2/ping"), headers=headers, timeout=TIMEOUT)

    assert response.status_code == 401
    _assert_error_shape(response.json(), "invalid_api_key")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v2/nothing-here"), ("GET", "/"), ("PUT", "/v2/ping"), ("GET", "/v3/ping")],
)
def test_given_an_unknown_route_then_404_not_found_even_with_a_key(
    local_api: LocalApiProcess, method: str, path: str
) -> None:
    for headers in ({}, {"X-Api-Key": local_api.playground_key}):
        response = requests.request(method, local_api.url(path), headers=headers, timeout=TIMEOUT)

        assert response.status_code == 404
        _assert_error_shape(response.json(), "not_found")


def test_template_declares_routes() -> None:
    # Guards the next test against passing vacuously on an empty list.
    assert ("GET", "/v2/ping") in _template_routes()


@pytest.mark.parametrize(("method", "path"), _template_routes())
def test_given_a_route_from_the_template_when_called_with_a_key_then_a_function_answers(
    local_api: LocalApiProcess, method: str, path: str
) -> None:
    key = local_api.keys.get("agent", local_api.playground_key) if path.startswith("/v1") else local_api.playground_key
    headers = {"X-Api-Key": key, "Authorization": f"Bearer {key}"}
    body: dict[str, Any] | None = {} if method in ("POST", "PUT", "PATCH") else None

    response = requests.request(method, local_api.url(_concrete(path)), headers=headers, json=body, timeout=TIMEOUT)

    # Only our functions add X-Request-Id: the gateway's own answers (no such route, a failed function) lack it.
    assert response.headers.get("X-Request-Id"), (response.status_code, response.text, local_api.log()[-3000:])
    # Every route is implemented: a 5xx here is a broken function.
    assert response.status_code < 500, (response.status_code, response.text)
    if response.content:
        payload = response.json()
        if response.status_code >= 400:
            _assert_error_shape(payload)


def test_given_the_fixture_env_when_listing_keys_with_the_admin_tool_then_the_seeded_keys_are_there(
    local_api: LocalApiProcess,
) -> None:
    listing = local_api.admin("keys", "list", "--account", "acme")

    for key in (local_api.playground_key, local_api.production_key):
        assert key[2:].split(".", 1)[0] in listing
        assert key.split(".", 1)[1] not in listing  # never the secret


def test_given_the_template_queues_then_they_exist_in_the_local_moto_with_their_dlqs(
    local_api: LocalApiProcess,
) -> None:
    sqs = local_api.client("sqs")
    names = {url.rsplit("/", 1)[1] for url in sqs.list_queues().get("QueueUrls", [])}
    template = load_template(TEMPLATE_PATH)

    assert names >= {f"local-{logical}" for logical in resources_of_type(template, "AWS::SQS::Queue")}
    orders = local_api.env["ORDERS_QUEUE_URL"]
    redrive = sqs.get_queue_attributes(QueueUrl=orders, AttributeNames=["RedrivePolicy"])["Attributes"]
    assert "local-OrdersDeadLetterQueue" in redrive["RedrivePolicy"]


def test_given_a_poison_message_on_every_consumer_queue_then_each_ends_in_its_dlq_after_max_receives(
    local_api: LocalApiProcess,
) -> None:
    # The pollers run inside the local API; a body no consumer can parse must fail, be retried and be redriven.
    template = load_template(TEMPLATE_PATH)
    queues = resources_of_type(template, "AWS::SQS::Queue")
    sqs = local_api.client("sqs")
    dlqs = {}
    for consumer in sqs_consumers(template).values():
        queue = consumer["queue"]
        dlq = queues[queue]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        dlqs[queue] = sqs.get_queue_url(QueueName=f"local-{dlq}")["QueueUrl"]
        sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName=f"local-{queue}")["QueueUrl"], MessageBody="{not json")
    assert dlqs, "the template has SQS consumers"

    def depth(url: str) -> int:
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        return int(attributes["Attributes"]["ApproximateNumberOfMessages"])

    assert local_api.eventually(lambda: all(depth(url) >= 1 for url in dlqs.values()), timeout=45)
