from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.async_accepted_order import AsyncAcceptedOrder
from ...models.new_order_details import NewOrderDetails
from ...models.rate_exceeded_response import RateExceededResponse
from ...models.sync_completed_order import SyncCompletedOrder
from ...models.validation_error_response import ValidationErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NewOrderDetails,
    x_idempotency_key: str,
    x_execution_mode: None | str | Unset = UNSET,
    x_trigger_error: None | str | Unset = UNSET,
    x_send_email: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["x-idempotency-key"] = x_idempotency_key

    if not isinstance(x_execution_mode, Unset):
        headers["x-execution-mode"] = x_execution_mode

    if not isinstance(x_trigger_error, Unset):
        headers["x-trigger-error"] = x_trigger_error

    if not isinstance(x_send_email, Unset):
        headers["x-send-email"] = x_send_email

    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/order",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    APIErrorResponse
    | AsyncAcceptedOrder
    | RateExceededResponse
    | SyncCompletedOrder
    | ValidationErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = SyncCompletedOrder.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = AsyncAcceptedOrder.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = APIErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = APIErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = APIErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = APIErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ValidationErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = RateExceededResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = APIErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    APIErrorResponse
    | AsyncAcceptedOrder
    | RateExceededResponse
    | SyncCompletedOrder
    | ValidationErrorResponse
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NewOrderDetails,
    x_idempotency_key: str,
    x_execution_mode: None | str | Unset = UNSET,
    x_trigger_error: None | str | Unset = UNSET,
    x_send_email: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> Response[
    APIErrorResponse
    | AsyncAcceptedOrder
    | RateExceededResponse
    | SyncCompletedOrder
    | ValidationErrorResponse
]:
    """Create a new order.

    Args:
        x_idempotency_key (str): A unique string that prevents duplicate orders.
        x_execution_mode (None | str | Unset): `async` (default) or `sync`; sync orders hold one
            item.
        x_trigger_error (None | str | Unset): Playground only: insufficient_funds |
            internal_server_error.
        x_send_email (None | str | Unset): Playground: echoed back on the answer.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (NewOrderDetails):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | AsyncAcceptedOrder | RateExceededResponse | SyncCompletedOrder | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_idempotency_key=x_idempotency_key,
        x_execution_mode=x_execution_mode,
        x_trigger_error=x_trigger_error,
        x_send_email=x_send_email,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: NewOrderDetails,
    x_idempotency_key: str,
    x_execution_mode: None | str | Unset = UNSET,
    x_trigger_error: None | str | Unset = UNSET,
    x_send_email: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> (
    APIErrorResponse
    | AsyncAcceptedOrder
    | RateExceededResponse
    | SyncCompletedOrder
    | ValidationErrorResponse
    | None
):
    """Create a new order.

    Args:
        x_idempotency_key (str): A unique string that prevents duplicate orders.
        x_execution_mode (None | str | Unset): `async` (default) or `sync`; sync orders hold one
            item.
        x_trigger_error (None | str | Unset): Playground only: insufficient_funds |
            internal_server_error.
        x_send_email (None | str | Unset): Playground: echoed back on the answer.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (NewOrderDetails):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | AsyncAcceptedOrder | RateExceededResponse | SyncCompletedOrder | ValidationErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        x_idempotency_key=x_idempotency_key,
        x_execution_mode=x_execution_mode,
        x_trigger_error=x_trigger_error,
        x_send_email=x_send_email,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NewOrderDetails,
    x_idempotency_key: str,
    x_execution_mode: None | str | Unset = UNSET,
    x_trigger_error: None | str | Unset = UNSET,
    x_send_email: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> Response[
    APIErrorResponse
    | AsyncAcceptedOrder
    | RateExceededResponse
    | SyncCompletedOrder
    | ValidationErrorResponse
]:
    """Create a new order.

    Args:
        x_idempotency_key (str): A unique string that prevents duplicate orders.
        x_execution_mode (None | str | Unset): `async` (default) or `sync`; sync orders hold one
            item.
        x_trigger_error (None | str | Unset): Playground only: insufficient_funds |
            internal_server_error.
        x_send_email (None | str | Unset): Playground: echoed back on the answer.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (NewOrderDetails):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | AsyncAcceptedOrder | RateExceededResponse | SyncCompletedOrder | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_idempotency_key=x_idempotency_key,
        x_execution_mode=x_execution_mode,
        x_trigger_error=x_trigger_error,
        x_send_email=x_send_email,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: NewOrderDetails,
    x_idempotency_key: str,
    x_execution_mode: None | str | Unset = UNSET,
    x_trigger_error: None | str | Unset = UNSET,
    x_send_email: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> (
    APIErrorResponse
    | AsyncAcceptedOrder
    | RateExceededResponse
    | SyncCompletedOrder
    | ValidationErrorResponse
    | None
):
    """Create a new order.

    Args:
        x_idempotency_key (str): A unique string that prevents duplicate orders.
        x_execution_mode (None | str | Unset): `async` (default) or `sync`; sync orders hold one
            item.
        x_trigger_error (None | str | Unset): Playground only: insufficient_funds |
            internal_server_error.
        x_send_email (None | str | Unset): Playground: echoed back on the answer.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (NewOrderDetails):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | AsyncAcceptedOrder | RateExceededResponse | SyncCompletedOrder | ValidationErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_idempotency_key=x_idempotency_key,
            x_execution_mode=x_execution_mode,
            x_trigger_error=x_trigger_error,
            x_send_email=x_send_email,
            x_api_version=x_api_version,
        )
    ).parsed
