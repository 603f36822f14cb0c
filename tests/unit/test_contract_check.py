"""The contract check itself (tests/contract.py) refuses what breaks the official document, through its refs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.contract import ContractViolation, check_v2


def _check(body: Any) -> None:
    check_v2("GET", "/v2/balance?currency=USD", 200, "application/json", json.dumps(body))


def test_a_conforming_balance_passes() -> None:
    _check({"balance": "10.00", "currency": "USD"})


@pytest.mark.parametrize(
    "body",
    [
        {"balance": {"amount": "10.00"}, "currency": "USD"},  # a referenced schema's type
        {"balance": "10.00", "currency": "USD", "extra": 1},  # a field the document does not declare
        [{"balance": "10.00", "currency": 5}],  # the other branch of the oneOf: a list of balances, one wrong
    ],
)
def test_a_balance_that_breaks_the_document_is_refused(body: Any) -> None:
    with pytest.raises(ContractViolation):
        _check(body)
