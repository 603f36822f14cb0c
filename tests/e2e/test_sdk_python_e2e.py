"""The Python SDK (sdks/python) against the local API over HTTP: what a user of `runa_client` sees."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal
from typing import Any

import httpx
import pytest

import runa_client
from runa_client import AsyncRuna, Runa
from tests.e2e.conftest import LocalApiProcess
from tests.order_bodies import item, order_body

pytestmark = pytest.mark.e2e


class FaultyTransport(httpx.HTTPTransport):
    """Lets each POST /v2/order reach the API, then spoils the first two answers: a 503 in place of the real
    answer, then a connection reset. The order was placed by the first attempt; the SDK cannot know that."""

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method != "POST" or not request.url.path.endswith("/v2/order"):
            return response
        response.read()
        n = len(self.attempts)
        self.attempts.append(
            {
                "at": time.monotonic(),
                "key": request.headers.get("x-idempotency-key"),
                "real": response.status_code,
                "replayed": response.headers.get("x-idempotent-replayed"),
            }
        )
        if n == 0:
            return httpx.Response(503, json={"type": "service_unavailable", "message": "injected"}, request=request)
        if n == 1:
            raise httpx.ConnectError("[Errno 104] Connection reset by peer (injected)", request=request)
        return response


@pytest.fixture(scope="module")
def funded(local_api: LocalApiProcess) -> Runa:
    key = local_api.create_key("production", "sdk-py")
    local_api.top_up("production", "sdk-py", "500.00")
    return Runa(key, base_url=local_api.base_url)


def balance(client: Runa) -> Decimal:
    return Decimal(client.balance.retrieve("USD").balance)


def test_ping_products_across_pages_and_categories(local_api: LocalApiProcess) -> None:
    client = Runa(local_api.playground_key, base_url=local_api.base_url)

    assert client.ping().message == "pong"
    first = client.products.list(limit=7)
    codes = [product.code for product in first]
    pages = list(first.iter_pages())

    assert len(first.data) == 7 and len(pages) >= 3 and len(codes) == len(set(codes)) > 14
    assert codes == [p.code for page in pages for p in page.data]
    assert not pages[-1].has_next_page()
    assert client.products.retrieve("SKY-US").code == "SKY-US"
    assert client.products.categories().categories and "US" in client.products.countries().countries


def test_sync_and_async_orders_debit_once_each(funded: Runa) -> None:
    before = balance(funded)

    done = funded.orders.create(order_body(item(face_value=25)), execution_mode="sync")
    assert isinstance(done, runa_client.payouts.SyncCompletedOrder) and done.status == "COMPLETED"
    accepted = funded.orders.create(order_body(item(face_value=10)))
    assert isinstance(accepted, runa_client.payouts.AsyncAcceptedOrder) and accepted.status == "PROCESSING"
    finished = funded.orders.wait(accepted.id, timeout=60)

    assert finished.status == "COMPLETED"
    assert balance(funded) == before - Decimal(str(done.total_price)) - Decimal("9.40")  # SKY-US: 6% off
    assert {accepted.id, done.id} <= {o.id for o in funded.orders.list(limit=1)}


def test_an_order_retried_through_a_503_and_a_connection_reset_is_placed_once(
    local_api: LocalApiProcess, funded: Runa
) -> None:
    transport = FaultyTransport()
    client = Runa(funded.api_key, base_url=local_api.base_url, http_client=httpx.Client(transport=transport))
    before = balance(funded)
    orders_before = sum(1 for _ in funded.orders.list(limit=100))
    started = time.monotonic()

    order = client.orders.create(order_body(item(face_value=50)), execution_mode="sync")

    elapsed = time.monotonic() - started
    after = balance(funded)
    orders_after = sum(1 for _ in funded.orders.list(limit=100))
    gaps = [round(b["at"] - a["at"], 2) for a, b in zip(transport.attempts, transport.attempts[1:], strict=False)]
    print(
        f"\nretry under fault: {len(transport.attempts)} attempts, real answers "
        f"{[a['real'] for a in transport.attempts]}, replayed {[a['replayed'] for a in transport.attempts]}, "
        f"gaps {gaps}s, {elapsed:.2f}s in all; one key {transport.attempts[0]['key']}; "
        f"balance {before} -> {after}; orders {orders_before} -> {orders_after}"
    )
    assert len(transport.attempts) == 3
    assert len({a["key"] for a in transport.attempts}) == 1
    assert [a["real"] for a in transport.attempts] == [200, 200, 200]
    assert transport.attempts[2]["replayed"] == "true"
    assert order.status == "COMPLETED" and orders_after == orders_before + 1
    assert after == before - Decimal("47.00")  # one debit: 50 less 6%
    assert all(line["ok"] for line in local_api.audit("production", "sdk-py"))


def test_errors_are_typed(local_api: LocalApiProcess, funded: Runa) -> None:
    play = Runa(local_api.playground_key, base_url=local_api.base_url)
    agent = Runa(local_api.keys["agent"], base_url=local_api.base_url)

    with pytest.raises(runa_client.InsufficientFundsError) as e400:
        play.orders.create(order_body(), trigger_error="insufficient_funds")
    with pytest.raises(runa_client.InvalidApiKeyError) as e401:
        Runa("xx0000000000000000.nope", base_url=local_api.base_url).ping()
    with pytest.raises(runa_client.PermissionDeniedError) as e403:
        agent.balance.list()
    with pytest.raises(runa_client.NotFoundError) as e404:
        funded.orders.retrieve("O-unknown")
    with pytest.raises(runa_client.ValidationError) as e422:
        funded.orders.create(order_body(item(face_value=0)))

    for raised, status in [(e400, 400), (e401, 401), (e403, 403), (e404, 404), (e422, 422)]:
        assert raised.value.status_code == status and raised.value.message and raised.value.request_id
    assert e422.value.details and e422.value.details[0]["location"][:2] == ["body", "items"]


def test_chat_sessions_conversations_and_knowledge(local_api: LocalApiProcess) -> None:
    key = local_api.create_key("playground", "sdk-py-agent", "prod_sdkpy")
    client = Runa(key, base_url=local_api.base_url)

    source = client.knowledge.add_text(name="Returns", content="# Returns\nReturns are accepted within 30 days.")
    assert client.knowledge.wait(source.id, timeout=30).status == "ready"
    assert source.id in [s.id for s in client.knowledge.list()]

    session = client.chat.session("prod_sdkpy", session_id="ticket-42")
    first = session.send("How many days do I have for returns?")
    second = session.send("thanks")

    assert "30 days" in first.reply and first.citations and second.session_id == "ticket-42"
    conversation = client.conversations.retrieve("ticket-42")
    assert [m.role for m in conversation.messages][:2] == ["user", "assistant"]
    assert "ticket-42" in [c.id for c in client.conversations.list(limit=1)]
    assert client.analytics.retrieve().conversations >= 1
    assert client.conversations.delete("ticket-42").deleted
    with pytest.raises(runa_client.NotFoundError):
        client.conversations.retrieve("ticket-42")
    assert client.knowledge.delete(source.id)


def test_the_async_client_orders_pages_and_raises_typed_errors(local_api: LocalApiProcess, funded: Runa) -> None:
    async def scenario() -> tuple[str, list[str], int]:
        async with AsyncRuna(funded.api_key, base_url=local_api.base_url) as client:
            order = await client.orders.create_and_wait(order_body(item(face_value=10)), timeout=60)
            codes = [product.code async for product in client.products.list(limit=20)]
            with pytest.raises(runa_client.NotFoundError) as raised:
                await client.orders.retrieve("O-unknown")
            return str(order.status), codes, raised.value.status_code

    status, codes, not_found = asyncio.run(scenario())

    assert status == "COMPLETED" and len(codes) == len(set(codes)) > 20 and not_found == 404


def test_tools_are_registered_listed_and_deleted(local_api: LocalApiProcess) -> None:
    client = Runa(local_api.create_key("playground", "sdk-py-tools", "prod_sdkpytools"), base_url=local_api.base_url)
    tool = {
        "name": "get_revenue",
        "description": "Fetches revenue data for a given period",
        "endpoint": "http://127.0.0.1:9/revenue",
        "method": "GET",
        "parameters": {"type": "object", "properties": {"period": {"type": "string"}}, "required": ["period"]},
    }

    created = client.tools.create(tool)
    with pytest.raises(runa_client.ConflictError):
        client.with_options(max_retries=0).tools.create(tool)  # the name is taken

    assert created.secret and created.id in [t.id for t in client.tools.list().tools]
    assert client.tools.retrieve(created.id).name == "get_revenue"
    assert client.tools.delete(created.id).deleted
    with pytest.raises(runa_client.NotFoundError):
        client.tools.retrieve(created.id)
