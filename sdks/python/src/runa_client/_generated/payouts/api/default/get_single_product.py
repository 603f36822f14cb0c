from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.get_single_product_content import GetSingleProductContent
from ...models.product import Product
from ...types import UNSET, Response, Unset


def _get_kwargs(
    product_code: str,
    *,
    content: GetSingleProductContent | Unset = GetSingleProductContent.URL,
    x_api_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    params: dict[str, Any] = {}

    json_content: str | Unset = UNSET
    if not isinstance(content, Unset):
        json_content = content.value

    params["content"] = json_content

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/product/{product_code}".format(
            product_code=quote(str(product_code), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | Product | None:
    if response.status_code == 200:
        response_200 = Product.from_dict(response.json())

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
) -> Response[APIErrorResponse | Product]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_code: str,
    *,
    client: AuthenticatedClient | Client,
    content: GetSingleProductContent | Unset = GetSingleProductContent.URL,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | Product]:
    """Get a product

    Args:
        product_code (str): The product code, e.g. NWB-US
        content (GetSingleProductContent | Unset):  Default: GetSingleProductContent.URL.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | Product]
    """

    kwargs = _get_kwargs(
        product_code=product_code,
        content=content,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_code: str,
    *,
    client: AuthenticatedClient | Client,
    content: GetSingleProductContent | Unset = GetSingleProductContent.URL,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | Product | None:
    """Get a product

    Args:
        product_code (str): The product code, e.g. NWB-US
        content (GetSingleProductContent | Unset):  Default: GetSingleProductContent.URL.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | Product
    """

    return sync_detailed(
        product_code=product_code,
        client=client,
        content=content,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    product_code: str,
    *,
    client: AuthenticatedClient | Client,
    content: GetSingleProductContent | Unset = GetSingleProductContent.URL,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | Product]:
    """Get a product

    Args:
        product_code (str): The product code, e.g. NWB-US
        content (GetSingleProductContent | Unset):  Default: GetSingleProductContent.URL.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | Product]
    """

    kwargs = _get_kwargs(
        product_code=product_code,
        content=content,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_code: str,
    *,
    client: AuthenticatedClient | Client,
    content: GetSingleProductContent | Unset = GetSingleProductContent.URL,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | Product | None:
    """Get a product

    Args:
        product_code (str): The product code, e.g. NWB-US
        content (GetSingleProductContent | Unset):  Default: GetSingleProductContent.URL.
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | Product
    """

    return (
        await asyncio_detailed(
            product_code=product_code,
            client=client,
            content=content,
            x_api_version=x_api_version,
        )
    ).parsed
