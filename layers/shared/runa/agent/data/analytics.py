"""Analytics counters: the per-day items chat moves in the SessionsTable (`STATS#<owner>` / `DAY#<yyyy-mm-dd>`).

Reading a window is one Query over at most 366 small items of the owner's partition, never a scan. The counters'
keys are defined here, where sessions' turn transaction takes them, so reading them loads none of the chat records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.settings import get_settings

# A day item's attribute per intent: `intent#<name>` = how many turns of the day had it.
INTENT_PREFIX = "intent#"


def stats_pk(owner: str) -> str:
    return f"STATS#{owner}"


def read_days(owner: str, first: date, last: date) -> list[dict[str, Any]]:
    """Analytics counters of the days in [first, last] that had activity (at most 366 small items)."""
    table = aws.table(get_settings().sessions_table)
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND sk BETWEEN :first AND :last",
        "ExpressionAttributeValues": {
            ":pk": stats_pk(owner),
            ":first": f"DAY#{first.isoformat()}",
            ":last": f"DAY#{last.isoformat()}",
        },
    }
    days: list[dict[str, Any]] = []
    try:
        while True:
            page = table.query(**kwargs)
            for item in page.get("Items", []):
                days.append(
                    {
                        "day": str(item["sk"]).removeprefix("DAY#"),
                        "conversations": int(item.get("conversations", 0)),
                        "messages": int(item.get("messages", 0)),
                        "intents": {
                            name[len(INTENT_PREFIX) :]: int(value)
                            for name, value in item.items()
                            if name.startswith(INTENT_PREFIX)
                        },
                    }
                )
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError(f"sessions table: read analytics failed ({aws.error_code(error)})") from error
    return days
