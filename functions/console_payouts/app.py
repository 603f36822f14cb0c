"""/manage/balances, /manage/orders* and /manage/webhook*: the console's payouts pages, for signed-in owners.

Every read goes through the /v2 rules with the owner's account as the caller, in the environment asked for."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import CORSConfig
from aws_lambda_powertools.event_handler.openapi.params import Query

from runa.console.owner import Owner, owner_from_event
from runa.console.payouts_models import Balances, WebhookCreated, WebhookDeliveries, WebhookOut, WebhookRegister
from runa.console.services import payouts as services
from runa.core.api import build_resolver, http_handler
from runa.core.settings import get_settings, require_settings
from runa.payouts.models.orders import CompletedOrderWithFullDetails, IncompleteOrder, OrderList

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("accounts_table", "orders_table", "audit_table")

_ORIGIN = get_settings().allowed_origin
app = build_resolver(CORSConfig(allow_origin=_ORIGIN, max_age=600) if _ORIGIN else None)

EnvironmentQuery = Annotated[Literal["playground", "production"], Query(description="Which environment's data")]
OrderStatus = Literal["PROCESSING", "COMPLETED", "FAILED"]


def owner() -> Owner:
    return owner_from_event(app.current_event.raw_event)


@app.get("/manage/balances")
def get_balances(
    environment: EnvironmentQuery = "production",
    limit: Annotated[int, Query(ge=1, le=services.MAX_LIMIT, description="Ledger movements per page")] = (
        services.LEDGER_LIMIT
    ),
    cursor: Annotated[str | None, Query(max_length=1024, description="The previous page's nextCursor")] = None,
) -> Balances:
    return services.balances(owner(), environment, limit, cursor)


@app.get("/manage/orders")
def get_orders(
    environment: EnvironmentQuery = "production",
    status: Annotated[OrderStatus | None, Query()] = None,
    before: Annotated[str | None, Query(max_length=200)] = None,
    after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[str | None, Query(max_length=5)] = None,
) -> OrderList:
    return services.orders(owner(), environment, status, before, after, limit)


@app.get("/manage/orders/<order_id>")
def get_order(
    order_id: str, environment: EnvironmentQuery = "production"
) -> CompletedOrderWithFullDetails | IncompleteOrder:
    return services.order(owner(), environment, order_id)


@app.get("/manage/webhook")
def get_webhook(environment: EnvironmentQuery = "production") -> WebhookOut:
    return services.webhook(owner(), environment)


@app.get("/manage/webhooks/deliveries")
def get_webhook_deliveries(
    environment: EnvironmentQuery = "production",
    limit: Annotated[int, Query(ge=1, le=services.MAX_LIMIT, description="Attempts per page")] = (
        services.DELIVERIES_LIMIT
    ),
    cursor: Annotated[str | None, Query(max_length=1024, description="The previous page's nextCursor")] = None,
) -> WebhookDeliveries:
    return services.webhook_deliveries(owner(), environment, limit, cursor)


@app.put("/manage/webhook")
def put_webhook(body: WebhookRegister) -> WebhookCreated:
    return services.register_webhook(owner(), body)


lambda_handler = http_handler(app)
