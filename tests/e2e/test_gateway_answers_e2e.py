"""Answers API Gateway makes itself, through the local API process: they carry X-Request-Id. (Per-account limits
and their 429 are proven in tests/integration/test_local_emulator.py on a frozen clock: over HTTP on a busy
machine, timing decides whether a burst outruns the refill.)"""

from __future__ import annotations

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

TIMEOUT = 30


def test_gateway_made_answers_carry_x_request_id(local_api: LocalApiProcess) -> None:
    no_key = requests.get(local_api.url("/v2/ping"), timeout=TIMEOUT)
    no_route = requests.get(local_api.url("/v2/nowhere"), timeout=TIMEOUT)

    assert (no_key.status_code, no_route.status_code) == (401, 404)
    assert no_key.headers["X-Request-Id"] == no_key.headers["x-amzn-RequestId"]
    assert no_route.headers["X-Request-Id"]
