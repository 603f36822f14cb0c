import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics import Analytics
from ...models.api_error_response import APIErrorResponse
from ...models.validation_error_response import ValidationErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | Analytics | ValidationErrorResponse | None:
    if response.status_code == 200:
        response_200 = Analytics.from_dict(response.json())

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
) -> Response[APIErrorResponse | Analytics | ValidationErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> Response[APIErrorResponse | Analytics | ValidationErrorResponse]:
    """Conversations, messages and top intents per day

    Args:
        from_ (datetime.date | None | Unset): First day (YYYY-MM-DD, UTC).
        to (datetime.date | None | Unset): Last day (YYYY-MM-DD, UTC); default today.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | Analytics | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> APIErrorResponse | Analytics | ValidationErrorResponse | None:
    """Conversations, messages and top intents per day

    Args:
        from_ (datetime.date | None | Unset): First day (YYYY-MM-DD, UTC).
        to (datetime.date | None | Unset): Last day (YYYY-MM-DD, UTC); default today.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | Analytics | ValidationErrorResponse
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> Response[APIErrorResponse | Analytics | ValidationErrorResponse]:
    """Conversations, messages and top intents per day

    Args:
        from_ (datetime.date | None | Unset): First day (YYYY-MM-DD, UTC).
        to (datetime.date | None | Unset): Last day (YYYY-MM-DD, UTC); default today.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | Analytics | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
) -> APIErrorResponse | Analytics | ValidationErrorResponse | None:
    """Conversations, messages and top intents per day

    Args:
        from_ (datetime.date | None | Unset): First day (YYYY-MM-DD, UTC).
        to (datetime.date | None | Unset): Last day (YYYY-MM-DD, UTC); default today.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | Analytics | ValidationErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
