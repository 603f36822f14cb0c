"""A daily cap on the model tokens one product may spend on /v1/chat (`ChatDailyTokenCap`, 0 = no cap).

Checked before a turn and counted after it, so the turn that crosses the cap completes and the next one is
refused with 429 `token_cap_reached` (and Retry-After) until 00:00 UTC. A soft cap by at most one turn's tokens:
an exact one would have to reserve tokens before knowing what the model will use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from runa.agent.errors import TokenCapReached

__all__ = ["TokenCapPorts", "TokenCapReached", "check", "spend"]


@dataclass(frozen=True)
class TokenCapPorts:
    used: Callable[[str, date], int]
    add: Callable[[str, date, int], None]


def check(owner: str, cap: int, ports: TokenCapPorts, *, now: datetime | None = None) -> None:
    if cap <= 0:
        return
    moment = now or datetime.now(UTC)
    if ports.used(owner, moment.date()) >= cap:
        midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        raise TokenCapReached(
            f"This product has used its {cap} model tokens for today; chat resumes at 00:00 UTC.",
            headers={"Retry-After": str(max(1, int((midnight - moment).total_seconds())))},
        )


def spend(owner: str, tokens: int, ports: TokenCapPorts, *, now: datetime | None = None) -> None:
    if tokens > 0:
        ports.add(owner, (now or datetime.now(UTC)).date(), tokens)
