"""The account registry: which customer accounts exist, in the AccountsTable (pk `ACCOUNTS`, sk `ACCOUNT#<name>`).

Only the operator's tool reads and writes it (no function does, so it stays out of the layer): creating an account
is an explicit command, and every other command refuses an account that was never created, so a mistyped
`--account` cannot quietly start a new one.
"""

from __future__ import annotations

import re
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.clock import iso_utc
from runa.core.settings import get_settings

# Lower-case letters, digits and dashes: account names appear in key records and every `<env>#<account>` scope.
ACCOUNT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_PK = "ACCOUNTS"


def _table() -> Any:
    return aws.table(get_settings().accounts_table)


def create(name: str) -> bool:
    """True when the account was created now, False when it already existed."""
    try:
        _table().put_item(
            Item={"pk": _PK, "sk": f"ACCOUNT#{name}", "account_id": name, "created_at": iso_utc()},
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as error:
        if aws.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def exists(name: str) -> bool:
    return "Item" in _table().get_item(Key={"pk": _PK, "sk": f"ACCOUNT#{name}"}, ProjectionExpression="pk")


def list_accounts() -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": _PK},
    }
    while True:
        page = _table().query(**kwargs)
        items += [{"account": item["account_id"], "created_at": item["created_at"]} for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
