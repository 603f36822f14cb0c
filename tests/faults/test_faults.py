"""No money in limbo (issue 18), short: one burst through the local API under every kind of fault at once.

The full scenarios (24+ SIGKILLs, 15% botocore faults with and without client retries, a crash between the commit
and the hand-off) with 150 orders each run in `make chaos` (python -m tests.faults), which prints the figures; this
keeps a small mix inside `make test`: 15% botocore faults of every kind on every function of the order path, crashes
right after a commit, and SIGKILLs of busy environments, with a client that never retries a 5xx.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.chaos import Scenario, run, summary, table

pytestmark = pytest.mark.e2e

MIXED = Scenario(
    "mixed faults, no client retry",
    faults="rate=0.15,seed=11,crash=0.1,crash_operations=TransactWriteItems+UpdateItem",
    kills=4,
    async_orders=16,
    sync_orders=8,
    connections=8,
)


def test_given_faults_and_kills_on_the_order_path_when_orders_burst_then_none_is_left_in_limbo(
    tmp_path: Path,
) -> None:
    # Given a local API injecting faults into every function of the order path (and killing busy environments),
    # and a webhook endpoint that fails each event's first delivery
    # When 16 async and 8 sync orders arrive at once from the funded production account, with no client retry
    figures = run(MIXED, tmp_path, log=print)
    print(f"\n{table([figures])}\n{summary(figures)}")

    # Then every order is COMPLETED or FAILED in time, the balance is funding less the COMPLETED totals, the
    # ledger agrees, no key has two orders, and every async order's webhook arrived
    assert figures.created > 0
    assert figures.stuck == 0, summary(figures)
    assert figures.stranded == 0, summary(figures)
    assert figures.audit_ok, summary(figures)
    assert figures.duplicates == 0, summary(figures)
    assert figures.webhooks_delivered == figures.webhooks_expected, summary(figures)
    assert figures.problems == [], summary(figures)
