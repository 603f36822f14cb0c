"""One TransactWriteItems with its cancellation reasons read back, for the payouts stores' money transactions.

The data modules build the elements (each module its own items); this runs them. DynamoDB cancels a transaction
that races another one on the same item (TransactionConflict); a short, jittered retry resolves it without
bothering the client, and the conditions are evaluated again on every attempt.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws, dynamodb
from runa.core.errors import StoreError

CONDITION_FAILED = "ConditionalCheckFailed"
_CONFLICT = "TransactionConflict"
_CONFLICT_ATTEMPTS = 6


@dataclass(frozen=True)
class Reason:
    """Why DynamoDB cancelled one element: `code` ("None" when that element was fine) and, for a failed
    condition asked with ReturnValuesOnConditionCheckFailure=ALL_OLD, the item as it was (plain values)."""

    code: str
    item: dict[str, Any] | None = None

    @property
    def condition_failed(self) -> bool:
        return self.code == CONDITION_FAILED


def _reasons(error: ClientError) -> list[Reason]:
    """Cancellation reasons carry their items in DynamoDB's typed form."""
    reasons: list[dict[str, Any]] = error.response.get("CancellationReasons", [])  # type: ignore[assignment]
    return [
        Reason(reason.get("Code") or "None", dynamodb.plain(reason["Item"]) if reason.get("Item") else None)
        for reason in reasons
    ]


def transact(items: list[dict[str, Any]]) -> list[Reason] | None:
    """Run one transaction; None when it committed, else one Reason per element (in the elements' order)."""
    for attempt in range(_CONFLICT_ATTEMPTS):
        try:
            dynamodb.transact_write_items(TransactItems=items)
            return None
        except ClientError as error:
            code = aws.error_code(error)
            if code != "TransactionCanceledException":
                raise StoreError(f"transaction failed: {code}") from error
            reasons = _reasons(error)
            if all(reason.code != _CONFLICT for reason in reasons) or attempt == _CONFLICT_ATTEMPTS - 1:
                return reasons
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter, not a secret
    raise AssertionError("unreachable")  # pragma: no cover
