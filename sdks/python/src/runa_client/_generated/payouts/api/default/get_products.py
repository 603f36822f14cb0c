from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.product_list import ProductList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    is_orderable: bool | Unset = UNSET,
    countries_redeemable_in: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    params: dict[str, Any] = {}

    params["is_orderable"] = is_orderable

    json_countries_redeemable_in: list[str] | None | Unset
    if isinstance(countries_redeemable_in, Unset):
        json_countries_redeemable_in = UNSET
    elif isinstance(countries_redeemable_in, list):
        json_countries_redeemable_in = countries_redeemable_in

    else:
        json_countries_redeemable_in = countries_redeemable_in
    params["countries_redeemable_in"] = json_countries_redeemable_in

    json_categories: list[str] | None | Unset
    if isinstance(categories, Unset):
        json_categories = UNSET
    elif isinstance(categories, list):
        json_categories = categories

    else:
        json_categories = categories
    params["categories"] = json_categories

    params["before"] = before

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/product",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | ProductList | None:
    if response.status_code == 200:
        response_200 = ProductList.from_dict(response.json())

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
) -> Response[APIErrorResponse | ProductList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    is_orderable: bool | Unset = UNSET,
    countries_redeemable_in: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | ProductList]:
    """List products

    Args:
        is_orderable (bool | Unset):
        countries_redeemable_in (list[str] | None | Unset): ISO 3166 alpha-2 codes; repeat the
            parameter for several (any of them matches)
        categories (list[str] | None | Unset): Category codes; repeat the parameter for several
            (any of them matches)
        before (str | Unset):
        after (str | Unset):
        limit (int | Unset):
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | ProductList]
    """

    kwargs = _get_kwargs(
        is_orderable=is_orderable,
        countries_redeemable_in=countries_redeemable_in,
        categories=categories,
        before=before,
        after=after,
        limit=limit,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    is_orderable: bool | Unset = UNSET,
    countries_redeemable_in: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | ProductList | None:
    """List products

    Args:
        is_orderable (bool | Unset):
        countries_redeemable_in (list[str] | None | Unset): ISO 3166 alpha-2 codes; repeat the
            parameter for several (any of them matches)
        categories (list[str] | None | Unset): Category codes; repeat the parameter for several
            (any of them matches)
        before (str | Unset):
        after (str | Unset):
        limit (int | Unset):
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | ProductList
    """

    return sync_detailed(
        client=client,
        is_orderable=is_orderable,
        countries_redeemable_in=countries_redeemable_in,
        categories=categories,
        before=before,
        after=after,
        limit=limit,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    is_orderable: bool | Unset = UNSET,
    countries_redeemable_in: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> Response[APIErrorResponse | ProductList]:
    """List products

    Args:
        is_orderable (bool | Unset):
        countries_redeemable_in (list[str] | None | Unset): ISO 3166 alpha-2 codes; repeat the
            parameter for several (any of them matches)
        categories (list[str] | None | Unset): Category codes; repeat the parameter for several
            (any of them matches)
        before (str | Unset):
        after (str | Unset):
        limit (int | Unset):
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | ProductList]
    """

    kwargs = _get_kwargs(
        is_orderable=is_orderable,
        countries_redeemable_in=countries_redeemable_in,
        categories=categories,
        before=before,
        after=after,
        limit=limit,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    is_orderable: bool | Unset = UNSET,
    countries_redeemable_in: list[str] | None | Unset = UNSET,
    categories: list[str] | None | Unset = UNSET,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_api_version: None | str | Unset = UNSET,
) -> APIErrorResponse | ProductList | None:
    """List products

    Args:
        is_orderable (bool | Unset):
        countries_redeemable_in (list[str] | None | Unset): ISO 3166 alpha-2 codes; repeat the
            parameter for several (any of them matches)
        categories (list[str] | None | Unset): Category codes; repeat the parameter for several
            (any of them matches)
        before (str | Unset):
        after (str | Unset):
        limit (int | Unset):
        x_api_version (None | str | Unset): The dated API version; default 2024-02-05.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | ProductList
    """

    return (
        await asyncio_detailed(
            client=client,
            is_orderable=is_orderable,
            countries_redeemable_in=countries_redeemable_in,
            categories=categories,
            before=before,
            after=after,
            limit=limit,
            x_api_version=x_api_version,
        )
    ).parsed
