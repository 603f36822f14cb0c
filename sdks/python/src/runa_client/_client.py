"""`Runa` (sync) and `AsyncRuna` (asyncio): one client for both APIs, resources named after the documents' tags."""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping
from typing import Any

import httpx

from . import _operations as ops
from ._base import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncCore,
    AsyncPage,
    AsyncPaginator,
    RequestOptions,
    SyncCore,
    SyncPage,
    _Lister,
)
from ._errors import RunaError
from ._generated.agent.models import (
    Analytics,
    ChatResponse,
    Conversation,
    ConversationList,
    ConversationSummary,
    Deleted,
    Source,
    SourceDeleted,
    SourceList,
    ToolCreated,
    ToolList,
    ToolOut,
)
from ._generated.payouts.models import (
    AsyncAcceptedOrder,
    Balance,
    CategoryList,
    CompletedOrderWithBasicDetails,
    CompletedOrderWithFullDetails,
    CountryList,
    IncompleteOrder,
    OrderList,
    OrderPriceResponse,
    Pong,
    Product,
    ProductList,
    SyncCompletedOrder,
)
from ._operations import ExecutionMode

PRODUCTS: _Lister[ProductList, Product] = _Lister(ops.op_products, ops.products_of, ops.next_products)
ORDERS: _Lister[OrderList, CompletedOrderWithBasicDetails | IncompleteOrder] = _Lister(
    ops.op_orders, ops.orders_of, ops.next_orders
)
CONVERSATIONS: _Lister[ConversationList, ConversationSummary] = _Lister(
    ops.op_conversations, ops.conversations_of, ops.next_cursor
)
SOURCES: _Lister[SourceList, Source] = _Lister(ops.op_knowledge_sources, ops.sources_of, ops.next_cursor)
FINISHED = ("COMPLETED", "FAILED")
AnyOrder = CompletedOrderWithFullDetails | IncompleteOrder


class OrderWaitTimeout(RunaError):
    """`orders.wait`: the order was still PROCESSING when the wait ran out; `order` is the last state read."""

    def __init__(self, order: AnyOrder, waited: float) -> None:
        super().__init__(f"order {order.id} still {order.status} after {waited:.1f}s")
        self.order = order


def _status(order: Any) -> str:
    status = order.status
    return str(getattr(status, "value", status))


def _clean(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


# ---------------------------------------------------------------------------------------------------- sync


class _Resource:
    def __init__(self, client: Runa) -> None:
        self._c = client


class Balances(_Resource):
    def retrieve(self, currency: str) -> Balance:
        """One currency's balance (payouts, production keys)."""
        result = self._c._request(ops.op_balance(currency))
        return result if isinstance(result, Balance) else result[0]

    def list(self) -> list[Balance]:
        """Every balance above zero."""
        result = self._c._request(ops.op_balance(None))
        return [result] if isinstance(result, Balance) else list(result)


class Products(_Resource):
    def list(
        self,
        *,
        limit: int | None = None,
        countries_redeemable_in: list[str] | None = None,
        categories: list[str] | None = None,
        is_orderable: bool | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> SyncPage[ProductList, Product]:
        """A page of the catalogue; iterate it for every product, the following pages fetched as needed."""
        params = _clean(locals() | {"self": None})
        return SyncPage(self._c, PRODUCTS, params, None)

    def retrieve(self, product_code: str, *, content: str | None = None) -> Product:
        return self._c._request(ops.op_product(product_code, content))

    def categories(self) -> CategoryList:
        return self._c._request(ops.op_categories())

    def countries(self) -> CountryList:
        return self._c._request(ops.op_countries())


class Orders(_Resource):
    def create(
        self,
        order: Any,
        *,
        execution_mode: ExecutionMode | None = None,
        idempotency_key: str | None = None,
        send_email: bool | None = None,
        trigger_error: str | None = None,
    ) -> SyncCompletedOrder | AsyncAcceptedOrder:
        """Place an order (`NewOrderDetails` or the same as a dict). `execution_mode="sync"` answers the whole
        COMPLETED order; async (the API's default) answers `{id, status: PROCESSING}`: see `wait`. Without an
        `idempotency_key` one is generated; retries of this call all send the same one, so at most one order is
        placed whatever the network does."""
        op = ops.op_create_order(
            order,
            execution_mode=execution_mode,
            idempotency_key=idempotency_key,
            send_email=send_email,
            trigger_error=trigger_error,
        )
        return self._c._request(op)

    def retrieve(self, order_id: str) -> AnyOrder:
        return self._c._request(ops.op_order(order_id))

    def list(
        self, *, limit: int | None = None, after: str | None = None, before: str | None = None
    ) -> SyncPage[OrderList, CompletedOrderWithBasicDetails | IncompleteOrder]:
        """Your orders, oldest first; iterate for all of them."""
        return SyncPage(self._c, ORDERS, _clean({"limit": limit, "after": after, "before": before}), None)

    def estimate(self, order: Any) -> OrderPriceResponse:
        return self._c._request(ops.op_estimate(order))

    def wait(self, order_id: str, *, timeout: float = 120.0, poll_interval: float = 0.5) -> AnyOrder:
        """Poll an order until it is COMPLETED or FAILED and return it; `OrderWaitTimeout` after `timeout` s."""
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        while True:
            order = self.retrieve(order_id)
            if _status(order) in FINISHED:
                return order
            if time.monotonic() + poll_interval > deadline:
                raise OrderWaitTimeout(order, time.monotonic() - started)
            self._c._sleep(poll_interval)
            poll_interval = min(poll_interval * 1.5, 5.0)

    def create_and_wait(
        self,
        order: Any,
        *,
        idempotency_key: str | None = None,
        timeout: float = 120.0,
        poll_interval: float = 0.5,
    ) -> AnyOrder:
        """Place an async order and wait until it is finished."""
        accepted = self.create(order, execution_mode="async", idempotency_key=idempotency_key)
        return self.wait(accepted.id, timeout=timeout, poll_interval=poll_interval)


class ChatSession:
    """A conversation: each `send` continues it (the first names it, unless you chose its id)."""

    def __init__(self, chat: Chat, product_id: str, session_id: str | None) -> None:
        self._chat, self.product_id, self.session_id = chat, product_id, session_id

    def send(self, message: str) -> ChatResponse:
        response = self._chat.send(product_id=self.product_id, message=message, session_id=self.session_id)
        self.session_id = response.session_id
        return response


class Chat(_Resource):
    def send(self, *, product_id: str, message: str, session_id: str | None = None) -> ChatResponse:
        """One turn. Without `session_id` it starts a conversation (the answer's `session_id` names it); with one it
        continues that conversation, or starts one with exactly that id."""
        return self._c._request(ops.op_chat(product_id=product_id, message=message, session_id=session_id))

    def session(self, product_id: str, session_id: str | None = None) -> ChatSession:
        return ChatSession(self, product_id, session_id)


class Conversations(_Resource):
    def list(self, *, limit: int | None = None) -> SyncPage[ConversationList, ConversationSummary]:
        """Newest first; iterate for all of them."""
        return SyncPage(self._c, CONVERSATIONS, _clean({"limit": limit}), None)

    def retrieve(self, conversation_id: str, *, limit: int | None = None, cursor: str | None = None) -> Conversation:
        """One page of a conversation's messages (`next_cursor` while more follow)."""
        return self._c._request(ops.op_conversation(conversation_id, limit=limit, cursor=cursor))

    def delete(self, conversation_id: str) -> Deleted:
        return self._c._request(ops.op_delete_conversation(conversation_id))


class Tools(_Resource):
    def create(self, tool: Any) -> ToolCreated:
        """Register an HTTP tool (`ToolCreate` or a dict); the answer's `secret` is shown this once."""
        return self._c._request(ops.op_register_tool(tool))

    def list(self) -> ToolList:
        return self._c._request(ops.op_tools())

    def retrieve(self, tool_id: str) -> ToolOut:
        return self._c._request(ops.op_tool(tool_id))

    def delete(self, tool_id: str) -> Deleted:
        return self._c._request(ops.op_delete_tool(tool_id))


class Knowledge(_Resource):
    def create(self, source: Any) -> Source:
        """Add a source (`CreateTextSource`, `CreateUrlSource` or a dict); it is indexed asynchronously."""
        return self._c._request(ops.op_add_knowledge(source))

    def add_text(self, *, name: str, content: str) -> Source:
        return self.create({"type": "text", "name": name, "content": content})

    def add_url(self, *, url: str, name: str | None = None) -> Source:
        return self.create(_clean({"type": "url", "url": url, "name": name}))

    def list(self, *, limit: int | None = None) -> SyncPage[SourceList, Source]:
        return SyncPage(self._c, SOURCES, _clean({"limit": limit}), None)

    def retrieve(self, source_id: str) -> Source:
        return self._c._request(ops.op_knowledge_source(source_id))

    def delete(self, source_id: str) -> SourceDeleted:
        return self._c._request(ops.op_delete_knowledge_source(source_id))

    def refresh(self, source_id: str) -> Source:
        return self._c._request(ops.op_refresh_knowledge_source(source_id))

    def wait(self, source_id: str, *, timeout: float = 60.0, poll_interval: float = 0.5) -> Source:
        """Poll a source until it is no longer `indexing` (ready or failed) and return it."""
        deadline = time.monotonic() + timeout
        while True:
            source = self.retrieve(source_id)
            if _status(source) != "indexing" or time.monotonic() + poll_interval > deadline:
                return source
            self._c._sleep(poll_interval)


class AnalyticsResource(_Resource):
    def retrieve(self, *, from_: datetime.date | None = None, to: datetime.date | None = None) -> Analytics:
        return self._c._request(ops.op_analytics(from_=from_, to=to))


class Runa(SyncCore):
    """The Runa API, synchronously.

    `Runa()` reads the key from RUNA_API_KEY; the base URL follows the key (`xx...` playground, `wg...` production)
    unless `base_url` (or RUNA_BASE_URL) says otherwise, e.g. `http://127.0.0.1:3000` for the local API.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._setup(api_key, base_url, timeout, max_retries, default_headers)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client()
        self.balance = Balances(self)
        self.products = Products(self)
        self.orders = Orders(self)
        self.chat = Chat(self)
        self.conversations = Conversations(self)
        self.tools = Tools(self)
        self.knowledge = Knowledge(self)
        self.analytics = AnalyticsResource(self)

    def ping(self) -> Pong:
        return self._request(ops.op_ping())

    def with_options(self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None) -> Runa:
        """A copy with other defaults, sharing this client's connections: `client.with_options(max_retries=5)`."""
        return Runa(
            self.api_key,
            base_url=self.base_url,
            timeout=self.timeout if timeout is None else timeout,
            max_retries=self.max_retries if max_retries is None else max_retries,
            default_headers=self.default_headers,
            http_client=self._http,
        )

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Runa:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------------- async


class _AsyncResource:
    def __init__(self, client: AsyncRuna) -> None:
        self._c = client


class AsyncBalances(_AsyncResource):
    async def retrieve(self, currency: str) -> Balance:
        result = await self._c._request(ops.op_balance(currency))
        return result if isinstance(result, Balance) else result[0]

    async def list(self) -> list[Balance]:
        result = await self._c._request(ops.op_balance(None))
        return [result] if isinstance(result, Balance) else list(result)


class AsyncProducts(_AsyncResource):
    def list(
        self,
        *,
        limit: int | None = None,
        countries_redeemable_in: list[str] | None = None,
        categories: list[str] | None = None,
        is_orderable: bool | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> AsyncPaginator[ProductList, Product]:
        params = _clean(locals() | {"self": None})
        return AsyncPaginator(self._c, PRODUCTS, params, None)

    async def retrieve(self, product_code: str, *, content: str | None = None) -> Product:
        return await self._c._request(ops.op_product(product_code, content))

    async def categories(self) -> CategoryList:
        return await self._c._request(ops.op_categories())

    async def countries(self) -> CountryList:
        return await self._c._request(ops.op_countries())


class AsyncOrders(_AsyncResource):
    async def create(
        self,
        order: Any,
        *,
        execution_mode: ExecutionMode | None = None,
        idempotency_key: str | None = None,
        send_email: bool | None = None,
        trigger_error: str | None = None,
    ) -> SyncCompletedOrder | AsyncAcceptedOrder:
        op = ops.op_create_order(
            order,
            execution_mode=execution_mode,
            idempotency_key=idempotency_key,
            send_email=send_email,
            trigger_error=trigger_error,
        )
        return await self._c._request(op)

    async def retrieve(self, order_id: str) -> AnyOrder:
        return await self._c._request(ops.op_order(order_id))

    def list(
        self, *, limit: int | None = None, after: str | None = None, before: str | None = None
    ) -> AsyncPaginator[OrderList, CompletedOrderWithBasicDetails | IncompleteOrder]:
        return AsyncPaginator(self._c, ORDERS, _clean({"limit": limit, "after": after, "before": before}), None)

    async def estimate(self, order: Any) -> OrderPriceResponse:
        return await self._c._request(ops.op_estimate(order))

    async def wait(self, order_id: str, *, timeout: float = 120.0, poll_interval: float = 0.5) -> AnyOrder:
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        while True:
            order = await self.retrieve(order_id)
            if _status(order) in FINISHED:
                return order
            if time.monotonic() + poll_interval > deadline:
                raise OrderWaitTimeout(order, time.monotonic() - started)
            await self._c._sleep(poll_interval)
            poll_interval = min(poll_interval * 1.5, 5.0)

    async def create_and_wait(
        self,
        order: Any,
        *,
        idempotency_key: str | None = None,
        timeout: float = 120.0,
        poll_interval: float = 0.5,
    ) -> AnyOrder:
        accepted = await self.create(order, execution_mode="async", idempotency_key=idempotency_key)
        return await self.wait(accepted.id, timeout=timeout, poll_interval=poll_interval)


class AsyncChatSession:
    def __init__(self, chat: AsyncChat, product_id: str, session_id: str | None) -> None:
        self._chat, self.product_id, self.session_id = chat, product_id, session_id

    async def send(self, message: str) -> ChatResponse:
        response = await self._chat.send(product_id=self.product_id, message=message, session_id=self.session_id)
        self.session_id = response.session_id
        return response


class AsyncChat(_AsyncResource):
    async def send(self, *, product_id: str, message: str, session_id: str | None = None) -> ChatResponse:
        return await self._c._request(ops.op_chat(product_id=product_id, message=message, session_id=session_id))

    def session(self, product_id: str, session_id: str | None = None) -> AsyncChatSession:
        return AsyncChatSession(self, product_id, session_id)


class AsyncConversations(_AsyncResource):
    def list(self, *, limit: int | None = None) -> AsyncPaginator[ConversationList, ConversationSummary]:
        return AsyncPaginator(self._c, CONVERSATIONS, _clean({"limit": limit}), None)

    async def retrieve(
        self, conversation_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Conversation:
        return await self._c._request(ops.op_conversation(conversation_id, limit=limit, cursor=cursor))

    async def delete(self, conversation_id: str) -> Deleted:
        return await self._c._request(ops.op_delete_conversation(conversation_id))


class AsyncTools(_AsyncResource):
    async def create(self, tool: Any) -> ToolCreated:
        return await self._c._request(ops.op_register_tool(tool))

    async def list(self) -> ToolList:
        return await self._c._request(ops.op_tools())

    async def retrieve(self, tool_id: str) -> ToolOut:
        return await self._c._request(ops.op_tool(tool_id))

    async def delete(self, tool_id: str) -> Deleted:
        return await self._c._request(ops.op_delete_tool(tool_id))


class AsyncKnowledge(_AsyncResource):
    async def create(self, source: Any) -> Source:
        return await self._c._request(ops.op_add_knowledge(source))

    async def add_text(self, *, name: str, content: str) -> Source:
        return await self.create({"type": "text", "name": name, "content": content})

    async def add_url(self, *, url: str, name: str | None = None) -> Source:
        return await self.create(_clean({"type": "url", "url": url, "name": name}))

    def list(self, *, limit: int | None = None) -> AsyncPaginator[SourceList, Source]:
        return AsyncPaginator(self._c, SOURCES, _clean({"limit": limit}), None)

    async def retrieve(self, source_id: str) -> Source:
        return await self._c._request(ops.op_knowledge_source(source_id))

    async def delete(self, source_id: str) -> SourceDeleted:
        return await self._c._request(ops.op_delete_knowledge_source(source_id))

    async def refresh(self, source_id: str) -> Source:
        return await self._c._request(ops.op_refresh_knowledge_source(source_id))

    async def wait(self, source_id: str, *, timeout: float = 60.0, poll_interval: float = 0.5) -> Source:
        deadline = time.monotonic() + timeout
        while True:
            source = await self.retrieve(source_id)
            if _status(source) != "indexing" or time.monotonic() + poll_interval > deadline:
                return source
            await self._c._sleep(poll_interval)


class AsyncAnalytics(_AsyncResource):
    async def retrieve(self, *, from_: datetime.date | None = None, to: datetime.date | None = None) -> Analytics:
        return await self._c._request(ops.op_analytics(from_=from_, to=to))


class AsyncRuna(AsyncCore):
    """The Runa API with asyncio: the same resources as `Runa`, each method awaited; `async for` over lists."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._setup(api_key, base_url, timeout, max_retries, default_headers)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient()
        self.balance = AsyncBalances(self)
        self.products = AsyncProducts(self)
        self.orders = AsyncOrders(self)
        self.chat = AsyncChat(self)
        self.conversations = AsyncConversations(self)
        self.tools = AsyncTools(self)
        self.knowledge = AsyncKnowledge(self)
        self.analytics = AsyncAnalytics(self)

    async def ping(self) -> Pong:
        return await self._request(ops.op_ping())

    def with_options(
        self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> AsyncRuna:
        return AsyncRuna(
            self.api_key,
            base_url=self.base_url,
            timeout=self.timeout if timeout is None else timeout,
            max_retries=self.max_retries if max_retries is None else max_retries,
            default_headers=self.default_headers,
            http_client=self._http,
        )

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncRuna:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


__all__ = ["AsyncPage", "AsyncRuna", "OrderWaitTimeout", "RequestOptions", "Runa", "SyncPage"]
