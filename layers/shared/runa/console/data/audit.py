"""The audit table: pk `ACCOUNT#<account>`, sk `<at>#<ulid>` (newest last; read newest first)."""

from __future__ import annotations

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


def recent(account_id: str, limit: int) -> list[AuditEntry]:
    try:
        items = _table().query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": _pk(account_id)},
            ScanIndexForward=False,
            Limit=limit,
        )["Items"]
    except ClientError as error:
        raise StoreError(f"could not read the audit trail: {aws.error_code(error)}") from error
    return [
        AuditEntry.model_validate({name: item[name] for name in AuditEntry.model_fields if name in item})
        for item in items
    ]
