"""The payouts pages of the console: an owner reads their own account in either environment, through the same
rules the /v2 API applies to a key of that account (so the console can never show more than a key could)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from runa.console.logic import paging
from runa.console.logic.audit import entry
from runa.console.models import AuditEntry
from runa.console.owner import Owner
from runa.console.payouts_models import WebhookAttemptOut, WebhookCreated, WebhookDeliveries, WebhookOut
from runa.core.caller import Caller

if TYPE_CHECKING:
    from runa.payouts.logic.records import Attempt

CONSOLE_KEY_ID = "console"  # the Caller's key id for owner reads: no API key is involved
# A movement's place in the ledger: its ULID (sort key `LEDGER#<currency>#<ULID>`).
LEDGER_POSITION = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
# A delivery attempt's place in the account's feed (its sort key): `ATTEMPT#<epoch s>#<webhook id>#<nn>`.
ATTEMPT_POSITION = re.compile(r"ATTEMPT#\d{11}#[A-Za-z0-9_.:-]{1,128}#\d{2,3}")


def as_caller(owner: Owner, environment: str) -> Caller:
    return Caller(account_id=owner.account_id, environment=environment, key_id=CONSOLE_KEY_ID)


@dataclass(frozen=True)
class WebhookPorts:
    """Registration and the endpoint read from runa.payouts (logic.webhooks, data.webhooks), and the audit trail."""

    register: Callable[[str, str], tuple[str, str, str]]  # (scope, url) -> (url, created_at, secret)
    check_url: Callable[[str], None]
    record: Callable[[str, AuditEntry], None]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def register_webhook(owner: Owner, environment: str, url: str, ports: WebhookPorts) -> WebhookCreated:
    """Register (or replace) the endpoint with a new signing secret: also how the secret is rotated."""
    ports.check_url(url)  # a refused URL is a 400 and records nothing
    ports.record(owner.account_id, entry(owner, "webhook.register", environment, ports.now(), url=url))
    stored_url, created_at, secret = ports.register(as_caller(owner, environment).scope, url)
    return WebhookCreated(environment=environment, url=stored_url, created_at=created_at, secret=secret)


def webhook_view(environment: str, url: str | None, created_at: str | None) -> WebhookOut:
    return WebhookOut(environment=environment, url=url, created_at=created_at)


def webhook_deliveries(
    owner: Owner,
    environment: str,
    limit: int,
    cursor: str | None,
    attempts_page: Callable[[str, int, str | None], tuple[list[Attempt], str | None]],
) -> WebhookDeliveries:
    """A page of the delivery attempts of the owner's own account in `environment`, newest first."""
    before = paging.position(cursor, ATTEMPT_POSITION)
    attempts, last = attempts_page(as_caller(owner, environment).scope, limit, before)
    return WebhookDeliveries(
        environment=environment, attempts=[_attempt_view(a) for a in attempts], nextCursor=paging.next_cursor(last)
    )


def _attempt_view(attempt: Attempt) -> WebhookAttemptOut:
    at = datetime.fromtimestamp(attempt.at, UTC)
    retry = None if attempt.retry_in is None else at + timedelta(seconds=attempt.retry_in)
    return WebhookAttemptOut(
        webhook_id=attempt.webhook_id,
        attempt=attempt.attempt,
        at=at.isoformat(timespec="seconds"),
        ok=attempt.ok,
        detail=attempt.detail,
        next_retry_at=None if retry is None else retry.isoformat(timespec="seconds"),
    )
