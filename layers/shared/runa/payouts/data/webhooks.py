"""Webhook endpoints (AccountsTable) and their delivery over HTTP.

Endpoint item: pk=`ACCOUNT#<environment>#<account>`, sk=`WEBHOOK`, `url` (https), `secret` (`whsec_<base64>`, the
signing key), `created_at`. One endpoint per account and environment; registering again replaces it.
The secret is stored in the table (encrypted at rest) because signing needs it in clear; it is never logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.net import FetchFailed, UnsafeUrl, fetch, validate_url

_SK = "WEBHOOK"
# Receivers should answer fast and work later; a slow one must not hold the consumer.
DELIVERY_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Endpoint:
    url: str
    secret: str
    created_at: str


@dataclass(frozen=True)
class Delivery:
    ok: bool
    detail: str  # "HTTP 200", "timeout", ... (never the URL's path or query)


def _table() -> Any:
    return aws.table(get_settings().accounts_table)


def _key(scope: str) -> dict[str, str]:
    return {"pk": f"ACCOUNT#{scope}", "sk": _SK}


def check_url(url: str) -> None:
    """Raise UnsafeUrl unless the URL is https to a public address (checked again on every delivery)."""
    validate_url(url, require_https=True)


def put_endpoint(scope: str, url: str, secret: str) -> Endpoint:
    endpoint = Endpoint(url=url, secret=secret, created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    try:
        _table().put_item(
            Item={**_key(scope), "url": url, "secret": secret, "created_at": endpoint.created_at},
        )
    except ClientError as error:
        raise StoreError("could not store the webhook endpoint") from error
    return endpoint


def get_endpoint(scope: str) -> Endpoint | None:
    try:
        item = _table().get_item(Key=_key(scope)).get("Item")
    except ClientError as error:
        raise StoreError("could not read the webhook endpoint") from error
    return Endpoint(url=item["url"], secret=item["secret"], created_at=item["created_at"]) if item else None


def deliver(url: str, body: str, headers: dict[str, str]) -> Delivery:
    """POST one signed event. Redirects are not followed: an endpoint must answer 2xx itself."""
    try:
        response = fetch(
            url,
            method="POST",
            headers={"Content-Type": "application/json", **headers},
            body=body,
            timeout=DELIVERY_TIMEOUT_SECONDS,
            max_bytes=64 * 1024,
            max_redirects=0,
            require_https=True,
        )
    except FetchFailed as error:
        return Delivery(False, error.reason)
    except UnsafeUrl:
        return Delivery(False, "unsafe_url")
    return Delivery(response.ok, f"HTTP {response.status}")
