"""/v1/tools: registration (secret shown once, schema and SSRF checks), listing, reading, deleting, and product
isolation."""

from __future__ import annotations

import socket
from typing import Any

import boto3
import pytest

from runa.core.sealing import verify_tool_call
from runa.core.settings import get_settings, reset_settings
from tests.integration.agent.conftest import (
    OTHER_PRODUCT,
    REVENUE_TOOL,
    ToolServer,
    agent_caller,
    call,
    chat,
    register_tool,
    tools_handler,
)


def _tool(context: Any, tool_id: str, method: str = "GET", caller: dict[str, str] | None = None) -> Any:
    return call(
        tools_handler,
        method,
        f"/v1/tools/{tool_id}",
        context,
        caller=caller,
        resource="/v1/tools/{tool_id}",
        path_parameters={"tool_id": tool_id},
    )


def _public_dns(monkeypatch: pytest.MonkeyPatch, address: str = "93.184.215.14") -> None:
    """Resolve every name to `address`, so no test depends on real DNS."""

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_given_a_valid_tool_when_registered_then_201_with_its_secret_once(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_dns(monkeypatch)

    created = register_tool(lambda_context, "https://api.example.com/revenue")

    assert created.status == 201
    assert created.body["id"].startswith("tool_")
    assert created.body["name"] == "get_revenue"
    assert created.body["status"] == "active"
    assert created.body["secret"].startswith("tsk_")
    assert created.body["parameters"] == REVENUE_TOOL["parameters"]
    listed = call(tools_handler, "GET", "/v1/tools", lambda_context)
    assert listed.status == 200
    assert [tool["id"] for tool in listed.body["tools"]] == [created.body["id"]]
    one = _tool(lambda_context, created.body["id"])
    assert one.status == 200
    assert "secret" not in one.body and "secret" not in listed.body["tools"][0]
    assert created.body["secret"] not in str(listed.body) + str(one.body)


def test_given_no_parameters_then_an_empty_object_schema_is_stored(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_dns(monkeypatch)

    created = register_tool(lambda_context, "https://api.example.com/ping", parameters=None, name="ping", method="post")

    assert created.status == 201
    assert created.body["parameters"] == {"type": "object", "properties": {}}
    assert created.body["method"] == "POST"


def test_given_a_tool_when_deleted_then_gone_and_its_name_free_again(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_dns(monkeypatch)
    tool_id = register_tool(lambda_context, "https://api.example.com/revenue").body["id"]

    deleted = _tool(lambda_context, tool_id, "DELETE")

    assert (deleted.status, deleted.body) == (200, {"deleted": True, "id": tool_id})
    assert _tool(lambda_context, tool_id).status == 404
    assert _tool(lambda_context, tool_id, "DELETE").status == 404
    assert call(tools_handler, "GET", "/v1/tools", lambda_context).body == {"tools": []}
    assert register_tool(lambda_context, "https://api.example.com/revenue").status == 201


def test_given_a_taken_name_then_409_conflict(aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _public_dns(monkeypatch)
    register_tool(lambda_context, "https://api.example.com/revenue")

    again = register_tool(lambda_context, "https://api.example.com/other")

    assert (again.status, again.body["type"]) == (409, "conflict")


@pytest.mark.parametrize(
    "parameters",
    [
        {"type": "array"},
        {"type": "object", "properties": {"x": {"type": "banana"}}},
        {"type": "object", "properties": {"x": {"$ref": "https://evil.example/schema.json"}}},
    ],
)
def test_given_a_bad_parameters_schema_then_422_on_parameters(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch, parameters: dict[str, Any]
) -> None:
    _public_dns(monkeypatch)

    answer = register_tool(lambda_context, "https://api.example.com/revenue", parameters=parameters)

    assert (answer.status, answer.body["type"]) == (422, "validation_error")
    assert answer.body["details"][0]["location"] == ["body", "parameters"]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"name": "has spaces"}, ["body", "name"]),
        ({"method": "TRACE"}, ["body", "method"]),
        ({"description": ""}, ["body", "description"]),
        ({"parameters": "not an object"}, ["body", "parameters"]),
    ],
)
def test_given_bad_fields_then_422_validation_error(
    aws: Any, lambda_context: Any, body: dict[str, Any], location: list[str]
) -> None:
    answer = register_tool(lambda_context, "https://api.example.com/revenue", **body)

    assert (answer.status, answer.body["type"]) == (422, "validation_error")
    assert answer.body["details"][0]["location"] == location


@pytest.mark.parametrize(
    ("endpoint", "why"),
    [
        ("http://127.0.0.1:8080/revenue", "https"),
        ("https://127.0.0.1/revenue", "loopback"),
        ("https://localhost/revenue", "loopback"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://10.1.2.3/revenue", "private"),
        ("https://172.16.0.1/revenue", "private"),
        ("https://192.168.1.10/revenue", "private"),
        ("https://100.64.0.1/revenue", "non-public"),
        ("https://[::ffff:127.0.0.1]/revenue", "IPv4-mapped"),
        ("https://[::ffff:a9fe:a9fe]/revenue", "IPv4-mapped"),
        ("https://[::1]/revenue", "loopback"),
        ("ftp://api.example.com/revenue", "http"),
        ("http://api.example.com/revenue", "https"),
    ],
)
def test_given_an_endpoint_that_breaks_the_ssrf_rules_then_400_unsafe_url(
    aws: Any, lambda_context: Any, endpoint: str, why: str
) -> None:
    assert get_settings().allow_loopback_http is False

    answer = register_tool(lambda_context, endpoint)

    assert (answer.status, answer.body["type"]) == (400, "unsafe_url")
    assert why in answer.body["message"]
    assert call(tools_handler, "GET", "/v1/tools", lambda_context).body == {"tools": []}


def test_given_a_name_that_resolves_to_a_private_address_then_400_unsafe_url(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_dns(monkeypatch, "10.0.0.8")

    answer = register_tool(lambda_context, "https://internal.example.com/revenue")

    assert (answer.status, answer.body["type"]) == (400, "unsafe_url")
    assert "internal.example.com" in answer.body["message"]
    assert "10.0.0.8" not in answer.body["message"]


def test_given_a_host_that_does_not_resolve_yet_then_201_and_the_call_is_what_checks_it(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given: no DNS answer for the tool's host (not published yet, or an offline machine: the reference's example)
    def no_answer(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_answer)

    # When
    created = register_tool(lambda_context, "https://tools.example.com/order-status")

    # Then: registered; the call-time check (every call resolves, checks and pins the address) refuses to call it
    assert created.status == 201, created.body
    answer = chat(lambda_context, "Show me last month's revenue")
    assert answer.status == 200
    assert answer.body["toolCalls"][0]["status"] == "error"
    assert "dns_failed" in answer.body["toolCalls"][0]["result"]


def test_given_a_name_that_turns_private_after_registration_then_the_call_is_refused(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_dns(monkeypatch)
    assert register_tool(lambda_context, "https://api.example.com/revenue").status == 201
    _public_dns(monkeypatch, "192.168.0.10")  # DNS rebinding: the name now points inside

    answer = chat(lambda_context, "Show me last month's revenue")

    assert answer.status == 200
    assert answer.body["toolCalls"][0]["status"] == "error"
    assert "private address" in answer.body["toolCalls"][0]["result"]


def test_given_another_products_key_then_its_tools_are_invisible(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_dns(monkeypatch)
    tool_id = register_tool(lambda_context, "https://api.example.com/revenue").body["id"]
    other = agent_caller(product=OTHER_PRODUCT)
    production = agent_caller(environment="production")

    for intruder in (other, production):
        assert call(tools_handler, "GET", "/v1/tools", lambda_context, caller=intruder).body == {"tools": []}
        assert _tool(lambda_context, tool_id, caller=intruder).status == 404
        assert _tool(lambda_context, tool_id, "DELETE", caller=intruder).status == 404
    assert _tool(lambda_context, tool_id).status == 200
    # The same name is free in the other product.
    assert register_tool(lambda_context, "https://api.example.com/revenue", caller=other).status == 201


def test_given_a_key_without_a_product_then_403(aws: Any, lambda_context: Any) -> None:
    answer = call(tools_handler, "GET", "/v1/tools", lambda_context, caller=agent_caller(product=None))

    assert (answer.status, answer.body["type"]) == (403, "forbidden")


def test_given_a_kms_key_then_the_secret_is_stored_encrypted_and_calls_still_verify(
    tool_server: ToolServer, lambda_context: Any, monkeypatch: pytest.MonkeyPatch, aws: Any
) -> None:
    key_id = boto3.client("kms").create_key()["KeyMetadata"]["KeyId"]
    monkeypatch.setenv("SECRETS_KEY_ID", key_id)
    reset_settings()
    created = register_tool(lambda_context, tool_server.url("/revenue"))
    secret = created.body["secret"]

    chat(lambda_context, "Show me last month's revenue")

    items = boto3.resource("dynamodb").Table(aws.physical["ToolsTable"]).scan()["Items"]
    stored = next(item for item in items if item["sk"].startswith("TOOL#"))
    assert stored["secret"].startswith("kms:")
    assert secret not in str(items)
    [request] = tool_server.requests
    assert verify_tool_call(secret, request.headers, "GET", request.path, request.body)
