"""DynamoDB calls and handler time of the /v2/product operations, against GET /v2/ping (no AWS call) measured in
the same run, in-process against moto. Also the design not taken: scanning the table on every list request.

Run: python -m devtools.bench products
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.fake_aws import use_fake_aws

ROOT = Path(__file__).resolve().parents[2]
RUNS = 60


def main() -> None:
    use_fake_aws("bench", log_level="ERROR", metrics=False)
    import warnings

    from moto import mock_aws

    warnings.filterwarnings("ignore", message="No application metrics to publish")

    with mock_aws():
        _run()


def _run() -> None:
    from devtools.functions import load_handler
    from devtools.infra import create_resources
    from runa.core import aws
    from runa.core.settings import get_settings, reset_settings
    from runa.payouts.data import products as store
    from runa.payouts.models.products import Product
    from runa_ops.admin.catalogue import seed
    from tests.conftest import FakeLambdaContext, api_event

    aws.reset_clients()
    infra = create_resources(prefix="bench")
    os.environ.update(infra.environment({"AgentEngine": "offline"}))
    reset_settings()
    seed()

    calls: list[str] = []
    aws.client("dynamodb").meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(model.name))
    products = load_handler("functions/payouts_products/")
    account = load_handler("functions/payouts_account/")
    context: Any = FakeLambdaContext()
    caller = {"accountId": "acme", "environment": "production", "keyId": "k"}

    def request(handler: Any, path: str, **kwargs: Any) -> Callable[[], None]:
        event = api_event("GET", path, caller=caller, **kwargs)

        def send() -> None:
            response = handler(event, context)
            assert response["statusCode"] == 200, response["body"]

        return send

    def cold(send: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            store.clear_cache()  # a new container, or the 60 s cache expired
            send()

        return run

    def scan_every_time() -> None:
        table = aws.table(get_settings().products_table)
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {}
        while True:
            page = table.scan(**kwargs)
            items += [item for item in page["Items"] if item["pk"].startswith("PRODUCT#")]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        sorted((Product.model_validate_json(item["doc"]) for item in items), key=lambda p: p.code)

    lookup = {"resource": "/v2/product/{product_code}", "path_parameters": {"product_code": "NWB-US"}}
    cases: dict[str, Callable[[], None]] = {
        "GET /v2/ping (baseline)": request(account, "/v2/ping"),
        "GET /v2/product, cache cold": cold(request(products, "/v2/product")),
        "GET /v2/product, cache warm": request(products, "/v2/product"),
        "GET /v2/product?filters&limit=10, warm": request(
            products, "/v2/product", query={"countries_redeemable_in": ["GB"], "limit": ["10"]}
        ),
        "GET /v2/product/{code}": request(products, "/v2/product/NWB-US", **lookup),
        "GET /v2/product/countries, warm": request(products, "/v2/product/countries"),
        "list by Scan per request (not used)": scan_every_time,
    }
    counts: dict[str, dict[str, int]] = {}
    for name, case in cases.items():  # warm-up, and count the calls of one run
        case()
        calls.clear()
        case()
        counts[name] = {op: calls.count(op) for op in sorted(set(calls))}
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, case in cases.items():  # interleaved so drift hits every case alike
            started = time.perf_counter()
            case()
            samples[name].append(time.perf_counter() - started)

    baseline = statistics.median(samples["GET /v2/ping (baseline)"])
    print(
        f"in-process handler time against moto, {RUNS} runs each (interleaved), {len(store.list_products())} products"
    )
    print(f"{'case':<42}{'median ms':>10}{'x ping':>8}  DynamoDB calls")
    for name, values in samples.items():
        median = statistics.median(values)
        described = ", ".join(f"{n} {op}" for op, n in counts[name].items()) or "none"
        print(f"{name:<42}{median * 1000:>10.2f}{median / baseline:>8.1f}  {described}")
    print("fewest possible: list/countries/categories 0 when warm, 1 GetItem when cold; a product 1 GetItem")
