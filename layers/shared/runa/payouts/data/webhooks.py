"""Webhook endpoints (AccountsTable), their delivery over HTTP, and the record of every attempt (OrdersTable).

Endpoint item: pk=`ACCOUNT#<environment>#<account>`, sk=`WEBHOOK`, `url` (https), `secret` (the `whsec_...`
signing key, sealed with runa.core.sealing; endpoints registered before sealing hold it in clear until they
are registered again), `created_at`. One endpoint per account and environment; registering again replaces it.

Attempt item (expires after 30 days): pk=`WEBHOOK#<environment>#<account>#<webhook id>`,
sk=`ATTEMPT#<epoch seconds>#<attempt>`, `attempt`, `ok`, `detail`, `retry_in` (seconds, absent after the last).
The same attempt is also written to the account's feed (so the console lists the latest attempts of every event with
one Query, newest first): pk=`WEBHOOKS#<environment>#<account>`, sk=`ATTEMPT#<epoch seconds>#<webhook id>#<attempt>`,
the same fields plus `webhook_id`. Attempts recorded before the feed existed are only in their event's partition.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws, sealing
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.net import FetchFailed, UnsafeUrl, fetch, validate_url
from runa.payouts.logic.records import Attempt, Delivery, Endpoint

_SK = "WEBHOOK"
_ATTEMPTS_KEPT_SECONDS = 30 * 24 * 3600
# Receivers should answer fast and work later; a slow one must not hold the consumer.
DELIVERY_TIMEOUT_SECONDS = 5.0


def _table() -> Table:
    return aws.table(get_settings().accounts_table)


def _key(scope: str) -> dict[str, str]:
    return {"pk": f"ACCOUNT#{scope}", "sk": _SK}


def check_url(url: str) -> None:
    """Raise UnsafeUrl unless the URL is https to a public address (checked again on every delivery)."""
    validate_url(url, require_https=True)


def _sealing_context(scope: str) -> dict[str, str]:
    return {"webhook_endpoint": scope}


def put_endpoint(scope: str, url: str, secret: str) -> Endpoint:
    endpoint = Endpoint(url=url, secret=secret, created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    sealed = sealing.seal(secret, context=_sealing_context(scope))
    try:
        _table().put_item(
            Item={**_key(scope), "url": url, "secret": sealed, "created_at": endpoint.created_at},
        )
    except ClientError as error:
        raise StoreError("could not store the webhook endpoint") from error
    return endpoint


def get_endpoint(scope: str) -> Endpoint | None:
    try:
        item = _table().get_item(Key=_key(scope)).get("Item")
    except ClientError as error:
        raise StoreError("could not read the webhook endpoint") from error
    if not item:
        return None
    stored = item["secret"]
    secret = sealing.unseal(stored, context=_sealing_context(scope)) if sealing.is_sealed(stored) else stored
    return Endpoint(url=item["url"], secret=secret, created_at=item["created_at"])


def put_attempt(scope: str, attempt: Attempt) -> None:
    """Record one attempt in its event's partition and in the account's feed."""
    fields: dict[str, Any] = {
        "attempt": attempt.attempt,
        "ok": attempt.ok,
        "detail": attempt.detail,
        "expires_at": attempt.at + _ATTEMPTS_KEPT_SECONDS,
    }
    if attempt.retry_in is not None:
        fields["retry_in"] = attempt.retry_in
    at, number, webhook_id = f"{attempt.at:011d}", f"{attempt.attempt:02d}", attempt.webhook_id
    table = aws.table(get_settings().orders_table)
    try:
        table.put_item(Item={"pk": f"WEBHOOK#{scope}#{webhook_id}", "sk": f"ATTEMPT#{at}#{number}", **fields})
        feed_key = {"pk": _feed_pk(scope), "sk": f"ATTEMPT#{at}#{webhook_id}#{number}"}
        table.put_item(Item={**feed_key, "webhook_id": webhook_id, **fields})
    except ClientError as error:
        raise StoreError(f"could not record the webhook attempt: {aws.error_code(error)}") from error


def _feed_pk(scope: str) -> str:
    return f"WEBHOOKS#{scope}"


def attempts_page(scope: str, limit: int, before: str | None) -> tuple[list[Attempt], str | None]:
    """The account's attempts across all its events, newest first (one Query, no Scan): up to `limit` after the one
    whose feed sort key is `before`, and the sort key to continue from (None on the last page: one more item is read
    to know, so a cursor never leads to an empty page)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :attempt)",
        "ExpressionAttributeValues": {":pk": _feed_pk(scope), ":attempt": "ATTEMPT#"},
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if before:
        query["ExclusiveStartKey"] = {"pk": _feed_pk(scope), "sk": before}
    try:
        items = aws.table(get_settings().orders_table).query(**query).get("Items", [])
    except ClientError as error:
        raise StoreError(f"could not read the webhook attempts: {aws.error_code(error)}") from error
    shown = items[:limit]
    attempts = [
        Attempt(
            webhook_id=item["webhook_id"],
            attempt=int(item["attempt"]),
            at=int(item["sk"].split("#")[1]),
            ok=bool(item["ok"]),
            detail=item["detail"],
            retry_in=int(item["retry_in"]) if "retry_in" in item else None,
        )
        for item in shown
    ]
    return attempts, (str(shown[-1]["sk"]) if len(items) > limit else None)


def list_attempts(scope: str, webhook_id: str) -> list[dict[str, Any]]:
    """Every recorded attempt of one event, oldest first (operators' tool)."""
    try:
        page = aws.table(get_settings().orders_table).query(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :attempt)",
            ExpressionAttributeValues={":pk": f"WEBHOOK#{scope}#{webhook_id}", ":attempt": "ATTEMPT#"},
        )
    except ClientError as error:
        raise StoreError(f"could not read the webhook attempts: {aws.error_code(error)}") from error
    return [
        {
            "attempt": int(item["attempt"]),
            "at": int(item["sk"].split("#")[1]),
            "ok": bool(item["ok"]),
            "detail": item["detail"],
            "retry_in": int(item["retry_in"]) if "retry_in" in item else None,
        }
        for item in page.get("Items", [])
    ]


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
