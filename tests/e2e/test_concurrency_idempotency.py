"""One idempotency key fired 50 times at once makes one order and one debit, sync and async, every time.

Through the local API over HTTP. Every other answer is a replay of the first (same status and body,
`X-Idempotent-Replayed: true`) or `idempotency_in_progress` while the first is still running.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.load import fire, report
from tests.e2e.payouts_load import PRICE, Account

pytestmark = pytest.mark.e2e

COPIES = 50
REPETITIONS = 5
FUNDS = Decimal("100.00")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_given_one_idempotency_key_fired_50_times_at_once_then_one_order_and_one_debit(
    local_api: LocalApiProcess, mode: str
) -> None:
    account = Account.create(local_api, "production", f"idem-{mode}", str(FUNDS))
    accepted_status = 200 if mode == "sync" else 202
    order_ids: set[str] = set()

    for repetition in range(1, REPETITIONS + 1):
        # When one key is sent 50 times at once
        key = f"idem-{mode}-{repetition}"
        fired = fire([account.order_call(key, mode) for _ in range(COPIES)], COPIES)
        report(f"idempotency {mode} #{repetition}", fired)

        # Then one answer is the original and every other is its replay or idempotency_in_progress
        originals = [
            answer
            for answer in fired.answers
            if answer.status == accepted_status and answer.headers.get("X-Idempotent-Replayed") != "true"
        ]
        assert len(originals) == 1, fired.statuses()
        original = originals[0]
        for answer in fired.answers:
            if answer is original:
                continue
            if answer.status == 400:
                assert answer.type == "idempotency_in_progress", answer.body
            else:
                assert answer.headers.get("X-Idempotent-Replayed") == "true"
                assert (answer.status, answer.body) == (original.status, original.body)

        # ...and exactly one more order and one more debit
        order_ids.add(original.body["id"])
        assert set(account.orders()) == order_ids
        assert account.balance() == FUNDS - PRICE * repetition

    assert account.audit()["ok"] is True
