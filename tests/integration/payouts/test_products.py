"""GET /v2/product, /v2/product/{product_code}, /v2/product/countries, /v2/product/categories."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devtools.functions import load_handler
from runa.payouts.data.products import clear_cache
from runa.payouts.logic.pagination import encode_cursor
from runa_ops.admin.__main__ import main as admin_main
from runa_ops.admin.catalogue import SEED_FILE, seed
from tests.conftest import FakeLambdaContext, api_event, load_event, response_json
from tests.contract import conforming
from tests.integration.payouts.conftest import PLAYGROUND_CALLER, PRODUCTION_CALLER

handler = conforming(load_handler("functions/payouts_products/"))
CONTEXT = FakeLambdaContext()
SEED = [entry["product"] for entry in json.loads(SEED_FILE.read_text())["products"]]
ALL_CODES = sorted(product["code"] for product in SEED)


def call(
    path: str,
    query: dict[str, list[str]] | None = None,
    caller: dict[str, str] = PRODUCTION_CALLER,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
) -> tuple[int, Any]:
    event = api_event("GET", path, caller=caller, query=query, resource=resource, path_parameters=path_parameters)
    response = handler(event, CONTEXT)
    return response["statusCode"], response_json(response)


def get_product(code: str, **query: str) -> tuple[int, Any]:
    return call(
        f"/v2/product/{code}",
        {key: [value] for key, value in query.items()} or None,
        resource="/v2/product/{product_code}",
        path_parameters={"product_code": code},
    )


def walk(query: dict[str, list[str]], direction: str = "after") -> list[list[str]]:
    """Follow the cursors from the first page to the end; returns the codes of each page."""
    pages: list[list[str]] = []
    status, body = call("/v2/product", query)
    while True:
        assert status == 200, body
        pages.append([product["code"] for product in body["catalog"]])
        cursor = body["pagination"]["cursors"].get(direction)
        if cursor is None:
            return pages
        status, body = call("/v2/product", {**query, direction: [cursor]})


# --- the seed itself ---


def test_the_seed_catalogue_is_big_and_varied_enough() -> None:
    def has(predicate: Any) -> bool:
        return any(predicate(p) for p in SEED)

    assert len(SEED) >= 40
    assert len({p["currency"] for p in SEED}) >= 6
    assert len({c for p in SEED for c in p["countries_redeemable_in"]}) >= 10
    assert has(lambda p: p["gift_card"]["denominations"]["type"] == "open" if "gift_card" in p else False)
    assert has(lambda p: p["gift_card"]["denominations"]["type"] == "fixed" if "gift_card" in p else False)
    assert {p["payout_type"] for p in SEED} >= {"gift_card", "payment"}
    assert {p["state"] for p in SEED} >= {"LIVE", "TEMPORARILY_DISABLED"}
    assert has(lambda p: not p["is_orderable"]) and has(lambda p: p["is_orderable"])
    assert has(lambda p: p["discount_multiplier"] != "0.00")
    assert len({c for p in SEED for c in p["categories"]}) >= 10


def test_given_the_seed_ran_twice_then_the_table_equals_the_file(catalogue: Any) -> None:
    again = seed()

    assert again == {"version": catalogue["version"], "products": len(SEED), "removed": []}
    status, body = call("/v2/product")
    assert status == 200
    assert [p["code"] for p in body["catalog"]] == ALL_CODES


# --- list ---


def test_given_the_catalogue_when_listing_without_filters_then_every_product_in_code_order(catalogue: Any) -> None:
    status, body = call("/v2/product")

    assert status == 200
    assert [p["code"] for p in body["catalog"]] == ALL_CODES
    assert body["pagination"] == {"cursors": {}, "page": {"limit": 500}}
    first = next(p for p in SEED if p["code"] == ALL_CODES[0])
    assert body["catalog"][0] == first


def test_given_a_playground_key_then_the_same_static_catalogue(catalogue: Any) -> None:
    _, production = call("/v2/product", caller=PRODUCTION_CALLER)
    _, playground = call("/v2/product", caller=PLAYGROUND_CALLER)
    assert playground == production


def test_when_filtering_is_orderable_then_only_those(catalogue: Any) -> None:
    _, orderable = call("/v2/product", {"is_orderable": ["true"]})
    _, blocked = call("/v2/product", {"is_orderable": ["false"]})

    assert {p["code"] for p in orderable["catalog"]} == {p["code"] for p in SEED if p["is_orderable"]}
    assert {p["code"] for p in blocked["catalog"]} == {p["code"] for p in SEED if not p["is_orderable"]}
    assert blocked["catalog"] and all(p["state"] != "LIVE" or p["code"] == "STJ-GB" for p in blocked["catalog"])


def test_when_filtering_by_repeated_countries_then_products_redeemable_in_any_of_them(catalogue: Any) -> None:
    status, body = call("/v2/product", {"countries_redeemable_in": ["JP", "SE"]})

    assert status == 200
    expected = {p["code"] for p in SEED if {"JP", "SE"} & set(p["countries_redeemable_in"])}
    assert {p["code"] for p in body["catalog"]} == expected
    assert len(expected) >= 3


def test_when_filtering_by_categories_and_orderable_then_both_apply(catalogue: Any) -> None:
    query = {"categories": ["travel", "jewellers"], "is_orderable": ["true"]}

    _, body = call("/v2/product", query)

    expected = {p["code"] for p in SEED if p["is_orderable"] and {"travel", "jewellers"} & set(p["categories"])}
    assert {p["code"] for p in body["catalog"]} == expected
    assert expected and "STJ-GB" not in expected  # the jeweller is not orderable


def test_when_a_filter_matches_nothing_then_an_empty_page(catalogue: Any) -> None:
    status, body = call("/v2/product", {"countries_redeemable_in": ["ZZ"]})
    assert status == 200
    assert body == {"catalog": [], "pagination": {"cursors": {}, "page": {"limit": 500}}}


def test_given_a_not_boolean_is_orderable_then_400_bad_request(catalogue: Any) -> None:
    status, body = call("/v2/product", {"is_orderable": ["maybe"]})
    assert status == 400
    assert body["type"] == "bad_request"
    assert set(body) == {"type", "message", "help"}


# --- pagination ---


def test_when_paging_forward_then_every_product_exactly_once(catalogue: Any) -> None:
    pages = walk({"limit": ["7"]})

    assert [code for page in pages for code in page] == ALL_CODES
    assert all(len(page) == 7 for page in pages[:-1])
    assert len(pages) == -(-len(ALL_CODES) // 7)


def test_when_paging_back_from_the_last_page_then_the_same_pages_in_reverse(catalogue: Any) -> None:
    forward = walk({"limit": ["10"]})
    _, first = call("/v2/product", {"limit": ["10"]})
    assert "before" not in first["pagination"]["cursors"]
    # Walk to the last page, then follow `before` back to the start.
    query = {"limit": ["10"]}
    body = first
    while "after" in body["pagination"]["cursors"]:
        _, body = call("/v2/product", {**query, "after": [body["pagination"]["cursors"]["after"]]})
    assert "after" not in body["pagination"]["cursors"]
    backward = [[p["code"] for p in body["catalog"]]]
    while "before" in body["pagination"]["cursors"]:
        _, body = call("/v2/product", {**query, "before": [body["pagination"]["cursors"]["before"]]})
        backward.append([p["code"] for p in body["catalog"]])

    assert backward[::-1] == forward


def test_pagination_respects_filters(catalogue: Any) -> None:
    query = {"limit": ["3"], "countries_redeemable_in": ["GB"]}
    pages = walk(query)
    assert [c for page in pages for c in page] == sorted(
        p["code"] for p in SEED if "GB" in p["countries_redeemable_in"]
    )


@pytest.mark.parametrize(
    "query",
    [
        {"after": ["not-a-cursor"]},
        {"before": ["%%%"]},
        {"after": [encode_cursor("order", "O-01")]},  # another list's cursor
        {"after": [encode_cursor("product", "A")], "before": [encode_cursor("product", "Z")]},
        {"limit": ["0"]},
        {"limit": ["501"]},
        {"limit": ["ten"]},
    ],
)
def test_given_a_bad_cursor_or_limit_then_400_pagination_error(catalogue: Any, query: dict[str, list[str]]) -> None:
    status, body = call("/v2/product", query)

    assert status == 400
    assert body["type"] == "pagination_error"
    assert body["help"].endswith("pagination_error")


# --- single product ---


def test_when_getting_a_product_then_it_is_the_catalogue_entry(catalogue: Any) -> None:
    expected = next(p for p in SEED if p["code"] == "NWB-US")

    status, body = get_product("NWB-US")

    assert status == 200
    assert body == expected
    assert body["gift_card"]["denominations"]["available_list"] == ["10.00", "25.00", "50.00", "100.00"]


def test_when_getting_a_product_as_markdown_or_html_then_content_in_that_form(catalogue: Any) -> None:
    _, markdown = get_product("NWB-US", content="md")
    _, html = get_product("NWB-US", content="html")

    md = markdown["gift_card"]["content_resources"]
    assert md["description_md"].startswith("**Northwind Books**")
    assert md["reissuance_policy_md"] is None
    assert md["locale"] == "en_US"
    assert html["gift_card"]["content_resources"]["description_html"].startswith("<p><strong>Northwind Books")
    assert "<ol><li>" in html["gift_card"]["content_resources"]["redemption_instructions_html"]


def test_when_getting_a_payment_product_then_payment_details_and_no_gift_card(catalogue: Any) -> None:
    status, body = get_product("RPV-US")

    assert status == 200
    assert body["payout_type"] == "payment"
    assert "gift_card" not in body
    assert set(body["payment"]["denominations"]) == {"minimum_value", "maximum_value"}


def test_given_a_bad_content_format_then_400(catalogue: Any) -> None:
    status, body = get_product("NWB-US", content="pdf")
    assert status == 400
    assert body["type"] == "bad_request"


def test_given_an_unknown_product_then_404_not_found(catalogue: Any) -> None:
    status, body = get_product("NOPE-XX")

    assert status == 404
    assert body["type"] == "not_found"
    assert set(body) == {"type", "message", "help"}


def test_given_no_catalogue_seeded_then_lists_are_empty_not_errors(aws: Any) -> None:
    clear_cache()
    status, body = call("/v2/product")
    assert status == 200
    assert body["catalog"] == []


# --- countries and categories (literal routes beat /v2/product/{product_code}) ---


def test_when_listing_countries_then_the_sorted_union_of_redeemable_countries(catalogue: Any) -> None:
    status, body = call("/v2/product/countries")

    assert status == 200
    assert body == {"countries": sorted({c for p in SEED for c in p["countries_redeemable_in"]})}


def test_when_listing_categories_then_codes_of_every_category(catalogue: Any) -> None:
    status, body = call("/v2/product/categories")

    assert status == 200
    assert body == {"categories": [{"code": c} for c in sorted({c for p in SEED for c in p["categories"]})]}


def test_the_sample_events_answer(catalogue: Any) -> None:
    for name in (
        "v2_product_list.json",
        "v2_product_get.json",
        "v2_product_countries.json",
        "v2_product_categories.json",
    ):
        response = handler(load_event(name), CONTEXT)
        assert response["statusCode"] == 200, (name, response["body"])


# --- X-Api-Version ---


def _with_version(version: str) -> tuple[int, Any]:
    event = api_event("GET", "/v2/product/categories", caller=PRODUCTION_CALLER, headers={"X-Api-Version": version})
    response = handler(event, CONTEXT)
    return response["statusCode"], response_json(response)


def test_given_the_documented_api_version_then_200(catalogue: Any) -> None:
    status, _ = _with_version("2024-02-05")
    assert status == 200


def test_given_an_unknown_api_version_then_400_invalid_version(catalogue: Any) -> None:
    status, body = _with_version("2019-01-01")
    assert status == 400
    assert body["type"] == "invalid_version"
    assert set(body) == {"type", "message", "help"}


# --- the deploy-time seeding command ---


def test_given_a_stale_product_when_the_seed_command_runs_then_the_table_equals_the_file(
    aws: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a catalogue seeded from a file with one extra product
    data = json.loads(SEED_FILE.read_text())
    extra = json.loads(json.dumps(data["products"][0]))
    extra["product"]["code"] = "OLD-US"
    stale_file = tmp_path / "stale.json"
    stale_file.write_text(json.dumps({**data, "products": [*data["products"], extra]}))
    assert admin_main(["catalogue", "seed", "--file", str(stale_file)]) == 0
    clear_cache()
    assert get_product("OLD-US")[0] == 200

    # When the operator seeds the bundled file
    exit_code = admin_main(["catalogue", "seed"])

    # Then the stale product is gone and every bundled one is listed
    assert exit_code == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["removed"] == ["OLD-US"]
    clear_cache()
    assert get_product("OLD-US")[0] == 404
    assert [p["code"] for p in call("/v2/product")[1]["catalog"]] == ALL_CODES
