"""Concurrent HTTP against the local API, as a well-behaved client fires it: many connections at once, 429s retried.

Bounded on purpose: loopback only, a fixed number of calls, a fixed number of connections, one deadline for all.
A 429 (THROTTLED: every execution environment of the function is busy) is retried after a random, growing pause,
as the AWS SDKs do (base 0.1 s, cap 5 s); the function never ran for it, so the retry cannot double anything.
Every answer is kept, with how many times it was throttled first.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests

# All calls of one `fire` together must finish within this; a hung environment fails the test instead of the run.
# Generous: on a shared two-core machine under heavy load, 200 orders through one serialised moto take minutes.
DEADLINE_S = 900
REQUEST_TIMEOUT_S = 120
BACKOFF_BASE_S, BACKOFF_CAP_S = 0.1, 5.0


@dataclass(frozen=True)
class Call:
    """One HTTP request to make; `tag` says what it is for the assertions (e.g. which caller, which action)."""

    method: str
    url: str
    headers: dict[str, str]
    json: Any = None
    tag: str = ""


@dataclass
class Answer:
    call: Call
    status: int
    body: Any
    headers: dict[str, str]
    throttled: int = 0  # 429s before this answer

    @property
    def type(self) -> str | None:
        return self.body.get("type") if isinstance(self.body, dict) else None


@dataclass
class Fired:
    answers: list[Answer]
    elapsed_s: float
    throttled: int = field(init=False)

    def __post_init__(self) -> None:
        self.throttled = sum(answer.throttled for answer in self.answers)

    def statuses(self, tag: str | None = None) -> Counter[int]:
        return Counter(answer.status for answer in self.answers if tag is None or answer.call.tag == tag)

    def tagged(self, tag: str) -> list[Answer]:
        return [answer for answer in self.answers if answer.call.tag == tag]


def fire(calls: list[Call], connections: int) -> Fired:
    """Send every call with `connections` in flight at once (all released together), retrying 429s."""
    deadline = time.monotonic() + DEADLINE_S
    start = threading.Barrier(min(connections, len(calls)), timeout=60)
    local = threading.local()

    def send(call: Call) -> Answer:
        if not getattr(local, "started", False):  # the first call of each connection waits for the others
            local.started = True
            start.wait()
        throttled = 0
        while True:
            response = requests.request(
                call.method, call.url, headers=call.headers, json=call.json, timeout=REQUEST_TIMEOUT_S
            )
            if response.status_code != 429:
                return Answer(call, response.status_code, _json(response), dict(response.headers), throttled)
            throttled += 1
            assert response.json() == {"error": "rate exceeded"}, response.text
            assert time.monotonic() < deadline, f"still throttled after {DEADLINE_S}s: {call}"
            # Exponential backoff with full jitter, as the AWS SDKs retry: retries spread out instead of colliding.
            time.sleep(random.uniform(0, min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**throttled)))

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        answers = list(pool.map(send, calls, timeout=DEADLINE_S))
    return Fired(answers, time.perf_counter() - began)


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


def report(name: str, fired: Fired, extra: Callable[[], str] | None = None) -> None:
    """One line per run in the test output (-s or on failure): the figures the concurrency claims rest on."""
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(fired.statuses().items()))
    types = Counter(answer.type for answer in fired.answers if answer.type)
    print(
        f"[{name}] {len(fired.answers)} requests in {fired.elapsed_s:.1f}s; statuses {statuses}; "
        f"error types {dict(types)}; 429s retried {fired.throttled}" + (f"; {extra()}" if extra else "")
    )
