"""The SDK's behaviour on a mocked transport (httpx.MockTransport): retries and the idempotency key they reuse,
Retry-After, backoff, errors by type, pagination that stops, key and base URL resolution, the async client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import runa_client
from runa_client import AsyncRuna, Runa
from runa_client._base import retry_delay

KEY = "xx0123456789abcdef.secret"
ORDER = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [
        {
            "face_value": 25,
            "distribution_method": {"type": "PAYOUT_LINK"},
            "products": {"type": "SINGLE", "value": "SKY-US"},
        }
    ],
}
ACCEPTED = {"id": "O-1", "status": "PROCESSING"}
Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, **options: Any) -> tuple[Runa, list[float]]:
    sleeps: list[float] = []
    sdk = Runa(
        KEY, base_url="http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(handler)), **options
    )
    sdk._sleep = sleeps.append
    return sdk, sleeps


def scripted(*answers: httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler, seen


def error(status: int, type_: str, **extra: Any) -> httpx.Response:
    body = {"type": type_, "message": f"{type_} happened", "help": "https://docs.runa.io/errors", **extra}
    return httpx.Response(status, json=body, headers={"X-Request-Id": "req-123", **extra.pop("headers", {})})


def test_retries_of_an_order_send_one_generated_idempotency_key() -> None:
    handler, seen = scripted(
        httpx.Response(503, json={"type": "service_unavailable", "message": "down"}),
        httpx.ConnectError("connection reset by peer"),
        httpx.Response(202, json=ACCEPTED),
    )
    sdk, sleeps = client(handler)

    order = sdk.orders.create(ORDER)

    assert order.id == "O-1" and len(seen) == 3 and len(sleeps) == 2
    keys = {request.headers["x-idempotency-key"] for request in seen}
    assert len(keys) == 1 and keys.pop().startswith("runa-python-")
    assert all(json.loads(request.content) == ORDER for request in seen)
    assert seen[0].headers["x-api-key"] == KEY and seen[0].headers["x-api-version"] == "2024-02-05"


def test_a_given_idempotency_key_is_sent_on_every_attempt_and_each_call_gets_its_own_otherwise() -> None:
    handler, seen = scripted(
        httpx.Response(500, json={}), httpx.Response(202, json=ACCEPTED), httpx.Response(202, json=ACCEPTED)
    )
    sdk, _ = client(handler)

    sdk.orders.create(ORDER, idempotency_key="mine-1", execution_mode="async")
    sdk.orders.create(ORDER)

    assert [r.headers["x-idempotency-key"] for r in seen[:2]] == ["mine-1", "mine-1"]
    assert seen[2].headers["x-idempotency-key"] != "mine-1"
    assert seen[0].headers["x-execution-mode"] == "async"


def test_retry_after_and_retry_after_ms_are_honoured() -> None:
    handler, _ = scripted(
        httpx.Response(429, json={"error": "rate exceeded"}, headers={"Retry-After": "3"}),
        httpx.Response(503, json={}, headers={"retry-after-ms": "1500"}),
        httpx.Response(200, json={"message": "pong"}),
    )
    sdk, sleeps = client(handler)

    assert sdk.ping().message == "pong"
    assert sleeps == [3.0, 1.5]


def test_without_retry_after_the_backoff_is_exponential_with_jitter_and_a_long_retry_after_is_ignored() -> None:
    delays = [retry_delay(n, None) for n in range(6)]
    assert 0.375 <= delays[0] <= 0.5 and 0.75 <= delays[1] <= 1.0 and 1.5 <= delays[2] <= 2.0
    assert all(6.0 <= d <= 8.0 for d in delays[4:])
    assert retry_delay(0, {"retry-after": "3600"}) <= 0.5  # over 60 s: not waited for
    assert retry_delay(0, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) <= 0.5  # in the past


def test_retries_stop_after_max_retries_and_raise_the_last_error() -> None:
    handler, seen = scripted(*[error(500, "internal_server_error") for _ in range(4)])
    sdk, sleeps = client(handler)

    with pytest.raises(runa_client.InternalServerError) as raised:
        sdk.ping()

    assert len(seen) == 3 and len(sleeps) == 2  # default: 2 retries
    assert raised.value.status_code == 500 and raised.value.request_id == "req-123"

    handler, seen = scripted(error(503, "service_unavailable"))
    with pytest.raises(runa_client.ServiceUnavailableError):
        client(handler, max_retries=0)[0].ping()
    assert len(seen) == 1


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(status: int) -> None:
    handler, seen = scripted(httpx.Response(status, json={}), httpx.Response(200, json={"message": "pong"}))
    client(handler)[0].ping()
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("status", "type_", "cls"),
    [
        (400, "insufficient_funds", runa_client.InsufficientFundsError),
        (400, "idempotency_validation_error", runa_client.IdempotencyError),
        (400, "bad_request", runa_client.BadRequestError),
        (401, "unauthorized", runa_client.AuthenticationError),
        (401, "invalid_api_key", runa_client.InvalidApiKeyError),
        (403, "forbidden", runa_client.PermissionDeniedError),
        (404, "not_found", runa_client.NotFoundError),
        (413, "bad_request", runa_client.BadRequestError),
        (422, "validation_error", runa_client.ValidationError),
    ],
)
def test_errors_are_raised_as_their_class_with_status_message_help_and_request_id(
    status: int, type_: str, cls: type[runa_client.APIStatusError]
) -> None:
    details = [{"type": "missing", "message": "Field required", "location": ["body", "items"]}]
    handler, seen = scripted(error(status, type_, details=details))

    with pytest.raises(cls) as raised:
        client(handler)[0].orders.create(ORDER)

    assert len(seen) == 1  # 4xx other than 408/409/429: never retried
    err = raised.value
    assert (err.status_code, err.type, err.message) == (status, type_, f"{type_} happened")
    assert err.help == "https://docs.runa.io/errors" and err.request_id == "req-123" and err.details == details
    assert "req-123" in str(err)


def test_gateway_throttling_is_a_rate_limit_error() -> None:
    handler, _ = scripted(*[httpx.Response(429, json={"error": "rate exceeded"}) for _ in range(3)])
    with pytest.raises(runa_client.RateLimitError) as raised:
        client(handler)[0].ping()
    assert raised.value.message == "rate exceeded"


def test_a_connection_error_and_a_timeout_are_retried_then_raised() -> None:
    handler, seen = scripted(*[httpx.ConnectError("refused") for _ in range(3)])
    with pytest.raises(runa_client.APIConnectionError):
        client(handler)[0].ping()
    assert len(seen) == 3

    handler, seen = scripted(httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"))
    with pytest.raises(runa_client.APITimeoutError):
        client(handler, max_retries=1)[0].ping()
    assert len(seen) == 2


def test_the_timeout_reaches_the_transport() -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json={"message": "pong"})

    sdk, _ = client(handler, timeout=2.5)
    sdk.ping()
    sdk.with_options(timeout=7).ping()
    assert seen[0]["read"] == 2.5 and seen[1]["read"] == 7


def product(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": code,
        "currency": "USD",
        "state": "LIVE",
        "is_orderable": True,
        "payout_type": "gift_card",
        "categories": [],
        "countries_redeemable_in": ["US"],
        "customer_service": {},
        "discount_multiplier": "0.05",
    }


def products_page(codes: list[str], after: str | None) -> httpx.Response:
    cursors = {"after": after} if after else {}
    return httpx.Response(
        200, json={"catalog": [product(c) for c in codes], "pagination": {"cursors": cursors, "page": {"limit": 2}}}
    )


def test_iterating_products_follows_the_cursors_and_stops_on_the_last_page() -> None:
    handler, seen = scripted(
        products_page(["A", "B"], "c1"), products_page(["C", "D"], "c2"), products_page(["E"], None)
    )
    sdk, _ = client(handler)

    page = sdk.products.list(limit=2, countries_redeemable_in=["US"])
    assert [p.code for p in page.data] == ["A", "B"] and page.has_next_page()
    codes = [p.code for p in page]

    assert codes == ["A", "B", "C", "D", "E"] and len(seen) == 3
    assert [r.url.params.get("after") for r in seen] == [None, "c1", "c2"]
    assert all(r.url.params["limit"] == "2" and r.url.params["countries_redeemable_in"] == "US" for r in seen)


def test_an_empty_page_ends_the_iteration_even_with_a_cursor() -> None:
    handler, seen = scripted(products_page([], "c1"))
    assert list(client(handler)[0].products.list()) == [] and len(seen) == 1


def conversations_page(ids: list[str], cursor: str | None) -> httpx.Response:
    items = [{"id": i, "startedAt": "2026-01-01T00:00:00Z", "messageCount": 2} for i in ids]
    return httpx.Response(200, json={"conversations": items, "total": 3, "nextCursor": cursor})


def test_conversations_follow_next_cursor_with_a_bearer_key() -> None:
    handler, seen = scripted(conversations_page(["s1", "s2"], "n1"), conversations_page(["s3"], None))
    ids = [c.id for c in client(handler)[0].conversations.list(limit=2)]
    assert ids == ["s1", "s2", "s3"] and len(seen) == 2
    assert seen[1].url.params["cursor"] == "n1" and seen[0].headers["authorization"] == f"Bearer {KEY}"
    assert "x-api-key" not in seen[0].headers


def test_the_key_comes_from_the_environment_and_the_base_url_from_its_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNA_BASE_URL", raising=False)
    monkeypatch.setenv("RUNA_API_KEY", "wg0123456789abcdef.secret")
    assert Runa().base_url == "https://api.runa.io"
    assert Runa("xx0123456789abcdef.secret").base_url == "https://playground.runa.io"
    assert Runa(base_url="http://127.0.0.1:3000/").base_url == "http://127.0.0.1:3000"
    monkeypatch.setenv("RUNA_BASE_URL", "http://127.0.0.1:3000")
    assert Runa().base_url == "http://127.0.0.1:3000"
    monkeypatch.delenv("RUNA_API_KEY")
    with pytest.raises(runa_client.RunaError, match="RUNA_API_KEY"):
        Runa()
    monkeypatch.delenv("RUNA_BASE_URL")
    with pytest.raises(runa_client.RunaError, match="xx"):
        Runa("sk_other")


def test_wait_polls_until_the_order_is_finished() -> None:
    handler, seen = scripted(
        httpx.Response(202, json=ACCEPTED),
        httpx.Response(200, json={"id": "O-1", "status": "PROCESSING", "message": "on its way"}),
        httpx.Response(200, json={"id": "O-1", "status": "FAILED", "message": "product pulled"}),
    )
    sdk, sleeps = client(handler)
    order = sdk.orders.create_and_wait(ORDER)
    assert order.status == "FAILED" and len(seen) == 3 and seen[0].headers["x-execution-mode"] == "async"
    assert sleeps == [0.5]


def test_the_async_client_retries_with_one_key_and_pages_with_async_for() -> None:
    handler, seen = scripted(
        httpx.ConnectError("reset"),
        httpx.Response(503, json={}, headers={"retry-after": "0"}),
        httpx.Response(202, json=ACCEPTED),
        products_page(["A"], "c1"),
        products_page(["B"], None),
        products_page(["A"], "c1"),
    )

    async def scenario() -> tuple[str, list[str], list[str]]:
        sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        transport = httpx.MockTransport(handler)
        async with AsyncRuna(
            KEY, base_url="http://api.test", http_client=httpx.AsyncClient(transport=transport)
        ) as sdk:
            sdk._sleep = sleep
            order = await sdk.orders.create(ORDER)
            codes = [p.code async for p in sdk.products.list(limit=1)]
            first = await sdk.products.list(limit=1)
        assert sleeps[1] == 0.0
        return order.id, codes, [p.code for p in first.data]

    order_id, codes, first = asyncio.run(scenario())
    assert order_id == "O-1" and codes == ["A", "B"] and first == ["A"]
    assert len({r.headers["x-idempotency-key"] for r in seen[:3]}) == 1
