"""Every example the API reference (/docs) pre-fills is accepted by the API: the request bodies come from the
pydantic models' examples (the OpenAPI documents are generated from them), and each is sent here as the page sends
it, with the key of its API (/v2: a playground key; /v1: the seeded agent key of prod_demo) and the headers the
document marks required. Every operation is tried, and must answer its documented success status: a path parameter
gets the id of a resource made first with the document's own example (or of the seeded catalogue), and a DELETE
deletes a fresh one, which a GET then no longer finds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
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


def _operations(document: dict[str, Any], prefix: str) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in document["paths"].items():
        full = path if path.startswith(prefix + "/") else prefix + path
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method, full, operation))
    return found


@dataclass(frozen=True)
class Maker:
    """How to get a value for a path parameter: the operation that makes the resource (sent with the document's own
    example body), and the field of its answer that holds the id."""

    method: str
    path: str
    id_field: str


# Path parameters and the operation whose answer names them. `product_code` comes from the seeded catalogue.
MAKERS = {
    "id": Maker("post", "/v2/order", "id"),
    "tool_id": Maker("post", "/v1/tools", "id"),
    "source_id": Maker("post", "/v1/knowledge", "id"),
    "conversation_id": Maker("post", "/v1/chat", "sessionId"),
}


@dataclass
class Caller:
    local_api: LocalApiProcess
    document: dict[str, Any]
    prefix: str
    auth: dict[str, str]
    failures: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)

    def operation(self, method: str, path: str) -> dict[str, Any]:
        key = path if path in self.document["paths"] else path.removeprefix(self.prefix)
        operation: dict[str, Any] = self.document["paths"][key][method]
        return operation

    def headers(self, operation: dict[str, Any]) -> dict[str, str]:
        headers = dict(self.auth)
        for raw in operation.get("parameters", []):
            parameter = _resolve(self.document, raw)
            if parameter["in"] == "header" and parameter.get("required"):
                headers[parameter["name"]] = str(uuid.uuid4())  # X-Idempotency-Key: a fresh one per request
        return headers

    def bodies(self, operation: dict[str, Any]) -> list[Any]:
        body = operation.get("requestBody")
        if not body:
            return [None]
        return _examples(self.document, body["content"]["application/json"]["schema"])

    def send(self, method: str, template: str, url_path: str, example: Any) -> requests.Response:
        operation = self.operation(method, template)
        response = requests.request(
            method.upper(), self.local_api.url(url_path), headers=self.headers(operation), json=example, timeout=60
        )
        self.sent.append(f"{method.upper()} {template}")
        return response

    def make(self, name: str) -> str | None:
        """A fresh resource for the path parameter `name`, made with the document's example (the first of its
        examples the API accepts); its id."""
        if name == "product_code":
            catalogue = requests.get(self.local_api.url("/v2/product?limit=1"), headers=self.auth, timeout=30)
            return str(catalogue.json()["catalog"][0]["code"]) if catalogue.ok else None
        maker = MAKERS[name]
        answers = []
        for example in self.bodies(self.operation(maker.method, maker.path)):
            if maker.path == "/v1/tools":  # a name of its own: two tools of one product may not share one
                example = {**example, "name": f"tool_{uuid.uuid4().hex[:8]}"}
            response = self.send(maker.method, maker.path, maker.path, example)
            if response.ok:
                return str(response.json()[maker.id_field])
            answers.append(f"{response.status_code} {response.text[:200]}")
        self.failures.append(f"making {name} with {maker.method.upper()} {maker.path}: {answers}")
        return None

    def gone(self, url_path: str) -> int:
        return requests.get(self.local_api.url(url_path), headers=self.auth, timeout=30).status_code


def _success_statuses(operation: dict[str, Any]) -> set[int]:
    return {int(status) for status in operation["responses"] if status.startswith("2")}


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def _path_parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def _try(caller: Caller, method: str, path: str, made: dict[str, str]) -> None:
    """Send the operation's example(s) (a DELETE: on a fresh resource, then GET it) and check the answer."""
    operation = caller.operation(method, path)
    values = {}
    for name in _path_parameters(path):
        value = caller.make(name) if method == "delete" else made.get(name) or caller.make(name)
        if value is None:
            return  # the maker's failure is listed
        made.setdefault(name, value)
        values[name] = value
    url_path = _fill(path, values)
    expected = _success_statuses(operation)
    for example in caller.bodies(operation):
        response = caller.send(method, path, url_path, example)
        if response.status_code not in expected:
            caller.failures.append(
                f"{method.upper()} {url_path} {example!r}: {response.status_code} (documented {sorted(expected)}) "
                f"{response.text[:300]}"
            )
            continue
        caller.failures += _wrong_fields(caller, method, url_path, values, response)


def _wrong_fields(
    caller: Caller, method: str, url_path: str, values: dict[str, str], response: requests.Response
) -> list[str]:
    """Cheap checks of the answer: the resource named in the path is the one answered, a deleted one is gone."""
    body = response.json()
    ids = set(values.values())
    where = f"{method.upper()} {url_path}"
    problems = []
    answered = body.get("id", body.get("code")) if isinstance(body, dict) else None
    if ids and answered not in ids:
        problems.append(f"{where}: answered id {answered!r}, not {sorted(ids)}")
    if method == "delete":
        if body.get("deleted") is not True:
            problems.append(f"{where}: {body!r} does not say deleted")
        after = caller.gone(url_path)
        if after != 404:
            problems.append(f"{where}: a GET afterwards answered {after}, not 404")
    return problems


@pytest.mark.parametrize("version", ["v2", "v1"])
def test_every_pre_filled_example_of_the_reference_is_accepted(local_api: LocalApiProcess, version: str) -> None:
    document = requests.get(local_api.url(f"/{version}/openapi.json"), timeout=30).json()
    auth = (
        {"X-Api-Key": local_api.playground_key}
        if version == "v2"
        else {"Authorization": f"Bearer {local_api.keys['agent']}"}
    )
    caller = Caller(local_api, document, f"/{version}", auth)
    made: dict[str, str] = {}  # one resource per path parameter for the reads; each DELETE makes its own
    operations = _operations(document, f"/{version}")

    for method, path, _ in sorted(operations, key=lambda entry: entry[0] == "delete"):
        _try(caller, method, path, made)

    assert caller.failures == []
    # Every operation was tried, those with path parameters and the DELETEs included.
    assert {f"{method.upper()} {path}" for method, path, _ in operations} <= set(caller.sent)
    assert len(operations) >= (10 if version == "v2" else 14)
