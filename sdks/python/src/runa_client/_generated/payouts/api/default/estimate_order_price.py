from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.order_price_request import OrderPriceRequest
from ...models.order_price_response import OrderPriceResponse
from ...models.validation_error_response import ValidationErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: OrderPriceRequest,
    x_api_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/order/estimate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | OrderPriceResponse | ValidationErrorResponse | None:
    if response.status_code == 200:
        response_200 = OrderPriceResponse.from_dict(response.json())

        return response_200

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

    if response.status_code == 500:
        response_500 = APIErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[APIErrorResponse | OrderPriceResponse | ValidationErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OrderPriceRequest,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | OrderPriceResponse | ValidationErrorResponse]:
    """Estimate order

    Args:
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (OrderPriceRequest): A whole order body prices as it is (`description`, `metadata`
            ignored).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | OrderPriceResponse | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: OrderPriceRequest,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | OrderPriceResponse | ValidationErrorResponse | None:
    """Estimate order

    Args:
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (OrderPriceRequest): A whole order body prices as it is (`description`, `metadata`
            ignored).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | OrderPriceResponse | ValidationErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OrderPriceRequest,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | OrderPriceResponse | ValidationErrorResponse]:
    """Estimate order

    Args:
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (OrderPriceRequest): A whole order body prices as it is (`description`, `metadata`
            ignored).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | OrderPriceResponse | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OrderPriceRequest,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | OrderPriceResponse | ValidationErrorResponse | None:
    """Estimate order

    Args:
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.
        body (OrderPriceRequest): A whole order body prices as it is (`description`, `metadata`
            ignored).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | OrderPriceResponse | ValidationErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_api_version=x_api_version,
        )
    ).parsed
