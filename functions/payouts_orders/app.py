"""/v2/order*: list, create (sync or async, idempotent), read one, and estimate orders."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from runa.core.api import build_resolver, caller, http_handler
from runa.core.caller import Caller
from runa.core.errors import BODY_ERRORS, DomainError
from runa.core.settings import require_settings
from runa.payouts import errors
from runa.payouts.models.common import RATE_EXCEEDED, error_responses, response
from runa.payouts.models.orders import (
    AsyncAcceptedOrder,
    CompletedOrderWithFullDetails,
    IncompleteOrder,
    NewOrderDetails,
    OrderList,
    OrderPriceRequest,
    OrderPriceResponse,
    SyncCompletedOrder,
)
from runa.payouts.services import orders as services
from runa.payouts.services import versioning

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
# No queue: an async order reaches the OrdersQueue from its commit, through the table's stream (the outbox relay).
require_settings("accounts_table", "orders_table", "products_table")

app = build_resolver(query_error_status=400)

Cursor = Annotated[str | None, Query(description="Opaque cursor from `pagination.cursors`; before/after exclusive.")]
ApiVersion = Annotated[
    str | None, Header(alias="X-Api-Version", description="The dated API version; default 2024-02-05.")
]


def _caller(x_api_version: str | None) -> Caller:
    who = caller(app)
    versioning.check_api_version(x_api_version)
    return who


@app.get(
    "/v2/order",
    operation_id="getListOfOrders",
    summary="List orders",
    responses={200: response(OrderList, "OK"), **error_responses(errors.PaginationError, errors.InvalidVersion)},
)
def list_orders(
    limit: Annotated[str | None, Query(json_schema_extra={"type": "integer", "minimum": 1, "maximum": 500})] = None,
    before: Cursor = None,
    after: Cursor = None,
    x_api_version: ApiVersion = None,
) -> OrderList:
    # limit arrives as a string so a bad one is a 400 pagination_error, as on every list of the document.
    return services.list_orders(_caller(x_api_version), before=before, after=after, limit=limit)


@app.post(
    "/v2/order",
    operation_id="createOrder",
    summary="Create a new order.",
    responses={
        200: response(SyncCompletedOrder, "Sync mode: the order has been completed."),
        202: response(AsyncAcceptedOrder, "Async mode: the order has been accepted."),
        **error_responses(
            *BODY_ERRORS,
            errors.InvalidVersion,
            errors.InvalidExecutionMode,
            errors.IdempotencyValidationError,
            errors.ProductValidationError,
            errors.CurrencyMismatch,
            errors.PaymentMethodUnavailable,
            errors.InsufficientFunds,
        ),
        **RATE_EXCEEDED,
    },
)
def create_order(
    details: NewOrderDetails,
    idempotency_key: Annotated[
        str | None, Header(alias="X-Idempotency-Key", description="A unique string that prevents duplicate orders.")
    ] = None,
    execution_mode: Annotated[
        str | None,
        Header(alias="X-Execution-Mode", description="`async` (default) or `sync`; sync orders hold one item."),
    ] = None,
    trigger_error: Annotated[
        str | None,
        Header(alias="X-Trigger-Error", description="Playground only: insufficient_funds | internal_server_error."),
    ] = None,
    send_email: Annotated[
        str | None, Header(alias="X-Send-Email", description="Playground: echoed back on the answer.")
    ] = None,
    x_api_version: ApiVersion = None,
) -> Response[dict[str, Any]]:
    # X-Send-Email is echoed on every answer, errors included.
    echo = {"X-Send-Email": send_email} if send_email is not None else {}
    try:
        answer = services.create_order(
            _caller(x_api_version),
            details,
            raw_body=app.current_event.json_body,
            execution_mode=execution_mode,
            idempotency_key=idempotency_key,
            trigger_error=trigger_error,
        )
    except DomainError as error:
        error.headers.update(echo)
        raise
    headers = dict(echo)
    if answer.replayed:
        headers["X-Idempotent-Replayed"] = "true"
    return Response(
        status_code=answer.status, content_type=content_types.APPLICATION_JSON, body=answer.body, headers=headers
    )


@app.get(
    "/v2/order/<id>",
    operation_id="getSingleOrder",
    summary="Get order details",
    responses={
        200: response(CompletedOrderWithFullDetails | IncompleteOrder, "OK"),
        **error_responses(errors.NotFound, errors.InvalidVersion),
    },
)
def get_order(
    id: Annotated[str, Path(description="The ID of the order.", examples=["O-01H5WQGHKCBB85MQFM68S9KJ5Q"])],
    x_api_version: ApiVersion = None,
) -> CompletedOrderWithFullDetails | IncompleteOrder:
    return services.get_order(_caller(x_api_version), id)


@app.post(
    "/v2/order/estimate",
    operation_id="estimateOrderPrice",
    summary="Estimate order",
    # Product and currency problems are 422 here (logic.pricing.estimate): the contract lists no 400.
    responses={200: response(OrderPriceResponse, "OK"), **error_responses(*BODY_ERRORS, errors.InvalidVersion)},
)
def estimate_order(request: OrderPriceRequest, x_api_version: ApiVersion = None) -> OrderPriceResponse:
    return services.estimate(_caller(x_api_version), request)


lambda_handler = http_handler(app)
