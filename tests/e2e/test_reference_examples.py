"""Every example the API reference (/docs) pre-fills is accepted by the API: the request bodies come from the
pydantic models' examples (the OpenAPI documents are generated from them), and each is sent here as the page sends
it, with the key of its API (/v2: a playground key; /v1: the seeded agent key of prod_demo) and the headers the
document marks required."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _examples(document: dict[str, Any], schema: dict[str, Any]) -> list[Any]:
    """What the page pre-fills: the schema's first example; for a choice (oneOf), each option's."""
    node = _resolve(document, schema)
    if node.get("examples"):
        return [node["examples"][0]]
    options = node.get("oneOf") or node.get("anyOf") or []
    return [example for option in options for example in _examples(document, option)]


def _resolvable(host: str) -> bool:
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return False
    return True


def _operations(document: dict[str, Any], prefix: str) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in document["paths"].items():
        full = path if path.startswith(prefix + "/") else prefix + path
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method, full, operation))
    return found


@pytest.mark.parametrize("version", ["v2", "v1"])
def test_every_pre_filled_example_of_the_reference_is_accepted(local_api: LocalApiProcess, version: str) -> None:
    document = requests.get(local_api.url(f"/{version}/openapi.json"), timeout=30).json()
    auth = (
        {"X-Api-Key": local_api.playground_key}
        if version == "v2"
        else {"Authorization": f"Bearer {local_api.keys['agent']}"}
    )
    sent: list[str] = []
    refused: list[str] = []
    for method, path, operation in _operations(document, f"/{version}"):
        if "{" in path or method == "delete":  # needs an id from an earlier answer; deleting is not an example
            continue
        headers = dict(auth)
        for raw in operation.get("parameters", []):
            parameter = _resolve(document, raw)
            if parameter["in"] == "header" and parameter.get("required"):
                headers[parameter["name"]] = str(uuid.uuid4())  # X-Idempotency-Key: a fresh one per request
        body = operation.get("requestBody")
        bodies: list[Any] = [None]
        if body:
            bodies = _examples(document, body["content"]["application/json"]["schema"])
            assert bodies, f"{method.upper()} {path}: the reference has no example body to pre-fill"
        for example in bodies:
            response = requests.request(method.upper(), local_api.url(path), headers=headers, json=example, timeout=60)
            sent.append(f"{method.upper()} {path}")
            offline = "could not be resolved" in response.text and not _resolvable("tools.example.com")
            if response.status_code >= 400 and not offline:  # no DNS here: a public host cannot be checked
                refused.append(f"{method.upper()} {path} {example!r}: {response.status_code} {response.text[:300]}")

    assert refused == []
    assert len(sent) >= (7 if version == "v2" else 6)
