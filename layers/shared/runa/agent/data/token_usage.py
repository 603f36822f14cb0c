"""Model tokens a product spent on chat per UTC day (SessionsTable `TOKENS#<owner>` / `DAY#<yyyy-mm-dd>`,
`tokens`, expiring after a week): what the daily cap (runa.agent.logic.token_cap) reads and adds to."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings

_KEPT = timedelta(days=7)


def _key(owner: str, day: date) -> dict[str, str]:
    return {"pk": f"TOKENS#{owner}", "sk": f"DAY#{day.isoformat()}"}


def _table() -> Table:
    return aws.table(get_settings().sessions_table)


def used(owner: str, day: date) -> int:
    try:
        item = _table().get_item(Key=_key(owner, day)).get("Item")
    except ClientError as error:
        raise StoreError(f"sessions table: read token usage failed ({aws.error_code(error)})") from error
    return int(item["tokens"]) if item else 0


def add(owner: str, day: date, tokens: int) -> None:
    expires = int((datetime.combine(day, time(), tzinfo=UTC) + _KEPT).timestamp())
    try:
        _table().update_item(
            Key=_key(owner, day),
            UpdateExpression="ADD tokens :n SET expires_at = :expires",
            ExpressionAttributeValues={":n": tokens, ":expires": expires},
        )
    except ClientError as error:
        raise StoreError(f"sessions table: add token usage failed ({aws.error_code(error)})") from error
