"""Agent test helpers: callers with a product, a loopback HTTP server that plays a registered tool, and short
ways to call the three agent functions in-process through their handlers."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from devtools.functions import load_handler
from runa.core.settings import reset_settings
from tests.conftest import api_event, response_json

chat_handler = load_handler("functions/agent_chat/")
tools_handler = load_handler("functions/agent_tools/")
analytics_handler = load_handler("functions/agent_analytics/")

PRODUCT = "prod_abc123"
OTHER_PRODUCT = "prod_other9"


def agent_caller(
    product: str | None = PRODUCT, environment: str = "playground", account: str = "acme"
) -> dict[str, str]:
    return {"accountId": account, "environment": environment, "keyId": "k1", "productId": product or ""}


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


def call(
    handler: Callable[..., Any],
    method: str,
    path: str,
    context: Any,
    *,
    caller: dict[str, str] | None = None,
    body: Any = None,
    query: dict[str, str] | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
) -> Answer:
    event = api_event(
        method,
        path,
        caller=caller if caller is not None else agent_caller(),
        body=body,
        query={k: [v] for k, v in query.items()} if query else None,
        resource=resource,
        path_parameters=path_parameters,
    )
    response = handler(event, context)
    # REST API answers carry most headers in multiValueHeaders.
    headers = {name: values[-1] for name, values in (response.get("multiValueHeaders") or {}).items()}
    headers.update(response.get("headers") or {})
    return Answer(response["statusCode"], response_json(response), headers)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class ToolServer:
    """A tool on 127.0.0.1 (ephemeral port). `reply` decides each answer: (status, headers, body bytes)."""

    base_url: str
    requests: list[Recorded] = field(default_factory=list)
    reply: Callable[[Recorded], tuple[int, dict[str, str], bytes]] = lambda _: (
        200,
        {"Content-Type": "application/json"},
        json.dumps({"period": "last month", "revenue": "12345.67", "currency": "EUR"}).encode(),
    )

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@pytest.fixture
def loopback_allowed(monkeypatch: pytest.MonkeyPatch, aws: Any) -> None:
    """The local API's setting: tools may be served over http on loopback (nothing else changes)."""
    monkeypatch.setenv("ALLOW_LOOPBACK_HTTP", "true")
    reset_settings()


@pytest.fixture
def tool_server(loopback_allowed: None) -> Iterator[ToolServer]:
    server_ref: dict[str, ToolServer] = {}

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            recorded = Recorded(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
            tool = server_ref["server"]
            tool.requests.append(recorded)
            status, headers, body = tool.reply(recorded)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_ref["server"] = ToolServer(base_url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server_ref["server"]
    httpd.shutdown()
    httpd.server_close()


REVENUE_TOOL = {
    "name": "get_revenue",
    "description": "Fetches revenue data for a given period",
    "method": "GET",
    "parameters": {
        "type": "object",
        "properties": {"period": {"type": "string", "description": "The period, e.g. last month"}},
        "required": ["period"],
    },
}


def register_tool(context: Any, endpoint: str, caller: dict[str, str] | None = None, **overrides: Any) -> Answer:
    body = {**REVENUE_TOOL, "endpoint": endpoint, **overrides}
    return call(tools_handler, "POST", "/v1/tools", context, caller=caller, body=body)


def chat(context: Any, message: str, caller: dict[str, str] | None = None, **fields: Any) -> Answer:
    product = (caller or agent_caller())["productId"] or PRODUCT
    body = {"productId": product, "message": message, **fields}
    return call(chat_handler, "POST", "/v1/chat", context, caller=caller, body=body)


def conversation(context: Any, session_id: str, caller: dict[str, str] | None = None) -> Answer:
    return call(
        chat_handler,
        "GET",
        f"/v1/conversations/{session_id}",
        context,
        caller=caller,
        resource="/v1/conversations/{conversation_id}",
        path_parameters={"conversation_id": session_id},
    )
