"""The local API's usage plans behave as API Gateway's: a token bucket per account key, a daily quota, and no
plan means no entry; the plans and limits are template.yaml's."""

from __future__ import annotations

from datetime import date

from devtools.infra import TEMPLATE_PATH
from devtools.local_api.gateway_headers import gateway_headers
from devtools.local_api.usage_plans import (
    NO_USAGE_KEY,
    QUOTA_EXCEEDED,
    THROTTLED,
    Plan,
    UsagePlans,
    plans_from_template,
)
from runa_ops.template import load_template, parameter_defaults

TEMPLATE = load_template(TEMPLATE_PATH)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.day = date(2026, 12, 2)

    def __call__(self) -> float:
        return self.now


def _plans(plan: Plan, clock: Clock) -> UsagePlans:
    return UsagePlans({plan.name: plan}, clock=clock, today=lambda: clock.day)


def test_the_plans_and_their_limits_come_from_the_template_and_its_parameters() -> None:
    plans = plans_from_template(TEMPLATE, parameter_defaults(TEMPLATE))
    assert plans["standard"] == Plan("standard", rate=10.0, burst=20, daily_quota=10000)
    assert plans_from_template(TEMPLATE, {**parameter_defaults(TEMPLATE), "ScalePlanRateLimit": "7"})["scale"].rate == 7


def test_given_a_burst_then_requests_past_the_bucket_are_throttled_until_it_refills() -> None:
    clock = Clock()
    plans = _plans(Plan("standard", rate=10, burst=20, daily_quota=None), clock)

    answers = [plans.admit("key-a", "standard") for _ in range(21)]

    assert answers[:20] == [None] * 20
    assert answers[20] == THROTTLED
    # Another account has its own bucket.
    assert plans.admit("key-b", "standard") is None
    clock.now += 0.1  # one request's worth at 10 per second
    assert plans.admit("key-a", "standard") is None
    assert plans.admit("key-a", "standard") == THROTTLED


def test_given_the_daily_quota_is_spent_then_refused_until_the_next_utc_day() -> None:
    clock = Clock()
    plans = _plans(Plan("standard", rate=1000, burst=1000, daily_quota=3), clock)

    answers = [plans.admit("key-a", "standard") for _ in range(4)]

    assert answers == [None, None, None, QUOTA_EXCEEDED]
    clock.day = date(2026, 12, 3)
    assert plans.admit("key-a", "standard") is None


def test_given_no_usage_key_or_an_unknown_plan_then_no_entry() -> None:
    plans = _plans(Plan("standard", rate=10, burst=20, daily_quota=None), Clock())
    assert plans.admit(None, "standard") == NO_USAGE_KEY
    assert plans.admit("key-a", "gold") == NO_USAGE_KEY


def test_every_gateway_response_of_the_template_carries_the_request_id() -> None:
    [api] = [spec for spec in TEMPLATE["Resources"].values() if spec["Type"] == "AWS::Serverless::Api"]
    for response in api["Properties"]["GatewayResponses"].values():
        assert gateway_headers(response, "req-1") == {"X-Request-Id": "req-1"}
