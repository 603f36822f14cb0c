"""The console's payouts pages: an owner sees their own balances with the ledger, their orders (filtered by status,
with detail) and registers or rotates their webhook endpoint; never another account's or environment's data."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from runa.payouts.data import balances, webhooks
from runa.payouts.data import orders as order_store
from runa.payouts.data import products as product_store
from runa.payouts.logic.records import Attempt
from runa_ops.admin.catalogue import seed
from tests.integration.console.conftest import Call, owner_claims
from tests.integration.payouts.orders_support import PLAYGROUND_CALLER, item, order_body, post_order

ACME = owner_claims("acme", email="ada@acme.example")
OTHER = owner_claims("globex")


@pytest.fixture
def funded(aws: Any) -> Iterator[None]:
    """The seed catalogue and USD 100.00 on acme's production balance."""
    product_store.clear_cache()
    seed()
    balances.top_up("production#acme", "USD", Decimal("100.00"))
    yield
    product_store.clear_cache()


def test_given_a_funded_account_with_an_order_then_balances_show_the_ledger_newest_first(
    console: Call, funded: None
) -> None:
    # Given: a top-up of 100.00 and a sync order that took 9.xx from it
    status, order, _ = post_order(order_body(item(face_value=10)), key="console-1")
    assert status == 200

    # When
    status, body = console("GET", "/manage/balances", claims=ACME, query={"environment": ["production"]})

    # Then
    assert status == 200
    assert body["environment"] == "production"
    [usd] = body["balances"]
    assert usd["currency"] == "USD"
    assert Decimal(usd["balance"]) == Decimal("100.00") - Decimal(order["total_price"])
    assert [(m["kind"], m["order_id"]) for m in body["movements"]] == [("order_debit", order["id"]), ("top_up", None)]
    assert Decimal(body["movements"][0]["amount"]) < 0 < Decimal(body["movements"][1]["amount"])


def test_given_another_owner_then_they_see_none_of_acmes_money_or_orders(console: Call, funded: None) -> None:
    post_order(order_body(item()), key="console-2")

    _, money = console("GET", "/manage/balances", claims=OTHER, query={"environment": ["production"]})
    _, listed = console("GET", "/manage/orders", claims=OTHER, query={"environment": ["production"]})

    assert money["balances"] == [] and money["movements"] == []
    assert listed["items"] == []


def test_given_orders_when_filtered_by_status_then_only_those_and_the_detail_opens(console: Call, funded: None) -> None:
    # Given: one completed production order, and one playground order (another environment)
    _, completed, _ = post_order(order_body(item()), key="console-3")
    post_order(order_body(item()), key="console-4", caller=PLAYGROUND_CALLER)

    # When
    _, done = console(
        "GET", "/manage/orders", claims=ACME, query={"environment": ["production"], "status": ["COMPLETED"]}
    )
    _, failed = console(
        "GET", "/manage/orders", claims=ACME, query={"environment": ["production"], "status": ["FAILED"]}
    )
    status, detail = console(
        "GET",
        "/manage/orders/{order_id}",
        claims=ACME,
        query={"environment": ["production"]},
        path_parameters={"order_id": completed["id"]},
    )

    # Then
    assert [order["id"] for order in done["items"]] == [completed["id"]]
    assert failed["items"] == []
    assert status == 200 and detail["id"] == completed["id"] and detail["status"] == "COMPLETED"
    assert detail["items"] == completed["items"]  # the same full detail GET /v2/order/{id} gives


def _orders_query(console: Call, **query: str) -> dict[str, Any]:
    status, body = console("GET", "/manage/orders", claims=ACME, query={name: [v] for name, v in query.items()})
    assert status == 200, body
    return dict(body)


def _fail_stored(order_id: str) -> None:
    """As the consumer settles an order that failed (runa.payouts.data.orders: status FAILED, message)."""
    order_store._table().update_item(
        Key={"pk": order_store.order_pk("production#acme"), "sk": order_id},
        UpdateExpression="SET #status = :failed, failure_message = :message",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":failed": "FAILED", ":message": "The supplier refused it."},
    )


def test_given_matching_orders_only_on_an_older_page_when_filtered_then_the_first_page_finds_them(
    console: Call, funded: None
) -> None:
    # Given: five completed orders, of which the two oldest failed
    placed = [post_order(order_body(item()), key=f"console-filter-{n}")[1]["id"] for n in range(5)]
    for order_id in placed[:2]:
        _fail_stored(order_id)

    # When: the newest page of two is filtered on FAILED
    first = _orders_query(console, environment="production", status="FAILED", limit="2")

    # Then: the two failed ones, newest first, though the two newest orders are completed
    assert [order["id"] for order in first["items"]] == placed[1::-1]
    assert {order["status"] for order in first["items"]} == {"FAILED"}
    # And COMPLETED pages through the three others, and no further
    done = _orders_query(console, environment="production", status="COMPLETED", limit="2")
    assert [order["id"] for order in done["items"]] == placed[:1:-1][:2]
    older = _orders_query(
        console, environment="production", status="COMPLETED", limit="2", before=done["pagination"]["cursors"]["before"]
    )
    assert [order["id"] for order in older["items"]] == [placed[2]]
    assert older["pagination"]["cursors"].get("before") is None


def test_given_a_read_budget_smaller_than_the_history_then_the_filtered_page_says_where_to_go_on(
    console: Call, funded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given: four orders, the oldest failed, and a budget of two orders read per request
    placed = [post_order(order_body(item()), key=f"console-budget-{n}")[1]["id"] for n in range(4)]
    _fail_stored(placed[0])
    monkeypatch.setattr(order_store, "FILTER_READ_BUDGET", 2)

    # When: following the older cursor from the newest page
    pages: list[list[str]] = []
    query: dict[str, str] = {"environment": "production", "status": "FAILED", "limit": "10"}
    while True:
        page = _orders_query(console, **query)
        pages.append([order["id"] for order in page["items"]])
        before = page["pagination"]["cursors"].get("before")
        if not before or len(pages) > 5:
            break
        query["before"] = before

    # Then: the first request read only its budget (no match yet, but a cursor), the next one finds the order
    assert pages[:2] == [[], [placed[0]]]
    assert all(page == [] for page in pages[2:]) and len(pages) <= 3


def test_given_an_unknown_order_or_bad_filter_then_4xx_in_the_error_shape(console: Call) -> None:
    status, body = console(
        "GET",
        "/manage/orders/{order_id}",
        claims=ACME,
        path_parameters={"order_id": "O-nope"},
    )
    assert status == 404 and body["type"] == "not_found"

    status, body = console("GET", "/manage/orders", claims=ACME, query={"status": ["LOST"]})
    assert status == 422 and body["type"] == "validation_error"


def test_given_a_webhook_when_registered_then_rotated_then_each_secret_is_shown_once_and_audited(
    console: Call,
) -> None:
    # Given: no endpoint yet
    status, none = console("GET", "/manage/webhook", claims=ACME, query={"environment": ["playground"]})
    assert status == 200 and none["url"] is None

    # When: registered, then registered again (the rotation)
    request = {"environment": "playground", "url": "https://93.184.215.14/runa"}  # a public address: no DNS needed
    status, first = console("PUT", "/manage/webhook", claims=ACME, body=request)
    _, second = console("PUT", "/manage/webhook", claims=ACME, body=request)

    # Then: a new secret each time, the stored one is the latest, reads never show it
    assert status == 200
    assert first["secret"].startswith("whsec_") and second["secret"] != first["secret"]
    stored = webhooks.get_endpoint("playground#acme")
    assert stored is not None and stored.secret == second["secret"]
    _, shown = console("GET", "/manage/webhook", claims=ACME, query={"environment": ["playground"]})
    assert shown["url"] == request["url"] and "secret" not in shown
    _, audit = console("GET", "/manage/audit", claims=ACME)
    assert [e["action"] for e in audit["entries"]] == ["webhook.register", "webhook.register"]


def test_given_an_unsafe_webhook_url_then_400_and_nothing_is_stored_or_audited(console: Call) -> None:
    for url in ("http://hooks.example.com/x", "https://127.0.0.1/x", "https://169.254.169.254/latest"):
        status, body = console("PUT", "/manage/webhook", claims=ACME, body={"environment": "production", "url": url})
        assert status == 400, url
        assert body["type"] == "unsafe_url"

    assert webhooks.get_endpoint("production#acme") is None
    assert console("GET", "/manage/audit", claims=ACME)[1]["entries"] == []


def test_given_delivery_attempts_when_the_owner_lists_them_then_only_their_own_show_newest_first(
    console: Call, aws: Any
) -> None:
    # Given: acme's event failed once (to be retried in 60 s), then was delivered; globex has an attempt of its own
    webhooks.put_attempt(
        "production#acme",
        Attempt("evt_acme", attempt=1, at=1_767_225_600, ok=False, detail="HTTP 500", retry_in=60),
    )
    webhooks.put_attempt(
        "production#acme",
        Attempt("evt_acme", attempt=2, at=1_767_225_660, ok=True, detail="HTTP 200", retry_in=None),
    )
    webhooks.put_attempt(
        "production#globex",
        Attempt("evt_globex", attempt=1, at=1_767_225_700, ok=True, detail="HTTP 204", retry_in=None),
    )

    # When: acme's owner opens the deliveries
    status, body = console("GET", "/manage/webhooks/deliveries", claims=ACME, query={"environment": ["production"]})

    # Then: exactly acme's two attempts, newest first, delivered then failed (with when it would be retried)
    assert status == 200 and body["environment"] == "production"
    assert body["attempts"] == [
        {
            "webhook_id": "evt_acme",
            "attempt": 2,
            "at": "2026-01-01T00:01:00+00:00",
            "ok": True,
            "detail": "HTTP 200",
            "next_retry_at": None,
        },
        {
            "webhook_id": "evt_acme",
            "attempt": 1,
            "at": "2026-01-01T00:00:00+00:00",
            "ok": False,
            "detail": "HTTP 500",
            "next_retry_at": "2026-01-01T00:01:00+00:00",
        },
    ]

    # And: the per-event record operators read is unchanged
    assert [a["attempt"] for a in webhooks.list_attempts("production#acme", "evt_acme")] == [1, 2]

    # And: globex's owner sees only globex's attempt; an owner without attempts, or acme in the playground, sees none
    _, globex = console("GET", "/manage/webhooks/deliveries", claims=OTHER, query={"environment": ["production"]})
    assert [(a["webhook_id"], a["detail"]) for a in globex["attempts"]] == [("evt_globex", "HTTP 204")]
    stranger = owner_claims("initech")
    _, theirs = console("GET", "/manage/webhooks/deliveries", claims=stranger, query={"environment": ["production"]})
    assert theirs["attempts"] == []
    _, playground = console("GET", "/manage/webhooks/deliveries", claims=ACME, query={"environment": ["playground"]})
    assert playground["attempts"] == []


def test_given_no_token_or_a_bad_environment_then_deliveries_are_refused(console: Call) -> None:
    assert console("GET", "/manage/webhooks/deliveries", claims=None)[0] == 401
    status, body = console("GET", "/manage/webhooks/deliveries", claims=ACME, query={"environment": ["staging"]})
    assert status == 422 and body["type"] == "validation_error"


def test_given_more_orders_than_a_page_then_the_newest_come_first_and_cursors_page_through_all(
    console: Call, funded: None
) -> None:
    # Given: five production orders, listed three to a page
    placed = [post_order(order_body(item()), key=f"console-page-{n}")[1]["id"] for n in range(5)]
    query = {"environment": ["production"], "limit": ["3"]}

    # When: the first page, the older one it points to, and back to the newer one
    _, first = console("GET", "/manage/orders", claims=ACME, query=query)
    older_cursor = first["pagination"]["cursors"]["before"]
    _, older = console("GET", "/manage/orders", claims=ACME, query={**query, "before": [older_cursor]})
    _, newer = console(
        "GET", "/manage/orders", claims=ACME, query={**query, "after": [older["pagination"]["cursors"]["after"]]}
    )

    # Then: newest first on every page, nothing missed or repeated
    assert [order["id"] for order in first["items"]] == placed[::-1][:3]
    assert [order["id"] for order in older["items"]] == placed[::-1][3:]
    assert "before" not in older["pagination"]["cursors"]  # the oldest page
    assert [order["id"] for order in newer["items"]] == placed[::-1][:3]
