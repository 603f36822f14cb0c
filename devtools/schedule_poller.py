"""EventBridge Scheduler, locally: invoke a function with a scheduled event every `every_seconds`.

The template's ScheduleExpression (e.g. rate(1 minute)) is not parsed: locally the period is the local API's
`--sweep-every`, so the safety net acts within seconds (docs/local-development.md).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from devtools.background import BackgroundLoop

LOG = logging.getLogger("devtools.schedule_poller")


def scheduled_event(schedule_arn: str, region: str) -> dict[str, Any]:
    """The event EventBridge Scheduler sends a Lambda target by default."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [schedule_arn],
        "detail": "{}",
    }


class SchedulePoller(BackgroundLoop):
    def __init__(
        self, *, name: str, invoke: Callable[[dict[str, Any]], Any], every_seconds: float, region: str = "eu-west-1"
    ) -> None:
        self.name = name
        self.invoke = invoke
        self.every_seconds = every_seconds
        self.region = region
        self.schedule_arn = f"arn:aws:scheduler:{region}:123456789012:schedule/default/local-{name}"
        super().__init__(f"schedule-{name}")

    def describe(self) -> str:
        return f"Schedule every {self.every_seconds:g}s  ->  {self.name} (--sweep-every)"

    def run_once(self) -> Any:
        return self.invoke(scheduled_event(self.schedule_arn, self.region))

    def _run(self) -> None:
        while not self._stop.wait(self.every_seconds):
            try:
                self.run_once()
            except Exception:  # like Scheduler with no retries: the next run is the retry
                LOG.exception("scheduled run of %s failed", self.name)
