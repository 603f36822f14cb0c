"""The catalogue through the real local API (SAM's API Gateway emulator, the authorizer, moto server): the routes of
template.yaml, repeated query parameters as API Gateway delivers them, and the deploy-time seeding command."""

from __future__ import annotations

import json

import pytest
import requests

from runa_ops.admin.catalogue import SEED_FILE
from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e
TIMEOUT = 15
SEED = [entry["product"] for entry in json.loads(SEED_FILE.read_text())["products"]]


def _get(api: LocalApiProcess, path: str, key: str, **params: object) -> requests.Response:
    return requests.get(api.url(path), headers={"X-Api-Key": key}, params=params, timeout=TIMEOUT)  # type: ignore[arg-type]


def test_given_the_local_api_then_the_seeded_catalogue_is_listed(local_api: LocalApiProcess) -> None:
    response = _get(local_api, "/v2/product", local_api.playground_key)

    assert response.status_code == 200, response.text
    assert [p["code"] for p in response.json()["catalog"]] == sorted(p["code"] for p in SEED)


def test_given_repeated_query_parameters_through_the_gateway_then_any_of_them_matches(
    local_api: LocalApiProcess,
) -> None:
    response = _get(local_api, "/v2/product", local_api.production_key, countries_redeemable_in=["JP", "SE"])

    assert response.status_code == 200, response.text
    expected = sorted(p["code"] for p in SEED if {"JP", "SE"} & set(p["countries_redeemable_in"]))
    assert [p["code"] for p in response.json()["catalog"]] == expected


def test_literal_routes_win_over_the_product_code_route(local_api: LocalApiProcess) -> None:
    countries = _get(local_api, "/v2/product/countries", local_api.playground_key)
    categories = _get(local_api, "/v2/product/categories", local_api.playground_key)
    product = _get(local_api, "/v2/product/NWB-US", local_api.playground_key, content="html")

    assert countries.status_code == categories.status_code == product.status_code == 200
    assert "US" in countries.json()["countries"]
    assert {"code": "travel"} in categories.json()["categories"]
    assert product.json()["gift_card"]["content_resources"]["description_html"].startswith("<p>")


def test_the_seed_command_is_idempotent_against_the_running_api(local_api: LocalApiProcess) -> None:
    first = json.loads(local_api.admin("catalogue", "seed").splitlines()[-1])
    second = json.loads(local_api.admin("catalogue", "seed").splitlines()[-1])

    assert first == second == {"version": first["version"], "products": len(SEED), "removed": []}
    assert _get(local_api, "/v2/product/NWB-US", local_api.production_key).status_code == 200
