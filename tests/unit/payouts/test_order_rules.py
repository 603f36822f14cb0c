"""The order rules with in-memory stores behind their ports: idempotency and money decisions, no moto.

The stores' own conditions (one transaction, first writer wins) are proven against moto in
tests/integration/payouts and tests/concurrency; here the rules decide what to store, replay or refuse."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from runa.core.caller import Caller
from runa.payouts.errors import IdempotencyValidationError, InsufficientFunds, PaymentMethodUnavailable
from runa.payouts.logic import placing as orders
from runa.payouts.logic.order_ports import OrderPorts
from runa.payouts.logic.records import Debit, OrderInputs, OrderPage, OrderRecord, ProductTerms, StoredAnswer
from runa.payouts.models.orders import NewOrderDetails
from runa.payouts.models.products import Product
from runa_ops.admin.catalogue import SEED_FILE
from tests.order_bodies import item, order_body

# As the order path reads them: each seeded Product's stored JSON document as ProductTerms.
PRODUCTS = {
    p.code: ProductTerms.of(p.model_dump(mode="json"))
    for p in (Product.model_validate(e["product"]) for e in json.loads(SEED_FILE.read_text())["products"])
}
PRODUCTION = Caller(account_id="acme", environment="production", key_id="k")
PLAYGROUND = Caller(account_id="acme", environment="playground", key_id="k")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BODY = order_body(item("SKY-US", 10))


@dataclass
class Stores:
    """In-memory stores with the real ones' decisions: a key is taken once; a debit needs a covering balance."""

    balances: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    answers: dict[tuple[str, str], StoredAnswer] = field(default_factory=dict)
    orders: dict[str, OrderRecord] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    now: datetime = NOW

    def ports(self) -> OrderPorts:
        return OrderPorts(
            read_inputs=self.read_inputs,
            get_product=PRODUCTS.get,
            get_template=lambda scope, template_id: None,
            place_order=self.place_order,
            store_answer=self.store_answer,
            find_balance=lambda scope, currency: self.balances.get((scope, currency)),
            get_order=lambda scope, order_id: self.orders.get(order_id),
            list_orders=lambda *_: OrderPage(list(self.orders.values()), False, False),
            complete_order=lambda scope, order_id, at: None,
            settle_failed_order=lambda scope, order_id, at, message, refund: True,
            now=lambda: self.now,
        )

    def read_inputs(self, scope: str, key_hash: str, codes: list[str]) -> OrderInputs:
        self.calls.append("read")
        return OrderInputs(self.answers.get((scope, key_hash)), {c: PRODUCTS[c] for c in codes if c in PRODUCTS})

    def place_order(self, answer: StoredAnswer, order: OrderRecord, debit: Debit | None) -> StoredAnswer | None:
        self.calls.append("place")
        if (answer.scope, answer.key_hash) in self.answers:
            return self.answers[(answer.scope, answer.key_hash)]
        if debit is not None:
            held = self.balances.get((order.scope, debit.currency))
            if held is None or held < debit.amount:
                raise InsufficientFunds("not enough")
            self.balances[(order.scope, debit.currency)] = held - debit.amount
        self.answers[(answer.scope, answer.key_hash)] = answer
        self.orders[order.id] = order
        return None

    def store_answer(self, answer: StoredAnswer) -> StoredAnswer | None:
        self.calls.append("store")
        key = (answer.scope, answer.key_hash)
        if key in self.answers:
            return self.answers[key]
        self.answers[key] = answer
        return None


def _request(
    body: dict[str, Any] = BODY, mode: str = "sync", key: str = "k1", trigger: str | None = None
) -> orders.OrderRequest:
    return orders.OrderRequest(NewOrderDetails.model_validate(body), body, mode, key, trigger)


@pytest.fixture
def stores() -> Stores:
    return Stores(balances={("production#acme", "USD"): Decimal("100.00")})


def test_given_a_new_key_then_one_read_one_placement_and_the_price_is_debited(stores: Stores) -> None:
    answer = orders.create_order(PRODUCTION, _request(), stores.ports())

    assert (answer.status, answer.replayed, answer.body["status"]) == (200, False, "COMPLETED")
    assert stores.calls == ["read", "place"]
    assert stores.balances[("production#acme", "USD")] == Decimal("90.60")
    (stored,) = stores.answers.values()
    assert (stored.status_code, stored.response, stored.order_id) == (200, answer.body, answer.body["id"])


def test_given_a_stored_answer_then_it_is_replayed_from_the_read_alone(stores: Stores) -> None:
    first = orders.create_order(PRODUCTION, _request(), stores.ports())
    stores.calls.clear()

    again = orders.create_order(PRODUCTION, _request(), stores.ports())

    assert (again.status, again.body, again.replayed) == (200, first.body, True)
    assert stores.calls == ["read"]
    assert stores.balances[("production#acme", "USD")] == Decimal("90.60")


def test_given_the_key_with_another_body_then_idempotency_validation_error(stores: Stores) -> None:
    orders.create_order(PRODUCTION, _request(), stores.ports())
    other = {**BODY, "description": "another"}
    with pytest.raises(IdempotencyValidationError):
        orders.create_order(PRODUCTION, _request(other), stores.ports())


def test_given_a_racing_request_committed_first_then_its_answer_is_replayed(stores: Stores) -> None:
    winner = orders.create_order(PRODUCTION, _request(), stores.ports())
    ports = stores.ports()
    ports.read_inputs = lambda scope, key_hash, codes: OrderInputs(
        None, {"SKY-US": PRODUCTS["SKY-US"]}
    )  # read too early

    loser = orders.create_order(PRODUCTION, _request(), ports)

    assert (loser.body, loser.replayed) == (winner.body, True)
    assert len(stores.orders) == 1


def test_given_no_balance_in_the_currency_then_payment_method_unavailable_is_stored(stores: Stores) -> None:
    body = {**BODY, "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}}
    stores.balances.clear()

    with pytest.raises(PaymentMethodUnavailable):
        orders.create_order(PRODUCTION, _request(body), stores.ports())

    (stored,) = stores.answers.values()
    assert (stored.status_code, stored.response["type"], stored.order_id) == (400, "payment_method_unavailable", None)
    assert stores.orders == {}


def test_given_a_playground_order_then_nothing_is_debited(stores: Stores) -> None:
    answer = orders.create_order(PLAYGROUND, _request(), stores.ports())
    assert answer.status == 200
    assert stores.balances == {("production#acme", "USD"): Decimal("100.00")}


def test_given_a_triggered_500_then_nothing_is_stored(stores: Stores) -> None:
    with pytest.raises(orders.TriggeredServerError):
        orders.create_order(PLAYGROUND, _request(trigger="internal_server_error"), stores.ports())
    assert stores.answers == {}


def test_given_an_async_order_then_two_requests_and_no_send_its_commit_is_the_hand_off(stores: Stores) -> None:
    answer = orders.create_order(PRODUCTION, _request(mode="async"), stores.ports())

    assert (answer.status, answer.body["status"]) == (202, "PROCESSING")
    assert stores.calls == ["read", "place"]  # no queue port at all: the table's stream carries the order on
    assert stores.orders[answer.body["id"]].status == "PROCESSING"
    assert stores.balances[("production#acme", "USD")] == Decimal("90.60")


def test_given_a_stored_202_then_a_repeat_long_after_is_the_read_alone(stores: Stores) -> None:
    first = orders.create_order(PRODUCTION, _request(mode="async"), stores.ports())
    stores.calls.clear()
    stores.now = NOW + timedelta(minutes=5)

    again = orders.create_order(PRODUCTION, _request(mode="async"), stores.ports())

    assert (again.status, again.body, again.replayed) == (202, first.body, True)
    assert stores.calls == ["read"]
