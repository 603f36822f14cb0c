"""Each operation of the two documents as a request ready to send: the generated endpoint modules build it
(`_get_kwargs`: method, path, query, headers, JSON body) and parse its success answer (`_parse_response`); the
clients only send it, with the behaviour around (auth, retries, errors). Shared by the sync and async clients."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, cast

import httpx

from ._generated.agent.api.default import (
    add_knowledge_source,
    chat,
    delete_conversation,
    delete_knowledge_source,
    delete_tool,
    get_analytics,
    get_conversation,
    get_knowledge_source,
    get_tool,
    list_conversations,
    list_knowledge_sources,
    list_tools,
    refresh_knowledge_source,
    register_tool,
)
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
from ._generated.agent.types import UNSET as AGENT_UNSET
from ._generated.agent.types import Unset as AgentUnset
from ._generated.payouts.api.default import (
    create_order,
    estimate_order_price,
    get_balance,
    get_list_of_orders,
    get_products,
    get_single_order,
    get_single_product,
    list_products_categories,
    list_products_countries,
    ping,
)
from ._generated.payouts.models import (
    AsyncAcceptedOrder,
    Balance,
    CategoryList,
    CompletedOrderWithBasicDetails,
    CompletedOrderWithFullDetails,
    CountryList,
    GetSingleProductContent,
    IncompleteOrder,
    OrderList,
    OrderPriceResponse,
    Pong,
    Product,
    ProductList,
    SyncCompletedOrder,
)
from ._generated.payouts.types import UNSET, Unset

T = TypeVar("T")
Api = Literal["payouts", "agent"]
ExecutionMode = Literal["sync", "async"]
# The payouts API's version this SDK was generated from; sent on every /v2 request (X-Api-Version), as Stripe pins
# its API version, so a new version of the API never changes what this SDK receives.
PAYOUTS_API_VERSION = "2024-02-05"


@dataclass
class Operation(Generic[T]):
    api: Api
    kwargs: dict[str, Any]
    parse: Callable[[httpx.Response], T]
    # POST /v2/order: an X-Idempotency-Key is generated when absent and the same one is sent on every retry.
    idempotent_post: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class _Parsing:
    raise_on_unexpected_status = True


_PARSING = _Parsing()


def _parser(module: Any) -> Callable[[httpx.Response], Any]:
    def parse(response: httpx.Response) -> Any:
        return module._parse_response(client=_PARSING, response=response)

    return parse


class _Json:
    """A body given as a plain mapping: sent as it is (the API validates it), not through a model."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def to_dict(self) -> dict[str, Any]:
        return self.data


def body(value: Any) -> Any:
    return value if hasattr(value, "to_dict") else _Json(value)


def u(value: T | None) -> T | Unset:
    """None as the payouts package's UNSET (each generated package has its own)."""
    return UNSET if value is None else value


def a(value: T | None) -> T | AgentUnset:
    """None as the agent package's UNSET."""
    return AGENT_UNSET if value is None else value


def is_unset(value: object) -> bool:
    return isinstance(value, (Unset, AgentUnset))


# --- payouts (/v2) ---


def op_ping() -> Operation[Pong]:
    return Operation("payouts", ping._get_kwargs(x_api_version=PAYOUTS_API_VERSION), _parser(ping))


def op_balance(currency: str | None) -> Operation[Balance | list[Balance]]:
    kwargs = get_balance._get_kwargs(currency=u(currency), x_api_version=PAYOUTS_API_VERSION)
    return Operation("payouts", kwargs, _parser(get_balance))


def op_products(
    *,
    limit: int | None = None,
    after: str | None = None,
    before: str | None = None,
    countries_redeemable_in: list[str] | None = None,
    categories: list[str] | None = None,
    is_orderable: bool | None = None,
) -> Operation[ProductList]:
    kwargs = get_products._get_kwargs(
        limit=u(limit),
        after=u(after),
        before=u(before),
        countries_redeemable_in=u(countries_redeemable_in),
        categories=u(categories),
        is_orderable=u(is_orderable),
        x_api_version=PAYOUTS_API_VERSION,
    )
    return Operation("payouts", kwargs, _parser(get_products))


def op_product(code: str, content: str | None = None) -> Operation[Product]:
    kwargs = get_single_product._get_kwargs(
        code,
        content=UNSET if content is None else GetSingleProductContent(content),
        x_api_version=PAYOUTS_API_VERSION,
    )
    return Operation("payouts", kwargs, _parser(get_single_product))


def op_categories() -> Operation[CategoryList]:
    kwargs = list_products_categories._get_kwargs(x_api_version=PAYOUTS_API_VERSION)
    return Operation("payouts", kwargs, _parser(list_products_categories))


def op_countries() -> Operation[CountryList]:
    kwargs = list_products_countries._get_kwargs(x_api_version=PAYOUTS_API_VERSION)
    return Operation("payouts", kwargs, _parser(list_products_countries))


def op_create_order(
    order: Any,
    *,
    execution_mode: ExecutionMode | None = None,
    idempotency_key: str | None = None,
    send_email: bool | None = None,
    trigger_error: str | None = None,
) -> Operation[SyncCompletedOrder | AsyncAcceptedOrder]:
    kwargs = create_order._get_kwargs(
        body=body(order),
        # Required by the document; "" stands for "none given": the client generates one per call (_base.py).
        x_idempotency_key=idempotency_key or "",
        x_execution_mode=u(execution_mode),
        x_send_email=UNSET if send_email is None else ("true" if send_email else "false"),
        x_trigger_error=u(trigger_error),
        x_api_version=PAYOUTS_API_VERSION,
    )
    return Operation("payouts", kwargs, _parser(create_order), idempotent_post=True)


def op_estimate(order: Any) -> Operation[OrderPriceResponse]:
    kwargs = estimate_order_price._get_kwargs(body=body(order), x_api_version=PAYOUTS_API_VERSION)
    return Operation("payouts", kwargs, _parser(estimate_order_price))


def op_order(order_id: str) -> Operation[CompletedOrderWithFullDetails | IncompleteOrder]:
    kwargs = get_single_order._get_kwargs(order_id, x_api_version=PAYOUTS_API_VERSION)
    return Operation("payouts", kwargs, _parser(get_single_order))


def op_orders(*, limit: int | None = None, after: str | None = None, before: str | None = None) -> Operation[OrderList]:
    kwargs = get_list_of_orders._get_kwargs(
        limit=u(None if limit is None else str(limit)),
        after=u(after),
        before=u(before),
        x_api_version=PAYOUTS_API_VERSION,
    )
    return Operation("payouts", kwargs, _parser(get_list_of_orders))


# --- agent (/v1) ---


def op_chat(*, product_id: str, message: str, session_id: str | None = None) -> Operation[ChatResponse]:
    payload: dict[str, Any] = {"productId": product_id, "message": message}
    if session_id is not None:
        payload["sessionId"] = session_id
    return Operation("agent", chat._get_kwargs(body=cast(Any, _Json(payload))), _parser(chat))


def op_conversations(*, limit: int | None = None, cursor: str | None = None) -> Operation[ConversationList]:
    kwargs = list_conversations._get_kwargs(limit=a(limit), cursor=a(cursor))
    return Operation("agent", kwargs, _parser(list_conversations))


def op_conversation(
    conversation_id: str, *, limit: int | None = None, cursor: str | None = None
) -> Operation[Conversation]:
    kwargs = get_conversation._get_kwargs(conversation_id, limit=a(limit), cursor=a(cursor))
    return Operation("agent", kwargs, _parser(get_conversation))


def op_delete_conversation(conversation_id: str) -> Operation[Deleted]:
    return Operation("agent", delete_conversation._get_kwargs(conversation_id), _parser(delete_conversation))


def op_register_tool(tool: Any) -> Operation[ToolCreated]:
    return Operation("agent", register_tool._get_kwargs(body=body(tool)), _parser(register_tool))


def op_tools() -> Operation[ToolList]:
    return Operation("agent", list_tools._get_kwargs(), _parser(list_tools))


def op_tool(tool_id: str) -> Operation[ToolOut]:
    return Operation("agent", get_tool._get_kwargs(tool_id), _parser(get_tool))


def op_delete_tool(tool_id: str) -> Operation[Deleted]:
    return Operation("agent", delete_tool._get_kwargs(tool_id), _parser(delete_tool))


def op_add_knowledge(source: Any) -> Operation[Source]:
    return Operation("agent", add_knowledge_source._get_kwargs(body=body(source)), _parser(add_knowledge_source))


def op_knowledge_sources(*, limit: int | None = None, cursor: str | None = None) -> Operation[SourceList]:
    kwargs = list_knowledge_sources._get_kwargs(limit=a(limit), cursor=a(cursor))
    return Operation("agent", kwargs, _parser(list_knowledge_sources))


def op_knowledge_source(source_id: str) -> Operation[Source]:
    return Operation("agent", get_knowledge_source._get_kwargs(source_id), _parser(get_knowledge_source))


def op_delete_knowledge_source(source_id: str) -> Operation[SourceDeleted]:
    return Operation("agent", delete_knowledge_source._get_kwargs(source_id), _parser(delete_knowledge_source))


def op_refresh_knowledge_source(source_id: str) -> Operation[Source]:
    return Operation("agent", refresh_knowledge_source._get_kwargs(source_id), _parser(refresh_knowledge_source))


def op_analytics(*, from_: datetime.date | None = None, to: datetime.date | None = None) -> Operation[Analytics]:
    return Operation("agent", get_analytics._get_kwargs(from_=a(from_), to=a(to)), _parser(get_analytics))


# --- pagination: each list's items and the parameters of the page after it (None on the last page) ---


def next_products(page: ProductList, params: dict[str, Any]) -> dict[str, Any] | None:
    after = page.pagination.cursors.after
    return {**params, "after": after, "before": None} if isinstance(after, str) and page.catalog else None


def next_orders(page: OrderList, params: dict[str, Any]) -> dict[str, Any] | None:
    after = page.pagination.cursors.after
    return {**params, "after": after, "before": None} if isinstance(after, str) and page.items else None


def next_cursor(page: ConversationList | SourceList, params: dict[str, Any]) -> dict[str, Any] | None:
    cursor = page.next_cursor
    return {**params, "cursor": cursor} if isinstance(cursor, str) and cursor else None


def products_of(page: ProductList) -> list[Product]:
    return list(page.catalog)


def orders_of(page: OrderList) -> list[CompletedOrderWithBasicDetails | IncompleteOrder]:
    return list(page.items)


def conversations_of(page: ConversationList) -> list[ConversationSummary]:
    return list(page.conversations)


def sources_of(page: SourceList) -> list[Source]:
    return list(page.sources)
