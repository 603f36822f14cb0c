"""Every /v2 4xx/5xx answers `{type, message, help}` with a documented type; 422 adds `details` with `location`;
bodies that are not JSON, unreadable, or of the wrong type get a 4xx, never a 500."""

from __future__ import annotations

import base64
import inspect
from typing import Annotated, Any

import pytest
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import TypeAdapter

from devtools.functions import load_handler
from runa.core import errors as core_errors
from runa.core.api import build_resolver, http_handler
from runa.core.errors import DomainError
from runa.payouts import errors as payouts_errors
from runa.payouts.models.common import APIErrorResponse, ValidationErrorResponse
from tests.conftest import FakeLambdaContext, api_event, response_json
from tests.contract import conforming
from tests.integration.payouts.conftest import PLAYGROUND_CALLER, PRODUCTION_CALLER

CONTEXT: Any = FakeLambdaContext()
orders = conforming(load_handler("functions/payouts_orders/"))
products = conforming(load_handler("functions/payouts_products/"))

# The error types of the payouts API (field notes, "What the payouts API does that the spec only hints at").
DOCUMENTED = {
    ("bad_request", 400),
    ("insufficient_funds", 400),
    ("currency_mismatch", 400),
    ("product_validation_error", 400),
    ("payment_method_unavailable", 400),
    ("invalid_execution_mode", 400),
    ("idempotency_validation_error", 400),
    ("idempotency_in_progress", 400),
    ("pagination_error", 400),
    ("invalid_version", 400),
    ("unauthorized", 401),
    ("invalid_api_key", 401),
    ("forbidden", 403),
    ("ordering_restricted", 403),
    ("not_found", 404),
    ("timeout", 504),
}
PAYOUTS_ERRORS = [
    cls
    for _, cls in inspect.getmembers(payouts_errors, inspect.isclass)
    if issubclass(cls, DomainError) and cls.__module__ == payouts_errors.__name__
]
ERROR_BODY = TypeAdapter(APIErrorResponse)
VALIDATION_BODY = TypeAdapter(ValidationErrorResponse)


def assert_error_shape(body: Any, error_type: str) -> None:
    assert set(body) == {"type", "message", "help"}, body
    ERROR_BODY.validate_python(body)
    assert body["type"] == error_type
    assert body["message"]
    assert body["help"] == f"/docs/errors#{error_type}"  # DocsBaseUrl: the default, this API's own /docs


def estimate(body: Any, *, content_type: str = "application/json", base64_encoded: bool = False) -> tuple[int, Any]:
    event = api_event(
        "POST", "/v2/order/estimate", caller=PRODUCTION_CALLER, body=body, headers={"Content-Type": content_type}
    )
    event["isBase64Encoded"] = base64_encoded
    response = orders(event, CONTEXT)
    return response["statusCode"], response_json(response)


# --- every documented type maps to its status and shape ---


def test_the_payouts_error_classes_cover_every_documented_type() -> None:
    core = {
        (cls.error_type, cls.status)
        for cls in vars(core_errors).values()
        if isinstance(cls, type) and issubclass(cls, DomainError)
    }
    ours = {(cls.error_type, cls.status) for cls in PAYOUTS_ERRORS}

    assert core | ours >= DOCUMENTED
    assert ours <= DOCUMENTED  # no invented payouts type


@pytest.mark.parametrize("error_class", PAYOUTS_ERRORS, ids=lambda cls: cls.__name__)
def test_given_a_route_raising_a_payouts_error_then_its_status_and_shape(
    aws: Any, error_class: type[DomainError]
) -> None:
    # Given a resolver built like every /v2 function's, with a route that fails with this error
    app = build_resolver()

    @app.get("/v2/fails")
    def fails() -> dict[str, str]:
        raise error_class()

    # When it is called
    response = http_handler(app)(api_event("GET", "/v2/fails", caller=PLAYGROUND_CALLER), CONTEXT)

    # Then the status and body are the documented ones
    assert response["statusCode"] == error_class.status
    assert_error_shape(response_json(response), error_class.error_type)
    assert response["headers"]["X-Request-Id"]


@pytest.mark.parametrize(("query_error_status", "error_type"), [(400, "bad_request"), (422, "validation_error")])
def test_given_a_get_whose_query_fails_validation_then_the_resolvers_status(
    aws: Any, query_error_status: int, error_type: str
) -> None:
    # Given a route with a typed query parameter, on a resolver built like /v2's (400) or /v1's (422)
    app = build_resolver(query_error_status=query_error_status)

    @app.get("/v2/typed")
    def typed(count: Annotated[int, Query()]) -> dict[str, int]:
        return {"count": count}

    # When the parameter is not a number
    event = api_event("GET", "/v2/typed", caller=PLAYGROUND_CALLER, query={"count": ["many"]})
    response = http_handler(app)(event, CONTEXT)

    # Then /v2 answers 400 in the plain error shape naming the parameter (its contract lists no 422 for GETs)
    body = response_json(response)
    assert (response["statusCode"], body["type"]) == (query_error_status, error_type)
    if query_error_status == 400:
        assert set(body) == {"type", "message", "help"}
        assert "'count'" in body["message"]


def test_given_an_unexpected_failure_then_500_without_its_details(aws: Any) -> None:
    app = build_resolver()

    @app.get("/v2/crash")
    def crash() -> dict[str, str]:
        raise RuntimeError("db password is hunter2")

    response = http_handler(app)(api_event("GET", "/v2/crash", caller=PLAYGROUND_CALLER), CONTEXT)

    assert response["statusCode"] == 500
    assert_error_shape(response_json(response), "internal_server_error")
    assert "hunter2" not in response["body"]


# --- through the real /v2 functions ---


def test_given_no_authorizer_context_then_401_unauthorized(aws: Any) -> None:
    event = api_event("GET", "/v2/product/countries")
    event["requestContext"].pop("authorizer")  # as if the function were invoked without the authorizer

    response = products(event, CONTEXT)

    assert response["statusCode"] == 401
    assert_error_shape(response_json(response), "unauthorized")


def test_given_an_unknown_v2_route_then_404_not_found(aws: Any) -> None:
    response = products(api_event("GET", "/v2/products", caller=PRODUCTION_CALLER), CONTEXT)
    assert response["statusCode"] == 404
    assert_error_shape(response_json(response), "not_found")


def test_given_a_body_that_is_not_json_then_400_bad_request(aws: Any) -> None:
    status, body = estimate("{not json")
    assert status == 400
    assert_error_shape(body, "bad_request")


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ([1, 2], ["body"]),
        ('"just a string"', ["body"]),
        ({"payment_method": 5, "items": "x"}, ["body", "items"]),
        (
            {"payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}, "items": [{"face_value": "ten"}]},
            ["body", "items", "0", "face_value"],
        ),
    ],
    ids=["array", "string", "wrong-field-types", "wrong-nested-type"],
)
def test_given_a_body_of_the_wrong_type_then_422_with_details_and_locations(
    aws: Any, body: Any, location: list[str]
) -> None:
    status, answer = estimate(body)

    assert status == 422
    VALIDATION_BODY.validate_python(answer)
    assert answer["type"] == "validation_error"
    assert answer["help"].endswith("#validation_error")
    assert set(answer) == {"type", "message", "help", "details"}
    assert location in [detail["location"] for detail in answer["details"]]
    assert all(set(detail) == {"type", "message", "location"} for detail in answer["details"])
    assert all(isinstance(part, str) for detail in answer["details"] for part in detail["location"])


@pytest.mark.parametrize(
    ("body", "base64_encoded"),
    [
        ("[" * 100_000, False),  # deeper than the JSON parser's recursion limit
        ('{"items": [{"face_value": ' + "9" * 5000 + "}]}", False),  # longer than Python converts to int
        ("!!!not base64", True),
        (base64.b64encode(b"\xff\xfe\x00{").decode(), True),  # not UTF-8
        (b'{"x": "\xff"}'.decode("utf-8", "surrogateescape"), False),  # not UTF-8, decoded leniently upstream
    ],
    ids=["deep-nesting", "huge-integer", "bad-base64", "not-utf8", "not-utf8-as-surrogates"],
)
def test_given_a_body_the_parser_cannot_read_then_400_not_500(aws: Any, body: str, base64_encoded: bool) -> None:
    status, answer = estimate(body, base64_encoded=base64_encoded)
    assert status == 400
    assert_error_shape(answer, "bad_request")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "multipart/form-data", "application/x-www-form-urlencoded", "application/xml"]
)
def test_given_a_body_in_another_media_type_then_400_not_500(aws: Any, content_type: str) -> None:
    # multipart/form-data without a boundary used to escape Powertools' own form parser as a 500.
    status, answer = estimate('{"items": []}', content_type=content_type)
    assert status == 400
    assert_error_shape(answer, "bad_request")
    assert answer["message"] == "Send the request body as application/json."


def test_given_a_bad_cursor_then_400_pagination_error_in_error_shape(catalogue: Any) -> None:
    response = products(
        api_event("GET", "/v2/product", caller=PRODUCTION_CALLER, query={"after": ["garbage"]}), CONTEXT
    )
    assert response["statusCode"] == 400
    assert_error_shape(response_json(response), "pagination_error")
