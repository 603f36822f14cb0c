"""The errors the API reference lists per operation are what the local API answers: for a sample of (operation,
status, type), the served document lists the type under that status for that operation, and the request that
provokes it gets exactly that status and `type` over HTTP. (tests/integration/test_openapi_documents.py checks
every listed type is on the errors page.)"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess
from tests.order_bodies import item, order_body

pytestmark = pytest.mark.e2e

ORDER = order_body(item(face_value=25))
EUR_ORDER = order_body(item(face_value=25), currency="EUR")
TOOL = {
    "name": "internal_lookup",
    "description": "Looks something up",
    "endpoint": "https://user:secret@tools.example.com/lookup",  # credentials in the URL: refused before any lookup
    "method": "GET",
    "parameters": {"type": "object", "properties": {}},
}
BAD_KEY = "xx" + "0" * 16 + "." + "A" * 43


@dataclass(frozen=True)
class Case:
    """One request that provokes `error_type` with `status` on the documented operation `method template`."""

    method: str
    template: str  # as the document spells it: "/order/{id}" (/v2, prefix stripped), "/v1/tools/{tool_id}"
    path: str
    status: int
    error_type: str
    key: str = "own"  # "own": the API's key; "none"; "bad"; "other": the other API's key
    json: Any = None
    data: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _idempotent(**headers: str) -> dict[str, str]:
    return {"X-Idempotency-Key": str(uuid.uuid4()), **headers}


V2 = [
    Case("get", "/balance", "/v2/balance", 401, "unauthorized", key="none"),
    Case("get", "/balance", "/v2/balance", 401, "invalid_api_key", key="bad"),
    Case("get", "/balance", "/v2/balance", 403, "forbidden", key="other"),
    Case("get", "/balance", "/v2/balance?currency=usd", 400, "bad_request"),
    Case("get", "/ping", "/v2/ping", 400, "invalid_version", headers={"X-Api-Version": "1999-01-01"}),
    Case("get", "/order", "/v2/order?limit=0", 400, "pagination_error"),
    Case("get", "/order/{id}", "/v2/order/O-01H5WQGHKCBB85MQFM68S9KJ5Q", 404, "not_found"),
    Case("post", "/order", "/v2/order", 422, "validation_error", json={"items": []}, headers=_idempotent()),
    Case("post", "/order", "/v2/order", 400, "bad_request", data="{not json", headers=_idempotent()),
    Case("post", "/order", "/v2/order", 400, "currency_mismatch", json=EUR_ORDER, headers=_idempotent()),
    Case(
        "post",
        "/order",
        "/v2/order",
        400,
        "invalid_execution_mode",
        json=ORDER,
        headers=_idempotent(**{"X-Execution-Mode": "later"}),
    ),
    Case(
        "post",
        "/order",
        "/v2/order",
        400,
        "insufficient_funds",
        json=ORDER,
        headers=_idempotent(**{"X-Trigger-Error": "insufficient_funds"}),
    ),
    Case("post", "/order/estimate", "/v2/order/estimate", 422, "validation_error", json={"items": "none"}),
    Case("get", "/product", "/v2/product?is_orderable=maybe", 400, "bad_request"),
    Case("get", "/product/{product_code}", "/v2/product/NOPE-XX", 404, "not_found"),
]
V1 = [
    Case("get", "/v1/tools", "/v1/tools", 401, "unauthorized", key="none"),
    Case("get", "/v1/tools", "/v1/tools", 403, "forbidden", key="other"),
    Case("get", "/v1/analytics", "/v1/analytics", 401, "invalid_api_key", key="bad"),
    Case("get", "/v1/tools/{tool_id}", "/v1/tools/tool_missing", 404, "not_found"),
    Case("delete", "/v1/tools/{tool_id}", "/v1/tools/tool_missing", 404, "not_found"),
    Case("post", "/v1/tools", "/v1/tools", 400, "unsafe_url", json=TOOL),
    Case("post", "/v1/chat", "/v1/chat", 422, "validation_error", json={"productId": "prod_demo"}),
    Case("post", "/v1/chat", "/v1/chat", 400, "bad_request", data="{not json"),
    Case("get", "/v1/conversations", "/v1/conversations?cursor=garbage", 400, "pagination_error"),
    Case("delete", "/v1/conversations/{conversation_id}", "/v1/conversations/sess_missing", 404, "not_found"),
    Case("get", "/v1/knowledge", "/v1/knowledge?limit=0", 422, "validation_error"),
    Case("post", "/v1/knowledge/{source_id}/refresh", "/v1/knowledge/ks_missing/refresh", 404, "not_found"),
    Case("get", "/v1/analytics", "/v1/analytics?from=2026-02-01&to=2026-01-01", 400, "bad_request"),
]


def _listed(document: dict[str, Any], method: str, template: str) -> dict[str, set[str]]:
    """{status: types} the reference shows for the operation (the examples of each error answer)."""
    responses = document["paths"].get(template, {}).get(method, {}).get("responses", {})
    return {
        status: set(answer.get("content", {}).get("application/json", {}).get("examples", {}))
        for status, answer in responses.items()
    }


def _check(local_api: LocalApiProcess, document: dict[str, Any], keys: dict[str, str | None], case: Case) -> str | None:
    where = f"{case.method.upper()} {case.path} ({case.key} key)"
    if case.error_type not in _listed(document, case.method, case.template).get(str(case.status), set()):
        return f"{where}: the reference does not list {case.status} {case.error_type} for {case.template}"
    headers = dict(case.headers)
    key = keys[case.key]
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    if case.data is not None:
        headers["Content-Type"] = "application/json"
    response = requests.request(
        case.method.upper(), local_api.url(case.path), headers=headers, json=case.json, data=case.data, timeout=60
    )
    body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
    answered = (response.status_code, body.get("type"))
    if answered != (case.status, case.error_type):
        return f"{where}: expected {case.status} {case.error_type}, got {answered[0]} {response.text[:200]}"
    if not re.search(rf"/errors#{case.error_type}$", str(body.get("help"))):
        return f"{where}: help {body.get('help')!r} is not the type's entry on the errors page"
    return None


@pytest.mark.parametrize("version", ["v2", "v1"])
def test_the_errors_the_reference_lists_are_the_ones_the_api_answers(local_api: LocalApiProcess, version: str) -> None:
    document = requests.get(local_api.url(f"/{version}/openapi.json"), timeout=30).json()
    payouts, agent = local_api.playground_key, local_api.keys["agent"]
    own, other = (payouts, agent) if version == "v2" else (agent, payouts)
    keys: dict[str, str | None] = {"own": own, "other": other, "none": None, "bad": BAD_KEY}
    cases = V2 if version == "v2" else V1

    failures = [problem for case in cases if (problem := _check(local_api, document, keys, case)) is not None]

    assert failures == []
    # The sample spans the generic answers and each API's own types.
    assert len({(case.status, case.error_type) for case in cases}) >= 8


def test_reusing_an_idempotency_key_with_another_body_is_the_listed_400(local_api: LocalApiProcess) -> None:
    # The contract's idempotency conflict: 400 idempotency_validation_error (not 409), listed on POST /order.
    document = requests.get(local_api.url("/v2/openapi.json"), timeout=30).json()
    assert "idempotency_validation_error" in _listed(document, "post", "/order")["400"]
    headers = {"X-Api-Key": local_api.playground_key, "X-Idempotency-Key": str(uuid.uuid4())}
    other_body = {**ORDER, "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}, "description": "other"}

    first = requests.post(local_api.url("/v2/order"), headers=headers, json=ORDER, timeout=60)
    second = requests.post(local_api.url("/v2/order"), headers=headers, json=other_body, timeout=60)

    assert first.status_code == 202, first.text
    assert (second.status_code, second.json()["type"]) == (400, "idempotency_validation_error"), second.text
