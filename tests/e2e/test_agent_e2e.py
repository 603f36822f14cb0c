"""The agent through the local API over HTTP, as a user with curl would see it: register a tool served on
loopback, chat "Show me last month's revenue", see the signed call and the reply quoting its result, then the
conversation and the analytics that counted it. Another product's key sees none of it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from runa.core.sealing import verify_tool_call
from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

TIMEOUT = 30
REVENUE = {"period": "last month", "revenue": "48210.50", "currency": "EUR"}


class RevenueTool(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]]

    def do_GET(self) -> None:
        self.seen.append({"path": self.path, "headers": dict(self.headers.items())})
        body = json.dumps(REVENUE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def revenue_tool() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []
    handler = type("Handler", (RevenueTool,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/revenue", seen
    server.shutdown()
    server.server_close()


def test_given_a_registered_tool_when_a_user_chats_then_tool_conversation_and_analytics_agree(
    local_api: LocalApiProcess, revenue_tool: tuple[str, list[dict[str, Any]]]
) -> None:
    endpoint, seen = revenue_tool
    key = local_api.create_key("playground", "e2e-agent", "prod_e2e")
    auth = {"Authorization": f"Bearer {key}"}
    before = requests.get(local_api.url("/v1/analytics"), headers=auth, timeout=TIMEOUT).json()

    created = requests.post(
        local_api.url("/v1/tools"),
        headers=auth,
        json={
            "name": "get_revenue",
            "description": "Fetches revenue data for a given period",
            "endpoint": endpoint,
            "method": "GET",
            "parameters": {
                "type": "object",
                "properties": {"period": {"type": "string", "description": "e.g. last month"}},
                "required": ["period"],
            },
        },
        timeout=TIMEOUT,
    )
    assert created.status_code == 201, created.text
    tool = created.json()

    chat = requests.post(
        local_api.url("/v1/chat"),
        headers=auth,
        json={"productId": "prod_e2e", "message": "Show me last month's revenue"},
        timeout=TIMEOUT,
    )

    assert chat.status_code == 200, chat.text
    reply = chat.json()
    assert reply["reply"] == "Here is what get_revenue returned: period: last month; revenue: 48210.50; currency: EUR"
    assert [(c["name"], c["arguments"], c["status"]) for c in reply["toolCalls"]] == [
        ("get_revenue", {"period": "last month"}, "success")
    ]
    [request] = seen
    assert parse_qs(urlsplit(request["path"]).query) == {"period": ["last month"]}
    assert verify_tool_call(tool["secret"], request["headers"], "GET", request["path"], b"")

    session_id = reply["sessionId"]
    listed = requests.get(local_api.url("/v1/conversations"), headers=auth, timeout=TIMEOUT).json()
    assert listed["conversations"][0]["id"] == session_id
    assert listed["conversations"][0]["messageCount"] == 2
    read = requests.get(local_api.url(f"/v1/conversations/{session_id}"), headers=auth, timeout=TIMEOUT).json()
    assert [(m["role"], m["content"]) for m in read["messages"]] == [
        ("user", "Show me last month's revenue"),
        ("assistant", reply["reply"]),
    ]
    after = requests.get(local_api.url("/v1/analytics"), headers=auth, timeout=TIMEOUT).json()
    assert after["conversations"] == before["conversations"] + 1
    assert after["messagesTotal"] == before["messagesTotal"] + 2
    assert after["topIntents"][0] == "get_revenue"

    other = {"Authorization": f"Bearer {local_api.create_key('playground', 'e2e-agent', 'prod_e2e_other')}"}
    assert (
        requests.get(local_api.url(f"/v1/conversations/{session_id}"), headers=other, timeout=TIMEOUT).status_code
        == 404
    )
    assert requests.get(local_api.url("/v1/tools"), headers=other, timeout=TIMEOUT).json() == {"tools": []}
    assert requests.get(local_api.url("/v1/analytics"), headers=other, timeout=TIMEOUT).json()["conversations"] == 0
    forbidden = requests.post(
        local_api.url("/v1/chat"), headers=other, json={"productId": "prod_e2e", "message": "hi"}, timeout=TIMEOUT
    )
    assert (forbidden.status_code, forbidden.json()["type"]) == (403, "forbidden")


def test_given_the_seeded_agent_key_then_it_belongs_to_the_demo_product(local_api: LocalApiProcess) -> None:
    auth = {"Authorization": f"Bearer {local_api.keys['agent']}"}

    answer = requests.post(
        local_api.url("/v1/chat"), headers=auth, json={"productId": "prod_demo", "message": "hello"}, timeout=TIMEOUT
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["sessionId"].startswith("sess_")
