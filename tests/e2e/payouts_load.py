"""What the payouts concurrency tests share: a fresh funded account, the order they place, reading the outcome."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.load import Call
from tests.order_bodies import item, order_body

TIMEOUT = 30
# SKY-US has a 6% discount: a 10.00 gift card costs 9.40.
PRICE = Decimal("9.40")


def sky_us_order(face_value: int) -> dict[str, Any]:
    """One SKY-US gift card (6% off) paid from the USD balance: the order every e2e payouts test places."""
    return order_body(item("SKY-US", face_value))


def usd_balance(api: LocalApiProcess, key: str) -> str:
    """The key's USD balance, as GET /v2/balance answers it."""
    answer = requests.get(
        api.url("/v2/balance"), params={"currency": "USD"}, headers={"X-Api-Key": key}, timeout=TIMEOUT
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["balance"])


ORDER = sky_us_order(10)


@dataclass
class Account:
    """A fresh account with its own key: tests running side by side never share data."""

    api: LocalApiProcess
    env: str
    name: str
    key: str

    @classmethod
    def create(cls, api: LocalApiProcess, env: str, label: str, funds: str | None = None) -> Account:
        name = f"e2e-{label}-{uuid.uuid4().hex[:8]}"
        key = api.create_key(env, name)
        # The roomier usage plan: these runs measure concurrency, not the standard plan's 10 requests a second.
        api.admin("limits", "set", "--env", env, "--account", name, "--plan", "scale")
        if funds is not None:
            api.top_up(env, name, funds)
        return cls(api, env, name, key)

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Api-Key": self.key}

    def order_call(self, idempotency_key: str, mode: str, tag: str = "order") -> Call:
        headers = {**self.headers, "X-Idempotency-Key": idempotency_key, "X-Execution-Mode": mode}
        return Call("POST", self.api.url("/v2/order"), headers, ORDER, tag)

    def list_call(self, tag: str = "list") -> Call:
        return Call("GET", self.api.url("/v2/order?limit=500"), self.headers, tag=tag)

    def balance_call(self, tag: str = "balance") -> Call:
        return Call("GET", self.api.url("/v2/balance?currency=USD"), self.headers, tag=tag)

    def balance(self) -> Decimal:
        response = requests.get(self.api.url("/v2/balance?currency=USD"), headers=self.headers, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return Decimal(response.json()["balance"])

    def orders(self) -> dict[str, dict[str, Any]]:
        """Every order the account can list, by id."""
        response = requests.get(self.api.url("/v2/order?limit=500"), headers=self.headers, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert len(items) < 500, "more orders than one page: the test placed too many"
        return {item["id"]: item for item in items}

    def order(self, order_id: str) -> dict[str, Any]:
        response = requests.get(self.api.url(f"/v2/order/{order_id}"), headers=self.headers, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def audit(self) -> dict[str, Any]:
        """`balance check` for USD: balance, ledger sum and whether they agree."""
        lines = [line for line in self.api.audit(self.env, self.name) if line["currency"] == "USD"]
        assert len(lines) == 1, lines
        return lines[0]
