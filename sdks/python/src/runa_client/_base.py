"""What every request goes through, sync and async alike: the key and base URL, headers, timeouts, retries with
exponential backoff and jitter that honour `retry-after-ms` / `Retry-After`, one idempotency key per order
creation reused by its retries, errors raised as classes, and pages that fetch the next one themselves."""

from __future__ import annotations

import asyncio
import email.utils
import os
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import httpx

from ._errors import APIConnectionError, APITimeoutError, RunaError, error_from_response
from ._operations import Operation, is_unset
from ._version import __version__

T = TypeVar("T")
P = TypeVar("P")

# A key is `<prefix><id>.<secret>`: `xx` playground, `wg` production. Both APIs (/v2 payouts, /v1 agent) are served
# by one API per environment.
BASE_URLS = {"xx": "https://playground.runa.io", "wg": "https://api.runa.io"}
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # a Retry-After above this is not waited for: the usual backoff applies instead
RETRYABLE_STATUSES = frozenset({408, 409, 429})
PREFIX = {"payouts": "/v2", "agent": ""}  # the documents' paths: /ping under the /v2 server, /v1/chat as such


def resolve_api_key(api_key: str | None) -> str:
    key = api_key if api_key is not None else os.environ.get("RUNA_API_KEY")
    if not key:
        raise RunaError("No API key: pass api_key=... or set RUNA_API_KEY.")
    return key


def resolve_base_url(api_key: str, base_url: str | None) -> str:
    url = base_url or os.environ.get("RUNA_BASE_URL")
    if url:
        return url.rstrip("/")
    prefix = api_key[:2]
    if prefix not in BASE_URLS:
        raise RunaError("The API key should start with 'xx' (playground) or 'wg' (production); pass base_url=...")
    return BASE_URLS[prefix]


def should_retry(response: httpx.Response) -> bool:
    # The server may say so explicitly (as Stainless' servers do); otherwise by status.
    explicit = response.headers.get("x-should-retry")
    if explicit in ("true", "false"):
        return explicit == "true"
    return response.status_code in RETRYABLE_STATUSES or response.status_code >= 500


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, then `Retry-After` in seconds or as an HTTP date)."""
    if not headers:
        return None
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
    except ValueError:
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return None if parsed is None else parsed.timestamp() - time.time()


def retry_delay(retries_taken: int, headers: Mapping[str, str] | None) -> float:
    asked = retry_after(headers)
    if asked is not None and 0 <= asked <= MAX_RETRY_AFTER:
        return asked
    delay = min(INITIAL_RETRY_DELAY * 2**retries_taken, MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())  # noqa: S311 (jitter, not security)


@dataclass(frozen=True)
class RequestOptions:
    timeout: float | httpx.Timeout | None = None
    max_retries: int | None = None
    idempotency_key: str | None = None
    extra_headers: Mapping[str, str] | None = None


class _Core:
    api_key: str
    base_url: str
    max_retries: int
    timeout: float | httpx.Timeout
    default_headers: dict[str, str]

    def _setup(
        self,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.api_key = resolve_api_key(api_key)
        self.base_url = resolve_base_url(self.api_key, base_url)
        self.timeout = timeout
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})

    def _build(self, op: Operation[Any], options: RequestOptions) -> tuple[dict[str, Any], int]:
        """httpx.request arguments (the same for every attempt) and the number of retries allowed."""
        kwargs = dict(op.kwargs)
        headers: dict[str, str] = {
            "Accept": "application/json",
            "User-Agent": f"runa-client-python/{__version__}",
            **self.default_headers,
            **{k: str(v) for k, v in (kwargs.pop("headers", None) or {}).items()},
        }
        if op.api == "payouts":
            headers["X-Api-Key"] = self.api_key  # the payouts document's scheme (ApiKeyAuth)
        else:
            headers["Authorization"] = f"Bearer {self.api_key}"  # the agent document's scheme (BearerAuth)
        if op.idempotent_post:
            given = options.idempotency_key or next(
                (v for k, v in headers.items() if k.lower() == "x-idempotency-key"), None
            )
            headers = {k: v for k, v in headers.items() if k.lower() != "x-idempotency-key"}
            # One key per call, generated once here: every retry of this call sends the same one.
            headers["X-Idempotency-Key"] = given or f"runa-python-{uuid.uuid4()}"
        headers.update(options.extra_headers or {})
        kwargs["headers"] = headers
        kwargs["url"] = f"{self.base_url}{PREFIX[op.api]}{kwargs['url']}"
        kwargs["timeout"] = options.timeout if options.timeout is not None else self.timeout
        if "params" in kwargs:
            kwargs["params"] = {k: v for k, v in kwargs["params"].items() if v is not None and not is_unset(v)}
        retries = self.max_retries if options.max_retries is None else options.max_retries
        return kwargs, retries


class SyncCore(_Core):
    _http: httpx.Client
    _sleep: Callable[[float], None] = staticmethod(time.sleep)

    def _request(self, op: Operation[T], options: RequestOptions | None = None) -> T:
        kwargs, max_retries = self._build(op, options or RequestOptions())
        retries_taken = 0
        while True:
            try:
                response = self._http.request(**kwargs)
            except httpx.TimeoutException as exc:
                if retries_taken < max_retries:
                    self._sleep(retry_delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APITimeoutError(request=exc.request) from exc
            except httpx.TransportError as exc:
                if retries_taken < max_retries:
                    self._sleep(retry_delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APIConnectionError(f"Connection error: {exc}", request=exc.request) from exc
            if response.is_success:
                return op.parse(response)
            if retries_taken < max_retries and should_retry(response):
                response.close()
                self._sleep(retry_delay(retries_taken, response.headers))
                retries_taken += 1
                continue
            response.read()
            raise error_from_response(response)


class AsyncCore(_Core):
    _http: httpx.AsyncClient
    _sleep: Callable[[float], Any] = staticmethod(asyncio.sleep)

    async def _request(self, op: Operation[T], options: RequestOptions | None = None) -> T:
        kwargs, max_retries = self._build(op, options or RequestOptions())
        retries_taken = 0
        while True:
            try:
                response = await self._http.request(**kwargs)
            except httpx.TimeoutException as exc:
                if retries_taken < max_retries:
                    await self._sleep(retry_delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APITimeoutError(request=exc.request) from exc
            except httpx.TransportError as exc:
                if retries_taken < max_retries:
                    await self._sleep(retry_delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APIConnectionError(f"Connection error: {exc}", request=exc.request) from exc
            if response.is_success:
                return op.parse(response)
            if retries_taken < max_retries and should_retry(response):
                await response.aclose()
                await self._sleep(retry_delay(retries_taken, response.headers))
                retries_taken += 1
                continue
            await response.aread()
            raise error_from_response(response)


@dataclass
class _Lister(Generic[P, T]):
    """How one list operation pages: the operation for some parameters, its items, the parameters after it."""

    operation: Callable[..., Operation[P]]
    items: Callable[[P], list[T]]
    following: Callable[[P, dict[str, Any]], dict[str, Any] | None]


class SyncPage(Generic[P, T]):
    """One page of a list. Iterating it yields every item of this page and of all pages after it (fetched as
    needed), like Stripe's `auto_paging_iter()`; `data` is this page's items, `raw` the whole answer."""

    def __init__(
        self, core: SyncCore, lister: _Lister[P, T], params: dict[str, Any], options: RequestOptions | None
    ) -> None:
        self._core, self._lister, self._params, self._options = core, lister, params, options
        self.raw: P = core._request(lister.operation(**params), options)
        self.data: list[T] = lister.items(self.raw)

    def has_next_page(self) -> bool:
        return self._lister.following(self.raw, self._params) is not None

    def next_page(self) -> SyncPage[P, T] | None:
        params = self._lister.following(self.raw, self._params)
        return None if params is None else SyncPage(self._core, self._lister, params, self._options)

    def iter_pages(self) -> Iterator[SyncPage[P, T]]:
        page: SyncPage[P, T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data

    auto_paging_iter = __iter__


class AsyncPage(Generic[P, T]):
    """One page of a list, async: `async for` yields every item of this page and the pages after it."""

    def __init__(
        self, core: AsyncCore, lister: _Lister[P, T], params: dict[str, Any], options: RequestOptions | None, raw: P
    ) -> None:
        self._core, self._lister, self._params, self._options = core, lister, params, options
        self.raw = raw
        self.data: list[T] = lister.items(raw)

    @classmethod
    async def fetch(
        cls, core: AsyncCore, lister: _Lister[P, T], params: dict[str, Any], options: RequestOptions | None
    ) -> AsyncPage[P, T]:
        raw = await core._request(lister.operation(**params), options)
        return cls(core, lister, params, options, raw)

    def has_next_page(self) -> bool:
        return self._lister.following(self.raw, self._params) is not None

    async def next_page(self) -> AsyncPage[P, T] | None:
        params = self._lister.following(self.raw, self._params)
        return None if params is None else await AsyncPage.fetch(self._core, self._lister, params, self._options)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[P, T]]:
        page: AsyncPage[P, T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[P, T]):
    """What an async `list()` returns: `await` it for the first page, or `async for` over every item."""

    def __init__(
        self, core: AsyncCore, lister: _Lister[P, T], params: dict[str, Any], options: RequestOptions | None
    ) -> None:
        self._args = (core, lister, params, options)

    def __await__(self) -> Generator[Any, None, AsyncPage[P, T]]:
        return AsyncPage.fetch(*self._args).__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await AsyncPage.fetch(*self._args)
        async for item in page:
            yield item


def with_options(options: RequestOptions | None, **changes: Any) -> RequestOptions:
    return replace(options or RequestOptions(), **{k: v for k, v in changes.items() if v is not None})
