"""Response conformance: every /v2 answer a test receives is checked against the official document.

`check_v2(method, path, status, content_type, body)` raises `ContractViolation` when the answer breaks the contract
a client written against `runa-v2-openapi.json` relies on:

- the status is one the document lists for the operation, or one of the deliberate differences listed (once, with
  their reasons) in docs/payouts.md, "Deliberate differences from the official document";
- a JSON body is promised: the Content-Type is application/json;
- the body validates against the document's schema for that operation and status (JSON Schema 2020-12, the
  document's 3.0-style `nullable: true` read as "null allowed" there and nowhere else, formats checked);
- no object carries a field the document does not declare for it (the document does not forbid extra fields, but
  a new field is a contract change that must be made on purpose, in the document first).

Wired in: the integration tests' /v2 handlers (`conforming(handler)`) and every HTTP call of the e2e tests
(`checking_http(base_url)` in tests/e2e/conftest.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import requests
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[1]
# A verbatim copy of ../shared/reference/runa-v2-openapi.json, so a clean clone can run the tests.
OFFICIAL_V2 = ROOT / "tests" / "integration" / "payouts" / "runa-v2-openapi.json"
DEVIATIONS_DOC = ROOT / "docs" / "payouts.md"
V2_PREFIX = "/v2"
_URI = "urn:runa:v2"
_DEVIATIONS = re.compile(r"<!-- deviations:start -->(.*?)<!-- deviations:end -->", re.S)
_OPERATION = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`]*)`")
EVERY_OPERATION = ("*", "*")


class ContractViolation(AssertionError):
    pass


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # as the document spells it, without /v2: "/order/{id}"
    pattern: re.Pattern[str]
    responses: dict[str, Any]


def _nullable_to_2020(node: Any) -> Any:
    """`{..., nullable: true}` (OpenAPI 3.0) -> `anyOf: [{...}, {type: null}]`; local `$ref`s made absolute."""
    if isinstance(node, list):
        return [_nullable_to_2020(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable_to_2020(value) for key, value in node.items() if key != "nullable"}
    if isinstance(converted.get("$ref"), str) and converted["$ref"].startswith("#"):
        converted["$ref"] = _URI + converted["$ref"]  # absolute, so any subschema validates on its own
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def _document() -> dict[str, Any]:
    document: dict[str, Any] = _nullable_to_2020(json.loads(OFFICIAL_V2.read_text()))
    return document


@cache
def _registry() -> referencing.Registry[Any]:
    return referencing.Registry().with_resource(_URI, DRAFT202012.create_resource(_document()))


@cache
def _operations() -> tuple[Operation, ...]:
    found = []
    # Literal segments win over parameters (/order/estimate is not /order/{id}).
    for template, operations in sorted(_document()["paths"].items(), key=lambda item: item[0].count("{")):
        pattern = re.compile("^" + re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(template)) + "$")
        for method, operation in operations.items():
            if method != "parameters":
                found.append(Operation(method.upper(), template, pattern, operation["responses"]))
    return tuple(found)


@cache
def deviations() -> dict[tuple[str, str], frozenset[str]]:
    """{(METHOD, template): statuses} from the table in docs/payouts.md: the statuses we answer on purpose that
    the official document does not list for that operation. The fuzz tests allow exactly these too."""
    match = _DEVIATIONS.search(DEVIATIONS_DOC.read_text())
    if match is None:
        raise RuntimeError(f"{DEVIATIONS_DOC} has no deviations table")
    allowed: dict[tuple[str, str], set[str]] = {}
    for line in match.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not (_OPERATION.search(cells[0]) or "every operation" in cells[0]):
            continue
        statuses = set(re.findall(r"\b[1-5][0-9]{2}\b", cells[1]))
        for method, template in _OPERATION.findall(cells[0]):
            allowed.setdefault((method, template), set()).update(statuses)
        if "every operation" in cells[0]:
            allowed.setdefault(EVERY_OPERATION, set()).update(statuses)
    return {key: frozenset(value) for key, value in allowed.items()}


def deviations_of(method: str, template: str) -> frozenset[str]:
    """The listed deliberate statuses of one operation, those listed for every operation included."""
    listed = deviations()
    return listed.get((method.upper(), template), frozenset()) | listed.get(EVERY_OPERATION, frozenset())


def operation_for(method: str, path: str) -> Operation | None:
    """The document's operation for a request path such as /v2/order/O-123, or None when it has none."""
    if not path.startswith(V2_PREFIX + "/"):
        return None
    bare = path.split("?", 1)[0].removeprefix(V2_PREFIX)
    for operation in _operations():
        if operation.method == method.upper() and operation.pattern.match(bare):
            return operation
    return None


# The document is parsed once and never changed, so its nodes can be memoised by identity (each entry keeps its
# node alive, so an id is never reused): checking an answer then costs validation only, not re-resolving refs and
# rebuilding validators for every node of every answer.
_DEREFERENCED: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
_VALIDATORS: dict[int, tuple[dict[str, Any], jsonschema.protocols.Validator]] = {}


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    hit = _DEREFERENCED.get(id(node))
    if hit is not None:
        return hit[1]
    resolved = node
    while "$ref" in resolved:
        target: Any = _document()
        for part in resolved["$ref"].removeprefix(_URI).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        resolved = {**target, **{k: v for k, v in resolved.items() if k != "$ref"}}
    _DEREFERENCED[id(node)] = (node, resolved)
    return resolved


# Every `$ref` of the document is absolute (`_nullable_to_2020`) and the document has no `$dynamicRef`, so what a ref
# resolves to does not depend on where it is met: it is looked up once (as jsonschema would) and then reused, instead
# of jsonschema looking it up again (URL parsing, pointer walk, a new resolver) each time an answer crosses it.
_RESOLVED: dict[str, Any] = {}


def _ref(validator: Any, ref: str, instance: Any, schema: dict[str, Any]) -> Any:
    resolved = _RESOLVED.get(ref)
    if resolved is None:
        if not ref.startswith(_URI + "#"):
            yield from validator._validate_reference(ref=ref, instance=instance)
            return
        resolved = _RESOLVED[ref] = validator._resolver.lookup(ref)
    yield from validator.descend(instance, resolved.contents, resolver=resolved.resolver)


_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"$ref": _ref})


def _validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    hit = _VALIDATORS.get(id(schema))
    if hit is not None:
        return hit[1]
    validator = _Validator(schema, registry=_registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


@cache
def _response_schema(ref: str) -> dict[str, Any]:
    return {"$ref": ref}


def _parts(schema: dict[str, Any], instance: Any) -> list[dict[str, Any]]:
    """The schemas that apply to `instance`: this one, its allOf parts, and the oneOf/anyOf branches it matches."""
    schema = _deref(schema)
    parts = [schema]
    for sub in schema.get("allOf", []):
        parts += _parts(sub, instance)
    for keyword in ("oneOf", "anyOf"):
        branches = [sub for sub in schema.get(keyword, []) if _validator(_deref(sub)).is_valid(instance)]
        for sub in branches:
            parts += _parts(sub, instance)
    return parts


def undeclared_fields(schema: dict[str, Any], instance: Any, where: str = "$") -> list[str]:
    """Fields of `instance` that no applicable schema declares (maps with additionalProperties excepted)."""
    problems: list[str] = []
    parts = _parts(schema, instance)
    if isinstance(instance, dict):
        declared: dict[str, list[dict[str, Any]]] = {}
        open_map: list[dict[str, Any]] = []
        for part in parts:
            for name, sub in part.get("properties", {}).items():
                declared.setdefault(name, []).append(sub)
            if isinstance(part.get("additionalProperties"), dict):
                open_map.append(part["additionalProperties"])
        for name, value in instance.items():
            subs = declared.get(name) or open_map
            if not subs:
                problems.append(f"{where}.{name}: not in the official schema")
            for sub in subs:
                problems += undeclared_fields(sub, value, f"{where}.{name}")
    elif isinstance(instance, list):
        items = [part["items"] for part in parts if isinstance(part.get("items"), dict)]
        for index, value in enumerate(instance):
            for sub in items:
                problems += undeclared_fields(sub, value, f"{where}[{index}]")
    return problems


def check_v2(method: str, path: str, status: int, content_type: str | None, body: bytes | str | None) -> None:
    """Raise ContractViolation if this /v2 answer breaks the official document (see the module docstring)."""
    operation = operation_for(method, path)
    if operation is None:
        return  # not an operation of the document (an unknown route): nothing promised
    name = f"{method.upper()} {operation.template} -> {status}"
    documented = operation.responses.get(str(status))
    if documented is None:
        if str(status) in deviations_of(operation.method, operation.template):
            return  # a listed deliberate difference: its body is our error shape, checked by the error tests
        raise ContractViolation(f"{name}: status not in the official document nor in docs/payouts.md's list")
    content = _deref(documented).get("content", {}).get("application/json")
    if content is None:
        return
    if not (content_type or "").lower().startswith("application/json"):
        raise ContractViolation(f"{name}: Content-Type {content_type!r}, the document promises application/json")
    try:
        instance = json.loads(body or b"")
    except ValueError as error:
        raise ContractViolation(f"{name}: body is not JSON ({error})") from None
    pointer = f"/paths/{operation.template.replace('/', '~1')}/{operation.method.lower()}/responses/{status}"
    schema = _response_schema(f"{_URI}#{pointer}/content/application~1json/schema")
    if "$ref" in documented:  # a shared response (#/components/responses/...)
        schema = _response_schema(documented["$ref"] + "/content/application~1json/schema")
    errors = sorted(_validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
    problems = [f"$.{'.'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:5]]
    if not problems:
        problems = undeclared_fields(content["schema"], instance)
    if problems:
        raise ContractViolation(f"{name} breaks the official document:\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------- wiring


def _header(headers: dict[str, Any] | None, name: str) -> str | None:
    return next((str(v) for k, v in (headers or {}).items() if k.lower() == name.lower()), None)


def conforming(handler: Callable[[dict[str, Any], Any], Any]) -> Callable[[dict[str, Any], Any], Any]:
    """A Lambda handler whose every /v2 answer is checked against the official document (integration tests)."""

    def checked(event: dict[str, Any], context: Any) -> Any:
        response = handler(event, context)
        multi = {k: v[-1] for k, v in (response.get("multiValueHeaders") or {}).items() if v}
        content_type = _header({**multi, **(response.get("headers") or {})}, "Content-Type")
        check_v2(
            str(event.get("httpMethod")),
            str(event.get("path")),
            response["statusCode"],
            content_type,
            response.get("body"),
        )
        return response

    return checked


@contextmanager
def checking_http(base_url: str) -> Iterator[None]:
    """While open, every `requests` answer from `base_url` + /v2 is checked (e2e tests: one line in conftest)."""
    original = requests.Session.send

    def send(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        response = original(session, request, **kwargs)
        url = request.url or ""
        if url.startswith(base_url + V2_PREFIX + "/"):
            path = url[len(base_url) :]
            check_v2(
                str(request.method), path, response.status_code, response.headers.get("Content-Type"), response.content
            )
        return response

    requests.Session.send = send  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        requests.Session.send = original  # type: ignore[method-assign]
