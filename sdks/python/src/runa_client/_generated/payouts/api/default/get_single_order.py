from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.completed_order_with_full_details import CompletedOrderWithFullDetails
from ...models.incomplete_order import IncompleteOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    x_api_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/order/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder | None:
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> CompletedOrderWithFullDetails | IncompleteOrder:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = CompletedOrderWithFullDetails.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = IncompleteOrder.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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

    if response.status_code == 404:
        response_404 = APIErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = APIErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder]:
    """Get order details

    Args:
        id (str): The ID of the order.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder]
    """

    kwargs = _get_kwargs(
        id=id,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder | None:
    """Get order details

    Args:
        id (str): The ID of the order.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder
    """

    return sync_detailed(
        id=id,
        client=client,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder]:
    """Get order details

    Args:
        id (str): The ID of the order.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder]
    """

    kwargs = _get_kwargs(
        id=id,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder | None:
    """Get order details

    Args:
        id (str): The ID of the order.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | CompletedOrderWithFullDetails | IncompleteOrder
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            x_api_version=x_api_version,
        )
    ).parsed
