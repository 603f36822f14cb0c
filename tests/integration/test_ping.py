"""GET /v2/ping through the payouts account function, with the sample event from events/."""

from __future__ import annotations

from typing import Any

from devtools.functions import load_handler
from tests.conftest import api_event, load_event, response_json
from tests.contract import conforming

handler = conforming(load_handler("functions/payouts_account/"))
CALLER = {"accountId": "acme", "environment": "playground", "keyId": "k"}


def test_given_the_sample_event_when_ping_then_pong_and_request_id_header(aws: Any, lambda_context: Any) -> None:
    event = load_event("v2_ping.json")

    response = handler(event, lambda_context)

    assert response["statusCode"] == 200
    assert response_json(response) == {"message": "pong"}
    assert response["headers"]["X-Request-Id"] == event["requestContext"]["requestId"]


def test_given_an_unknown_route_then_404_not_found_in_error_shape(aws: Any, lambda_context: Any) -> None:
    response = handler(api_event("GET", "/v2/nope", caller={"accountId": "acme"}), lambda_context)
    assert response["statusCode"] == 404
    body = response_json(response)
    assert body["type"] == "not_found"
    assert set(body) == {"type", "message", "help"}


def test_given_an_oversized_body_then_413_bad_request_where_bodies_are_read(aws: Any, lambda_context: Any) -> None:
    big = "x" * 300_000
    orders = conforming(load_handler("functions/payouts_orders/"))

    refused = orders(api_event("POST", "/v2/order/estimate", caller=CALLER, body=big), lambda_context)
    ignored = handler(api_event("GET", "/v2/ping", caller=CALLER, body=big), lambda_context)

    assert refused["statusCode"] == 413
    assert response_json(refused)["type"] == "bad_request"
    # A GET's body is never read, so its size does not matter.
    assert (ignored["statusCode"], response_json(ignored)) == (200, {"message": "pong"})
