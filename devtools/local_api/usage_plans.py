"""Per-account limits in the local API, as API Gateway applies them deployed.

Deployed, the authorizer returns the account's usage-plan key (`usageIdentifierKey`) and API Gateway applies the
key's usage plan before the function runs: a token bucket (`Throttle.RateLimit` per second, `BurstLimit` deep)
answered with THROTTLED, and a quota per period (`Quota.Limit` per `DAY`) answered with QUOTA_EXCEEDED, both
429 `{"error": "rate exceeded"}` in our template; no key at all is INVALID_API_KEY (403). SAM's emulator has
no usage plans, so the emulator asks `UsagePlans.admit` after the authorizer allowed a request. The plans and
their limits come from template.yaml's AWS::ApiGateway::UsagePlan resources and the stack parameters; the
plan of a key is the one the authorizer names in its context (`plan`), as `runa-admin limits set` stored it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from runa_ops.template import resolve, resources_of_type

THROTTLED = "THROTTLED"
QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
NO_USAGE_KEY = "INVALID_API_KEY"


@dataclass(frozen=True)
class Plan:
    name: str
    rate: float  # requests per second, refilled continuously
    burst: int  # bucket depth
    daily_quota: int | None


@dataclass
class _Bucket:
    tokens: float
    updated: float


def _number(value: Any, parameters: dict[str, str]) -> float:
    return float(resolve(value, {}, parameters))


def plans_from_template(template: dict[str, Any], parameters: dict[str, str]) -> dict[str, Plan]:
    """Plan name (StandardUsagePlan -> standard) -> its limits, parameters resolved."""
    plans: dict[str, Plan] = {}
    for logical, spec in resources_of_type(template, "AWS::ApiGateway::UsagePlan").items():
        props = spec["Properties"]
        throttle, quota = props.get("Throttle", {}), props.get("Quota")
        if quota and quota.get("Period", "DAY") != "DAY":
            raise ValueError(f"{logical}: the local API emulates daily quotas only")
        name = logical.removesuffix("UsagePlan").lower()
        plans[name] = Plan(
            name=name,
            rate=_number(throttle["RateLimit"], parameters),
            burst=int(_number(throttle["BurstLimit"], parameters)),
            daily_quota=int(_number(quota["Limit"], parameters)) if quota else None,
        )
    return plans


class UsagePlans:
    def __init__(
        self,
        plans: dict[str, Plan],
        *,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
    ) -> None:
        self.plans = plans
        self._clock = clock
        self._today = today
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._used: dict[tuple[str, date], int] = {}

    @classmethod
    def from_template(cls, template: dict[str, Any], parameters: dict[str, str]) -> UsagePlans:
        return cls(plans_from_template(template, parameters))

    def admit(self, usage_key: str | None, plan_name: str | None) -> str | None:
        """None when the request may reach its function; else the gateway response API Gateway would give."""
        plan = self.plans.get(plan_name or "")
        if not usage_key or plan is None:
            return NO_USAGE_KEY
        with self._lock:
            day = (usage_key, self._today())
            if plan.daily_quota is not None and self._used.get(day, 0) >= plan.daily_quota:
                return QUOTA_EXCEEDED
            now = self._clock()
            bucket = self._buckets.setdefault(usage_key, _Bucket(tokens=plan.burst, updated=now))
            bucket.tokens = min(plan.burst, bucket.tokens + (now - bucket.updated) * plan.rate)
            bucket.updated = now
            if bucket.tokens < 1:
                return THROTTLED
            bucket.tokens -= 1
            self._used[day] = self._used.get(day, 0) + 1
        return None


def authorizer_grant(output: Any) -> tuple[str | None, str | None]:
    """(usageIdentifierKey, plan) from what the authorizer returned."""
    if not isinstance(output, dict):
        return None, None
    context = output.get("context") if isinstance(output.get("context"), dict) else {}
    return output.get("usageIdentifierKey"), (context or {}).get("plan")
