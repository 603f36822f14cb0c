from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.balance import Balance
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    currency: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    params: dict[str, Any] = {}

    json_currency: None | str | Unset
    if isinstance(currency, Unset):
        json_currency = UNSET
    else:
        json_currency = currency
    params["currency"] = json_currency

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/balance",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | Balance | list[Balance] | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> Balance | list[Balance]:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = Balance.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            response_200_type_1 = []
            _response_200_type_1 = data
            for response_200_type_1_item_data in _response_200_type_1:
                response_200_type_1_item = Balance.from_dict(
                    response_200_type_1_item_data
                )

                response_200_type_1.append(response_200_type_1_item)

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

    if response.status_code == 500:
        response_500 = APIErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[APIErrorResponse | Balance | list[Balance]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    currency: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | Balance | list[Balance]]:
    """Get account balance

    Args:
        currency (None | str | Unset): ISO 4217 code; omit it for every balance above zero.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | Balance | list[Balance]]
    """

    kwargs = _get_kwargs(
        currency=currency,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    currency: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | Balance | list[Balance] | None:
    """Get account balance

    Args:
        currency (None | str | Unset): ISO 4217 code; omit it for every balance above zero.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | Balance | list[Balance]
    """

    return sync_detailed(
        client=client,
        currency=currency,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    currency: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | Balance | list[Balance]]:
    """Get account balance

    Args:
        currency (None | str | Unset): ISO 4217 code; omit it for every balance above zero.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | Balance | list[Balance]]
    """

    kwargs = _get_kwargs(
        currency=currency,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    currency: None | str | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | Balance | list[Balance] | None:
    """Get account balance

    Args:
        currency (None | str | Unset): ISO 4217 code; omit it for every balance above zero.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | Balance | list[Balance]
    """

    return (
        await asyncio_detailed(
            client=client,
            currency=currency,
            x_api_version=x_api_version,
        )
    ).parsed
