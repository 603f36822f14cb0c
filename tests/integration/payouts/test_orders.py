"""POST /v2/order, GET /v2/order, GET /v2/order/{id}, POST /v2/order/estimate: answers, business rules, errors."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from runa.payouts.data import orders as order_store
from runa.payouts.logic.pagination import encode_cursor
from tests.conftest import api_event, load_event, response_json
from tests.integration.payouts.orders_support import (
    CONTEXT,
    PLAYGROUND_CALLER,
    PRODUCTION_CALLER,
    PRODUCTION_SCOPE,
    estimate,
    get_balance,
    get_order,
    item,
    ledger_sum,
    list_orders,
    order_body,
    orders_handler,
    post_order,
    top_up,
)

ORDER_ID = re.compile(r"^O-[0-9A-HJKMNP-TV-Z]{26}$")


@pytest.fixture
def funded(catalogue: Any) -> None:
    top_up("100.00", "USD")


def test_given_a_funded_account_when_a_sync_order_then_200_whole_order_and_balance_debited(funded: None) -> None:
    status, body, _ = post_order(order_body(item("SKY-US", 10), description="ref 42", metadata={"team": "ops"}))

    assert status == 200
    assert ORDER_ID.match(body["id"])
    assert body["status"] == "COMPLETED"
    assert body["payment_method"] == {"type": "ACCOUNT_BALANCE", "currency": "USD"}
    # SKY-US has a 6% discount: 10.00 costs 9.40.
    assert (body["currency"], body["total_price"], body["total_discount"]) == ("USD", "9.40", "0.60")
    # No FX happens, and the document's `fx` is optional but not nullable: it is left out, never null.
    assert body["transaction_detail"] == {"USD": {"value": "10.00"}}
    assert (body["description"], body["metadata"]) == ("ref 42", {"team": "ops"})
    (line,) = body["items"]
    assert re.match(r"^E-[0-9A-Z]+$", line["id"])
    assert (line["face_value"], line["price"], line["currency"]) == ("10.00", "9.40", "USD")
    assert line["products"] == {"type": "SINGLE", "value": "SKY-US"}
    assert line["distribution_method"] == {"type": "PAYOUT_LINK"}
    assert line["payout"]["status"] == "ACTIVE"
    assert line["payout"]["url"].startswith("https://payouts.runa.io/")
    assert line["payout"]["expiry_date"]
    assert get_balance("USD") == (200, {"balance": "90.60", "currency": "USD"})
    assert ledger_sum() == Decimal("90.60")
    # GET answers the same order.
    assert get_order(body["id"]) == (200, body)


def test_given_no_description_or_metadata_then_both_are_null(funded: None) -> None:
    _, body, _ = post_order(order_body())
    assert body["description"] is None
    assert body["metadata"] is None


def test_given_an_async_order_then_202_id_and_processing_and_get_says_processing(funded: None) -> None:
    status, body, _ = post_order(order_body(item(), item("HBC-US", 20)), mode=None)

    assert status == 202
    assert body == {"id": body["id"], "status": "PROCESSING"}
    assert get_order(body["id"]) == (
        200,
        {"id": body["id"], "status": "PROCESSING", "message": "The order is being processed."},
    )
    # The money is taken when the order is accepted: 9.40 + 19.40 (HBC-US has 3%).
    assert get_balance("USD")[1]["balance"] == "71.20"


def test_given_multiple_and_email_then_the_smallest_discount_prices_the_item(funded: None) -> None:
    multiple = {"type": "MULTIPLE", "values": ["SKY-US", "HBC-US"]}
    email = {"type": "EMAIL", "email_address": "fred@example.com"}

    status, body, _ = post_order(order_body(item(face_value=20, products=multiple, distribution=email)))

    assert status == 200
    (line,) = body["items"]
    assert line["products"] == multiple
    assert line["distribution_method"] == email
    assert (line["face_value"], line["price"]) == ("20.00", "19.40")


def test_given_a_template_then_its_products_are_listed_on_the_item(funded: None) -> None:
    order_store.put_template(PRODUCTION_SCOPE, "PT-01HPSF51G0ZWHJ3JTNWRH0WDYK", ["SKY-US", "CMN-US"])
    template = {"type": "TEMPLATE", "template_id": "PT-01HPSF51G0ZWHJ3JTNWRH0WDYK"}

    status, body, _ = post_order(order_body(item(face_value=25, products=template)))

    assert status == 200
    assert body["items"][0]["products"] == {**template, "values": ["SKY-US", "CMN-US"]}


def test_given_recipient_distribution_of_a_payment_product_then_200(funded: None) -> None:
    recipient = {"type": "RECIPIENT", "recipient_reference": "emp-7", "email_address": "a@example.com"}
    status, body, _ = post_order(order_body(item("RPV-US", 15, distribution=recipient)))
    assert status == 200
    assert body["items"][0]["distribution_method"] == recipient


@pytest.mark.parametrize(
    ("body", "error_type", "message_part"),
    [
        (order_body(item("SKY-US", 10), currency="EUR"), "currency_mismatch", "EUR"),
        (
            order_body(item(face_value=10, products={"type": "MULTIPLE", "values": ["SKY-US", "SKY-GB"]})),
            "currency_mismatch",
            "same currency",
        ),
        (order_body(item("NOPE-US")), "product_validation_error", "NOPE-US"),
        (order_body(item("CMN-MX", 200), currency="MXN"), "product_validation_error", "cannot be ordered"),
        (order_body(item("SKY-US", 600)), "product_validation_error", "between 5.00 and 500.00"),
        (order_body(item("CMN-US", 15)), "product_validation_error", "fixed denominations"),
        (
            order_body(item(face_value=10.5, products={"type": "MULTIPLE", "values": ["SKY-US", "HBC-US"]})),
            "product_validation_error",
            "whole number",
        ),
        (
            order_body(item(products={"type": "TEMPLATE", "template_id": "PT-UNKNOWN"})),
            "product_validation_error",
            "PT-UNKNOWN",
        ),
        (
            order_body(
                item(distribution={"type": "RECIPIENT", "recipient_reference": "r1", "email_address": "a@b.co"})
            ),
            "product_validation_error",
            "payment products",
        ),
        (order_body(item(), item()), "bad_request", "exactly one item"),
    ],
)
def test_given_an_order_breaking_a_rule_then_400_with_its_type_and_no_money_moves(
    funded: None, body: dict[str, Any], error_type: str, message_part: str
) -> None:
    status, answer, _ = post_order(body)

    assert status == 400
    assert answer["type"] == error_type
    assert message_part in answer["message"]
    assert answer["help"].endswith(error_type)
    assert get_balance("USD")[1]["balance"] == "100.00"
    assert list_orders()[1]["items"] == []


def test_given_a_balance_too_small_then_400_insufficient_funds_and_nothing_changes(catalogue: Any) -> None:
    top_up("5.00", "USD")

    status, body, _ = post_order(order_body(item("SKY-US", 10)))

    assert (status, body["type"]) == (400, "insufficient_funds")
    assert get_balance("USD")[1]["balance"] == "5.00"
    assert list_orders()[1]["items"] == []


def test_given_no_balance_in_the_currency_then_400_payment_method_unavailable(funded: None) -> None:
    status, body, _ = post_order(order_body(item("SKY-GB", 10), currency="GBP"))
    assert (status, body["type"]) == (400, "payment_method_unavailable")


@pytest.mark.parametrize(
    ("body", "location"),
    [
        (order_body(*[item()] * 201), ["body", "items"]),
        (order_body(item(face_value=0)), ["body", "items", "0", "face_value"]),
        (order_body(item(face_value=10.005)), ["body", "items", "0", "face_value"]),
        (order_body(description="x" * 129), ["body", "description"]),
        (order_body(metadata={f"k{i}": "v" for i in range(21)}), ["body", "metadata"]),
        (order_body(metadata={"k" * 41: "v"}), ["body", "metadata"]),
        (order_body(item(distribution={"type": "EMAIL", "email_address": "not-an-email"})), None),
        ({"items": [item()]}, ["body", "payment_method"]),
    ],
)
def test_given_a_body_against_the_schema_then_422_validation_error_with_locations(
    funded: None, body: dict[str, Any], location: list[str] | None
) -> None:
    status, answer, _ = post_order(body, mode="async")

    assert status == 422
    assert answer["type"] == "validation_error"
    assert answer["details"]
    if location is not None:
        assert location in [detail["location"][: len(location)] for detail in answer["details"]]


def test_given_a_body_that_is_not_json_then_400_bad_request(funded: None) -> None:
    status, body, _ = post_order("{not json")
    assert (status, body["type"]) == (400, "bad_request")


def test_given_an_unknown_execution_mode_then_400_invalid_execution_mode(funded: None) -> None:
    status, body, _ = post_order(order_body(), mode="later")
    assert (status, body["type"]) == (400, "invalid_execution_mode")


def test_given_no_idempotency_key_then_400_bad_request(funded: None) -> None:
    status, body, _ = post_order(order_body(), key=None)
    assert (status, body["type"]) == (400, "bad_request")
    assert "X-Idempotency-Key" in body["message"]


def test_given_an_unknown_order_id_then_404_not_found(funded: None) -> None:
    status, body = get_order("O-01H5WQGHKCBB85MQFM68S9KJ5Q")
    assert (status, body["type"]) == (404, "not_found")


def test_given_a_production_order_then_a_playground_key_never_sees_it(funded: None) -> None:
    _, body, _ = post_order(order_body())

    assert get_order(body["id"], caller=PLAYGROUND_CALLER)[0] == 404
    assert list_orders(caller=PLAYGROUND_CALLER)[1]["items"] == []
    other_account = {**PRODUCTION_CALLER, "accountId": "globex"}
    assert get_order(body["id"], caller=other_account)[0] == 404


def test_given_five_orders_when_listed_by_two_then_cursors_walk_forward_and_back(funded: None) -> None:
    ids = [post_order(order_body(), key=f"k{i}")[1]["id"] for i in range(5)]

    status, first = list_orders({"limit": ["2"]})
    assert status == 200
    assert [order["id"] for order in first["items"]] == ids[:2]
    assert first["items"][0]["status"] == "COMPLETED"
    assert "items" not in first["items"][0]  # lists show basic details only
    assert first["pagination"]["page"] == {"limit": 2}
    assert "before" not in first["pagination"]["cursors"]

    _, second = list_orders({"limit": ["2"], "after": [first["pagination"]["cursors"]["after"]]})
    assert [order["id"] for order in second["items"]] == ids[2:4]

    _, third = list_orders({"limit": ["2"], "after": [second["pagination"]["cursors"]["after"]]})
    assert [order["id"] for order in third["items"]] == ids[4:]
    assert "after" not in third["pagination"]["cursors"]

    _, back = list_orders({"limit": ["2"], "before": [third["pagination"]["cursors"]["before"]]})
    assert [order["id"] for order in back["items"]] == ids[2:4]


@pytest.mark.parametrize(
    "query",
    [
        {"after": ["not-a-cursor"]},
        {"limit": ["0"]},
        {"limit": ["501"]},
        {"limit": ["ten"]},
        {"after": ["a"], "before": ["b"]},
    ],
)
def test_given_bad_pagination_then_400_pagination_error(funded: None, query: dict[str, list[str]]) -> None:
    status, body = list_orders(query)
    assert (status, body["type"]) == (400, "pagination_error")


def test_given_an_estimate_then_numbers_priced_like_an_order_and_no_money_moves(funded: None) -> None:
    request = {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "items": [
            {"face_value": 10, "products": {"type": "SINGLE", "value": "SKY-US"}},
            {"face_value": 20, "products": {"type": "MULTIPLE", "values": ["SKY-US", "HBC-US"]}},
        ],
    }

    status, body = estimate(request)

    assert status == 200
    assert body == {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "items": [
            {
                "products": {"type": "SINGLE", "value": "SKY-US"},
                "face_value": 10.0,
                "price": 9.4,
                "discount_multiplier": "0.06",
                "currency": "USD",
            },
            {
                "products": {"type": "MULTIPLE", "values": ["SKY-US", "HBC-US"]},
                "face_value": 20.0,
                "price": 19.4,
                "discount_multiplier": "0.03",
                "currency": "USD",
            },
        ],
        "currency": "USD",
        "total_discount": 1.2,
        "total_price": 28.8,
        "transaction_detail": {"USD": {"value": "30.00"}},
    }
    assert get_balance("USD")[1]["balance"] == "100.00"


def test_given_an_estimate_of_an_unknown_product_or_a_bad_body_then_422_naming_the_item(funded: None) -> None:
    # The estimate's contract lists 422, not 400: a product it cannot price is a validation error of that item.
    base = {"payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}}
    known = {"face_value": 10, "products": {"type": "SINGLE", "value": "SKY-US"}}
    unknown = {"face_value": 10, "products": {"type": "SINGLE", "value": "NOPE"}}

    status, body = estimate({**base, "items": [known, unknown]})

    assert (status, body["type"]) == (422, "validation_error")
    assert body["details"] == [
        {
            "type": "product_validation_error",
            "message": "There is no product with the code 'NOPE'.",
            "location": ["body", "items", "1"],
        }
    ]
    status, body = estimate({**base, "items": []})
    assert (status, body["type"]) == (422, "validation_error")
    status, body = estimate({"payment_method": {"type": "ACCOUNT_BALANCE", "currency": "EUR"}, "items": [known]})
    assert (status, body["details"][0]["type"]) == (422, "currency_mismatch")


def test_given_the_exact_body_of_an_order_when_estimated_then_priced_and_the_order_costs_that(funded: None) -> None:
    # Given the body a client is about to order: order-only fields (distribution, usage_config, description) included
    order = order_body(
        item("SKY-US", 10, distribution={"type": "EMAIL", "email_address": "fred@example.com"}),
        description="ref 7",
        metadata={"team": "ops"},
    )
    order["items"][0]["products"]["usage_config"] = {"spend_rules_template_id": "PSR-" + "0" * 26}

    # When it is estimated, then ordered
    status, priced = estimate(order)
    order_status, placed, _ = post_order(order)

    # Then the estimate ignores the extra fields, echoes only the priced shape, and the order costs that much
    assert status == 200
    assert priced["items"][0]["products"] == {"type": "SINGLE", "value": "SKY-US"}
    assert order_status == 200
    assert placed["total_price"] == f"{priced['total_price']:.2f}" == "9.40"
    assert get_balance("USD")[1]["balance"] == "90.60"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_given_a_null_spend_rules_template_then_the_order_is_taken_as_without_one(funded: None, mode: str) -> None:
    # Given usage_config with a null template id (optional, not nullable: read as "not given", never a 500)
    body = order_body(item("SKY-US", 10, products={"type": "SINGLE", "value": "SKY-US", "usage_config": {}}))
    body["items"][0]["products"]["usage_config"] = {"spend_rules_template_id": None}

    # When ordered
    status, answer, _ = post_order(body, key=f"null-psr-{mode}", mode=mode)

    # Then it is accepted, and a malformed template id is a 422
    assert status == (200 if mode == "sync" else 202)
    body["items"][0]["products"]["usage_config"] = {"spend_rules_template_id": "nope"}
    status, answer, _ = post_order(body, key=f"bad-psr-{mode}", mode=mode)
    assert (status, answer["type"]) == (422, "validation_error")


def test_given_an_order_request_without_the_authorizer_then_401(aws: Any) -> None:
    event = api_event("GET", "/v2/order")
    event["requestContext"].pop("authorizer")

    response = orders_handler(event, CONTEXT)

    assert response["statusCode"] == 401
    assert response_json(response)["type"] == "unauthorized"


def test_given_an_unknown_api_version_then_400_invalid_version_and_the_documented_one_works(funded: None) -> None:
    assert post_order(order_body(), headers={"X-Api-Version": "2024-02-05"})[0] == 200
    status, body, _ = post_order(order_body(), key="v", headers={"X-Api-Version": "1999-01-01"})
    assert (status, body["type"]) == (400, "invalid_version")


@pytest.mark.parametrize(
    ("body", "status", "error_type"),
    [
        (order_body(item("X" * 3000)), 400, "product_validation_error"),
        (
            order_body(item(products={"type": "TEMPLATE", "template_id": "PT-" + "A" * 2000})),
            400,
            "product_validation_error",
        ),
        (order_body(item(face_value=1e308)), 422, "validation_error"),
        (
            '{"payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}, "items": [{"face_value": Infinity, '
            '"distribution_method": {"type": "PAYOUT_LINK"}, "products": {"type": "SINGLE", "value": "SKY-US"}}]}',
            422,
            "validation_error",
        ),
    ],
)
def test_given_oversized_or_absurd_values_then_a_4xx_never_a_500(
    funded: None, body: Any, status: int, error_type: str
) -> None:
    answer = post_order(body)
    assert (answer[0], answer[1]["type"]) == (status, error_type)


def test_given_an_oversized_order_id_or_cursor_then_404_and_400_not_500(funded: None) -> None:
    assert get_order("O-" + "A" * 3000)[0] == 404
    cursor = encode_cursor("orders", "O-" + "A" * 3000)
    status, body = list_orders({"after": [cursor]})
    assert (status, body["type"]) == (400, "pagination_error")


@pytest.mark.parametrize(
    ("code", "face_value", "price"),
    [("ATL-US", 10.55, 9.71), ("ATL-US", 5.05, 4.65), ("SRK-GB", 7.77, 7.77), ("MCL-DE", 12.35, 11.12)],
)
def test_given_a_discount_then_the_price_is_rounded_half_up_to_cents(
    funded: None, code: str, face_value: float, price: float
) -> None:
    currency = {"ATL-US": "USD", "SRK-GB": "GBP", "MCL-DE": "EUR"}[code]
    request = {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": currency},
        "items": [{"face_value": face_value, "products": {"type": "SINGLE", "value": code}}],
    }
    assert estimate(request)[1]["total_price"] == price


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("v2_order_create.json", 200),
        ("v2_order_create_async.json", 202),
        ("v2_order_list.json", 200),
        ("v2_order_estimate.json", 200),
        ("v2_order_get.json", 404),
    ],
)
def test_given_the_sample_events_then_the_orders_function_answers(funded: None, name: str, status: int) -> None:
    top_up("100.00", "USD")
    assert orders_handler(load_event(name), CONTEXT)["statusCode"] == status
