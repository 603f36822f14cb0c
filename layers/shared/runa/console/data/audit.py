"""The audit table: pk `ACCOUNT#<account>`, sk `<at>#<ulid>` (newest last; read newest first, a page at a time)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from runa.console.models import AuditEntry
from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.ids import ulid
from runa.core.settings import get_settings


def _table() -> Table:
    return aws.table(get_settings().audit_table)


def _pk(account_id: str) -> str:
    return f"ACCOUNT#{account_id}"


def record(account_id: str, entry: AuditEntry) -> None:
    item = {"pk": _pk(account_id), "sk": f"{entry.at}#{ulid()}", **entry.model_dump()}
    try:
        _table().put_item(Item=item)
    except ClientError as error:
        raise StoreError(f"could not record audit entry: {aws.error_code(error)}") from error


def page(account_id: str, limit: int, before: str | None) -> tuple[list[AuditEntry], str | None]:
    """Up to `limit` entries newest first, after the entry whose sort key is `before`, and the sort key to continue
    from (None on the last page: one more item is read to know, so a cursor never leads to an empty page)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": _pk(account_id)},
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if before:
        query["ExclusiveStartKey"] = {"pk": _pk(account_id), "sk": before}
    try:
        items = _table().query(**query)["Items"]
    except ClientError as error:
        raise StoreError(f"could not read the audit trail: {aws.error_code(error)}") from error
    shown = items[:limit]
    entries = [
        AuditEntry.model_validate({name: item[name] for name in AuditEntry.model_fields if name in item})
        for item in shown
    ]
    return entries, (str(shown[-1]["sk"]) if len(items) > limit else None)
