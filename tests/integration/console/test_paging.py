"""Every list of the console pages the same way: `?limit=&cursor=`, newest first, `nextCursor` null on the last page.
Following the cursors covers every item exactly once, in order, and only the owner's own; a cursor that is not one of
the list's own is a 400 and a bad limit a 422, both in the error shape."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from devtools.functions import load_handler
from runa.agent.data import tools as tool_store
from runa.agent.logic.tool_records import Tool
from runa.auth import store as key_store
from runa.auth.keys import make_key
from runa.console.data import audit as audit_store
from runa.console.models import AuditEntry
from runa.core import cursors
from runa.core.caller import Caller
from runa.payouts.data import balances, webhooks
from runa.payouts.logic.records import Attempt
from tests.conftest import api_event, response_json
from tests.integration.agent.conftest import agent_caller, chat
from tests.integration.console.conftest import Call, owner_claims

knowledge_api = load_handler("functions/agent_knowledge/")
PRODUCT = "prod_paging"
ACME = owner_claims("acme", email="ada@acme.example")
GLOBEX = owner_claims("globex", email="hank@globex.example")
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class PagedList:
    path: str
    items: str  # the answer's field holding the page
    ident: Callable[[dict[str, Any]], str]  # what tells two items apart
    query: dict[str, str]


AUDIT = PagedList("/manage/audit", "entries", lambda e: e["target"], {})
KEYS = PagedList("/manage/keys", "keys", lambda k: k["key_id"], {})
AGENT_QUERY = {"product_id": PRODUCT, "environment": "production"}
# Deliveries: production, the default environment
DELIVERIES = PagedList("/manage/webhooks/deliveries", "attempts", lambda a: f"{a['webhook_id']}/{a['attempt']}", {})
KNOWLEDGE = PagedList("/manage/agent/knowledge", "sources", lambda s: s["id"], AGENT_QUERY)
TOOLS = PagedList("/manage/agent/tools", "tools", lambda t: t["id"], AGENT_QUERY)
# The ledger: production, the default environment; movements of two currencies, merged newest first
LEDGER = PagedList("/manage/balances", "movements", lambda m: f"{m['currency']} {m['amount']}", {})
EVERY_LIST = [AUDIT, KEYS, DELIVERIES, KNOWLEDGE, TOOLS, LEDGER]


def _get(console: Call, listed: PagedList, claims: dict[str, str], **query: str) -> tuple[int, Any]:
    params = {name: [value] for name, value in {**listed.query, **query}.items()}
    return console("GET", listed.path, claims=claims, query=params)


def _walk(console: Call, listed: PagedList, claims: dict[str, str], limit: int) -> list[list[str]]:
    """Every page, following nextCursor from the first page to the last."""
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        status, page = _get(console, listed, claims, limit=str(limit), **({"cursor": cursor} if cursor else {}))
        assert status == 200, page
        pages.append([listed.ident(item) for item in page[listed.items]])
        cursor = page["nextCursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "the cursors never end"


# ---------------------------------------------------------------- seeding: N items of each list, known newest first


def _audit(account: str, count: int) -> list[str]:
    for n in range(count):
        at = (START + timedelta(seconds=n)).isoformat().replace("+00:00", "Z")
        entry = AuditEntry(at=at, actor_id="u", actor_email="o@x.example", action="key.create", target=f"{account}-{n}")
        audit_store.record(account, entry)
    return [f"{account}-{n}" for n in reversed(range(count))]


def _keys(account: str, count: int) -> list[str]:
    made = []
    for n in range(count):
        # Two keys a second: keys made in the same second follow their ids, as the index orders them.
        stored = replace(
            make_key("playground", account, None).stored,
            created_at=(START + timedelta(seconds=n // 2)).isoformat(timespec="seconds"),
        )
        key_store.put_key(stored)
        made.append((stored.created_at, stored.key_id))
    return [key_id for _, key_id in sorted(made, reverse=True)]


def _deliveries(account: str, count: int) -> list[str]:
    for n in range(count):
        at = int(START.timestamp()) + n * 60
        attempt = Attempt(f"msg_{account}_{n}", 1, at, n % 3 != 0, "HTTP 200", None)
        webhooks.put_attempt(f"production#{account}", attempt)
    return [f"msg_{account}_{n}/1" for n in reversed(range(count))]


def _ledger(account: str, count: int) -> list[str]:
    made = []
    for n in range(count):
        currency, amount = ("USD", "EUR")[n % 2], Decimal(f"{n + 1}.0{len(account)}")
        balances.top_up(f"production#{account}", currency, amount)
        made.append(f"{currency} {amount}")
        time.sleep(0.002)  # ledger order is the movements' ULIDs: to the millisecond
    return made[::-1]


def _knowledge(account: str, count: int, lambda_context: Any) -> list[str]:
    caller = agent_caller(PRODUCT, environment="production", account=account)
    ids = []
    for n in range(count):
        body = {"type": "text", "name": f"Doc {n}", "content": f"# Doc {n}\nFact number {n}."}
        response = knowledge_api(api_event("POST", "/v1/knowledge", caller=caller, body=body), lambda_context)
        assert response["statusCode"] == 202, response
        ids.append(str(response_json(response)["id"]))
    return sorted(ids, reverse=True)  # ids are ULIDs: creation order (to the millisecond, then random)


def _tools(account: str, count: int) -> list[str]:
    owner = Caller(account_id=account, environment="production", key_id="k1", product_id=PRODUCT).product_owner
    made = []
    for n in range(count):
        tool = Tool(
            tool_id=f"tool_{secrets.token_hex(8)}",
            name=f"tool_{n}",
            description=f"Tool number {n}",
            endpoint="https://tools.example.com/t",
            method="POST",
            parameters={"type": "object", "properties": {}},
            created_at=(START + timedelta(seconds=n // 2)).isoformat().replace("+00:00", "Z"),
            secret="plain:s",
        )
        tool_store.create(owner, tool)
        made.append((tool.created_at, tool.tool_id))
    return [tool_id for _, tool_id in sorted(made, reverse=True)]


@pytest.fixture
def seeded(aws: Any, lambda_context: Any) -> dict[str, list[str]]:
    """acme: 7 of each (more than two pages of 3); globex: 2 of each, which acme must never see."""
    for account, count in (("globex", 2), ("acme", 7)):
        seeded = {
            AUDIT.path: _audit(account, count),
            KEYS.path: _keys(account, count),
            DELIVERIES.path: _deliveries(account, count),
            KNOWLEDGE.path: _knowledge(account, count, lambda_context),
            TOOLS.path: _tools(account, count),
            LEDGER.path: _ledger(account, count),
        }
    return seeded


@pytest.mark.parametrize("listed", EVERY_LIST, ids=lambda listed: listed.path)
def test_given_more_items_than_a_page_when_following_the_cursors_then_each_comes_once_newest_first(
    console: Call, seeded: dict[str, list[str]], listed: PagedList
) -> None:
    # When: acme's owner pages through three at a time
    pages = _walk(console, listed, ACME, limit=3)

    # Then: pages of 3, 3 and 1, holding exactly acme's items, newest first, each once; the last has no cursor
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [ident for page in pages for ident in page] == seeded[listed.path]

    # And: a page as large as the list has every item and no cursor (never a cursor to an empty page)
    status, whole = _get(console, listed, ACME, limit="7")
    assert status == 200 and whole["nextCursor"] is None
    assert [listed.ident(item) for item in whole[listed.items]] == seeded[listed.path]


@pytest.mark.parametrize("listed", EVERY_LIST, ids=lambda listed: listed.path)
def test_given_another_accounts_cursor_then_it_only_moves_through_the_callers_own_items(
    console: Call, seeded: dict[str, list[str]], listed: PagedList
) -> None:
    # Given: a cursor of acme's list
    _, first = _get(console, listed, ACME, limit="1")
    assert first["nextCursor"]

    # When: globex's owner sends it
    status, page = _get(console, listed, GLOBEX, limit="100", cursor=first["nextCursor"])

    # Then: nothing of acme's (a cursor holds a position, never an account)
    assert status == 200
    assert not {listed.ident(item) for item in page[listed.items]} & set(seeded[listed.path])


def _foreign_cursors(listed: PagedList) -> list[str]:
    other = TOOLS if listed is not TOOLS else AUDIT
    return [
        "not-a-cursor",
        cursors.encode({"before": "KEY#x"}),
        cursors.encode({"after": "ks_01J0000000000000000000000"}),  # /v1's oldest-first knowledge cursor
        cursors.encode({"before": 42}),
        cursors.encode({"before": "2026-03-01T09:00:00Z#tool_ab", "extra": "x"}),
        other.path,
    ]


@pytest.mark.parametrize("listed", EVERY_LIST, ids=lambda listed: listed.path)
def test_given_a_cursor_not_of_this_list_then_400_pagination_error_in_the_error_shape(
    console: Call, aws: Any, listed: PagedList
) -> None:
    for cursor in _foreign_cursors(listed):
        status, body = _get(console, listed, ACME, cursor=cursor)
        assert status == 400, (cursor, body)
        assert body["type"] == "pagination_error" and body["message"] and body["help"].endswith("#pagination_error")


@pytest.mark.parametrize("listed", EVERY_LIST, ids=lambda listed: listed.path)
def test_given_a_bad_limit_or_an_overlong_cursor_then_422_validation_error_naming_it(
    console: Call, aws: Any, listed: PagedList
) -> None:
    for query, field in (({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"limit": "ten"}, "limit"),
                         ({"cursor": "x" * 1025}, "cursor")):  # fmt: skip
        status, body = _get(console, listed, ACME, **query)
        assert status == 422, (query, body)
        assert body["type"] == "validation_error"
        assert [detail["location"] for detail in body["details"]] == [["query", field]]


def test_given_the_overview_then_its_knowledge_and_tools_are_the_lists_first_pages(
    console: Call, seeded: dict[str, list[str]]
) -> None:
    _, overview = console("GET", "/manage/agent/overview", claims=ACME, query={"product_id": [PRODUCT]})
    assert overview["knowledge"] == _get(console, KNOWLEDGE, ACME)[1]
    assert overview["tools"] == _get(console, TOOLS, ACME)[1]
    assert [s["id"] for s in overview["knowledge"]["sources"]] == seeded[KNOWLEDGE.path]
    assert [t["id"] for t in overview["tools"]["tools"]] == seeded[TOOLS.path]


def test_given_conversations_then_the_console_pages_them_with_a_limit_too(console: Call, lambda_context: Any) -> None:
    # Given: three conversations of acme's product
    caller = agent_caller(PRODUCT, environment="production", account="acme")
    started = {chat(lambda_context, f"Hello {n}", caller=caller).body["sessionId"] for n in range(3)}
    conversations = PagedList("/manage/agent/conversations", "conversations", lambda c: c["id"], AGENT_QUERY)

    # When: paged one at a time
    pages = _walk(console, conversations, ACME, limit=1)

    # Then: each conversation once, on pages of one; and a bad limit is a 422 like the other lists'
    assert [len(page) for page in pages] == [1, 1, 1] and {i for page in pages for i in page} == started
    status, body = _get(console, conversations, ACME, limit="0")
    assert status == 422 and body["details"][0]["location"] == ["query", "limit"]
