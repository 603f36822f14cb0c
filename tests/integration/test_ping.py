"""GET /v2/ping through the payouts account function, with the sample event from events/."""

from __future__ import annotations

from typing import Any

from devtools.functions import load_handler
from tests.conftest import api_event, load_event, response_json

handler = load_handler("functions/payouts_account/")


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


def test_given_an_oversized_body_then_413_bad_request(aws: Any, lambda_context: Any) -> None:
    response = handler(api_event("GET", "/v2/ping", body="x" * 300_000), lambda_context)
    assert response["statusCode"] == 413
    assert response_json(response)["type"] == "bad_request"
