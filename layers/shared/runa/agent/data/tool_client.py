"""Calling a registered tool over `runa.net.safe_http`: SSRF rules at every call (address checked and pinned,
redirects re-checked), https only (loopback http only with the local setting), a deadline, a response cap, and a
signature the tool's owner can verify. Every failure becomes an error outcome with a non-empty message, so the
model is told and the chat still answers."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from runa.agent.logic.tool_records import Tool, ToolOutcome
from runa.core import sealing
from runa.core.errors import StoreError
from runa.core.observability import logger
from runa.net import safe_http

TIMEOUT_SECONDS = 5.0
MAX_RESPONSE_BYTES = 64 * 1024
ERROR_SNIPPET_CHARS = 300
USER_AGENT = "RunaAgent/1.0 (+https://docs.runa.io/tools)"
_QUERY_METHODS = ("GET", "DELETE")


def check_endpoint(endpoint: str) -> None:
    """Registration-time SSRF check (400 unsafe_url): https, no credentials, no loopback, private or link-local
    address (literal, `localhost`, or what the name resolves to now). A name that does not resolve yet is accepted:
    the rules that protect run again at every call (`invoke`), on the addresses the call then connects to."""
    safe_http.check_url(endpoint, require_https=True)


def _query_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def build_request(tool: Tool, arguments: dict[str, Any]) -> tuple[str, bytes]:
    """The URL and body of a call: GET/DELETE send the arguments as query parameters, the others as JSON."""
    if tool.method in _QUERY_METHODS:
        parts = urlsplit(tool.endpoint)
        extra = urlencode({name: _query_value(value) for name, value in arguments.items()})
        query = "&".join(part for part in (parts.query, extra) if part)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")), b""
    return tool.endpoint, json.dumps(arguments, separators=(",", ":")).encode()


def _result(response: safe_http.SafeResponse) -> Any:
    text = response.text()
    if response.content_type.endswith("json") or text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text if text.strip() else "(the tool answered with an empty body)"


def invoke(tool: Tool, arguments: dict[str, Any]) -> ToolOutcome:
    url, body = build_request(tool, arguments)
    try:
        secret = sealing.unseal(tool.secret, context={"tool_id": tool.tool_id})
    except StoreError:
        logger.exception("tool secret unavailable", extra={"tool_id": tool.tool_id})
        return ToolOutcome("error", "The platform could not sign the call to this tool; it was not called.")
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
        "X-Runa-Tool-Id": tool.tool_id,
        **sealing.sign_tool_call(secret, tool.method, url, body),
    }
    if tool.method not in _QUERY_METHODS:
        headers["Content-Type"] = "application/json"
    try:
        response = safe_http.fetch(
            url,
            method=tool.method,
            headers=headers,
            body=body if tool.method not in _QUERY_METHODS else None,
            timeout=TIMEOUT_SECONDS,
            max_bytes=MAX_RESPONSE_BYTES,
            require_https=True,
        )
    except safe_http.UnsafeUrl as error:
        logger.warning("tool endpoint refused", extra={"tool_id": tool.tool_id})
        return ToolOutcome("error", f"The tool's endpoint is not allowed: {error.message}")
    except safe_http.FetchFailed as error:
        logger.warning("tool call failed", extra={"tool_id": tool.tool_id, "reason": error.reason})
        return ToolOutcome("error", f"The tool call failed ({error.reason}): {error.message}")
    result = _result(response)
    if not response.ok:
        snippet = result if isinstance(result, str) else json.dumps(result)
        return ToolOutcome("error", f"The tool answered HTTP {response.status}: {snippet[:ERROR_SNIPPET_CHARS]}")
    return ToolOutcome("success", result)
