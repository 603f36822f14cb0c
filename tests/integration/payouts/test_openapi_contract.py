"""The /v2 OpenAPI document that Powertools generates from our pydantic models describes the same shapes as the
official contract (runa-v2-openapi.json), operation by operation, field by field.

For each of the ten operations: the request body schema, the schema of every status the official document
lists, and that every official parameter (query, path, header) is declared. Both sides are reduced to a
canonical form first, which is where OpenAPI 3.0-style and 3.1 / pydantic spellings of the same thing meet:

- `$ref`s (schemas and `#/components/responses/...`) are resolved; `allOf` is merged (properties and required
  lists unioned, a property named twice is merged key by key, so `SyncCompletedOrder`'s `status: {enum:
  [COMPLETED]}` narrows the referenced `status`).
- Nullability: the official `nullable: true` and pydantic's `anyOf: [X, {type: null}]` / `type: [X, "null"]` both
  become `X` plus a nullable flag. Any other `oneOf`/`anyOf` is a list of variants, paired by kind (type and
  property names) because their order carries no meaning. `const` is a one-value `enum`.
- Compared exactly: property names, types, enums, array items, map values (`additionalProperties`), and the
  formats that change what a value is (date-time, date, uri, email, uuid, decimal) whenever the official document
  declares one.
- Compared by direction, because "a client written against the official document works unchanged" is the rule:
  in a response, every field the official document requires must be required (always sent) by ours and we may
  send `null` only where it allows `null`; in a request, we may require only what it requires and must accept
  `null` wherever it does. (Requiring more in a response, or accepting more in a request, breaks no client.)
- Ignored: titles, descriptions, examples, defaults, patterns and length bounds (documentation, not shape).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from devtools.openapi import build_document

# A verbatim copy of the official document (shared/reference/runa-v2-openapi.json), so a clean clone can run this.
OFFICIAL_PATH = Path(__file__).with_name("runa-v2-openapi.json")
MEANINGFUL_FORMATS = {"date-time", "date", "uri", "email", "uuid", "decimal"}
OPERATIONS = [
    ("/ping", "get"),
    ("/balance", "get"),
    ("/order", "get"),
    ("/order", "post"),
    ("/order/{id}", "get"),
    ("/order/estimate", "post"),
    ("/product", "get"),
    ("/product/{product_code}", "get"),
    ("/product/countries", "get"),
    ("/product/categories", "get"),
]


def _official() -> dict[str, Any]:
    return json.loads(OFFICIAL_PATH.read_text())


class Canon:
    """Reduces the schemas of one document to a canonical form (see the module docstring)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def deref(self, node: dict[str, Any]) -> dict[str, Any]:
        seen: set[str] = set()
        while "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise ValueError(f"cyclic $ref {ref}")
            seen.add(ref)
            target: Any = self.document
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def merge_all_of(self, node: dict[str, Any]) -> dict[str, Any]:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            part = self.flatten(part)
            for key, value in part.items():
                if key == "properties":
                    properties = dict(merged.get("properties", {}))
                    for name, schema in value.items():
                        properties[name] = (
                            {**self.flatten(properties[name]), **self.flatten(schema)} if name in properties else schema
                        )
                    merged["properties"] = properties
                elif key == "required":
                    merged["required"] = sorted(set(merged.get("required", [])) | set(value))
                else:
                    merged.setdefault(key, value)
        return merged

    def flatten(self, node: dict[str, Any]) -> dict[str, Any]:
        node = self.deref(node)
        while "allOf" in node:
            node = self.merge_all_of(node)
        return node

    def canon(self, node: dict[str, Any] | None, depth: int = 0) -> dict[str, Any]:
        if node is None:
            return {"types": ["any"], "nullable": False}
        if depth > 40:
            raise ValueError("schema nests too deep")
        node = self.flatten(node)
        nullable = bool(node.get("nullable"))
        types = node.get("type")
        type_list = [types] if isinstance(types, str) else list(types or [])
        if "null" in type_list:
            nullable = True
            type_list.remove("null")
        variants = node.get("oneOf") or node.get("anyOf")
        if variants:
            non_null = [v for v in variants if self.deref(v).get("type") != "null"]
            nullable = nullable or len(non_null) < len(variants)
            if len(non_null) == 1:
                inner = self.canon({**{k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}, **non_null[0]})
                return {**inner, "nullable": nullable or inner["nullable"]}
            return {
                "variants": [self.canon(v, depth + 1) for v in non_null],
                "nullable": nullable,
            }
        result: dict[str, Any] = {"types": sorted(type_list) or ["any"], "nullable": nullable}
        if "const" in node:
            result["enum"] = [node["const"]]
        elif "enum" in node:
            result["enum"] = sorted(value for value in node["enum"] if value is not None)
        if node.get("format") in MEANINGFUL_FORMATS:
            result["format"] = node["format"]
        if "properties" in node or result["types"] == ["object"]:
            result["types"] = ["object"]
            result["properties"] = {
                name: self.canon(schema, depth + 1) for name, schema in node.get("properties", {}).items()
            }
            result["required"] = sorted(node.get("required", []))
        if "items" in node:
            result["items"] = self.canon(node["items"], depth + 1)
        if isinstance(node.get("additionalProperties"), dict):
            # Maps such as TransactionDetail ({currency: entry}): their values are compared like properties.
            result["types"] = ["object"]
            result["values"] = self.canon(node["additionalProperties"], depth + 1)
        return result


def _kind(shape: dict[str, Any]) -> tuple[Any, ...]:
    return (tuple(shape.get("types", ["variants"])), tuple(sorted(shape.get("properties", {}))))


def compare(official: dict[str, Any], ours: dict[str, Any], where: str, direction: str) -> list[str]:
    """Differences that matter between two canonical shapes; `direction` is "request" or "response"."""
    problems: list[str] = []
    if "variants" in official or "variants" in ours:
        theirs_v = official.get("variants", [official])
        ours_v = list(ours.get("variants", [ours]))
        if len(theirs_v) != len(ours_v):
            return [f"{where}: {len(theirs_v)} alternatives in the official schema, {len(ours_v)} in ours"]
        for index, variant in enumerate(theirs_v):
            match = next((o for o in ours_v if _kind(o) == _kind(variant)), None)
            if match is None:
                # No exact kind match: compare with the alternative of the same position to say what differs.
                match = ours_v[0]
            ours_v.remove(match)
            problems += compare(variant, match, f"{where}<alt {index}>", direction)
        return problems + _nullability(official, ours, where, direction)
    if official["types"] != ["any"] and official["types"] != ours["types"]:
        problems.append(f"{where}: type {official['types']} officially, ours {ours['types']}")
    if official.get("enum") is not None and official.get("enum") != ours.get("enum"):
        problems.append(f"{where}: enum {official.get('enum')} officially, ours {ours.get('enum')}")
    if "format" in official and official["format"] != ours.get("format"):
        problems.append(f"{where}: format {official['format']!r} officially, ours {ours.get('format')!r}")
    problems += _nullability(official, ours, where, direction)
    if official.get("properties"):
        theirs_p, ours_p = official["properties"], ours.get("properties", {})
        if set(theirs_p) != set(ours_p):
            missing, extra = sorted(set(theirs_p) - set(ours_p)), sorted(set(ours_p) - set(theirs_p))
            problems.append(f"{where}: properties missing {missing}, not in the official schema {extra}")
        theirs_r, ours_r = set(official.get("required", [])), set(ours.get("required", []))
        if direction == "response" and not theirs_r <= ours_r:
            problems.append(f"{where}: officially required but optional in ours: {sorted(theirs_r - ours_r)}")
        if direction == "request" and not ours_r <= theirs_r:
            problems.append(f"{where}: we require what the official schema does not: {sorted(ours_r - theirs_r)}")
        for name in sorted(set(theirs_p) & set(ours_p)):
            problems += compare(theirs_p[name], ours_p[name], f"{where}.{name}", direction)
    if "values" in official:
        if "values" not in ours:
            problems.append(f"{where}: official map values undeclared in ours")
        else:
            problems += compare(official["values"], ours["values"], f"{where}{{}}", direction)
    if "items" in official:
        if "items" not in ours:
            problems.append(f"{where}: official array items undeclared in ours")
        else:
            problems += compare(official["items"], ours["items"], f"{where}[]", direction)
    return problems


def _nullability(official: dict[str, Any], ours: dict[str, Any], where: str, direction: str) -> list[str]:
    if direction == "response" and ours["nullable"] and not official["nullable"]:
        return [f"{where}: ours may send null, the official schema does not allow it"]
    if direction == "request" and official["nullable"] and not ours["nullable"]:
        return [f"{where}: the official schema allows null, ours refuses it"]
    return []


def _json_schema(canon: Canon, holder: dict[str, Any] | None) -> dict[str, Any] | None:
    if holder is None:
        return None
    holder = canon.deref(holder)
    content = holder.get("content", {}).get("application/json")
    return None if content is None else content.get("schema")


@pytest.fixture(scope="module")
def documents() -> tuple[Canon, Canon]:
    return Canon(_official()), Canon(build_document())


def test_the_official_document_has_the_ten_operations() -> None:
    # Guards the parametrised test against passing on a renamed or empty contract.
    paths = _official()["paths"]
    assert sorted((p, m) for p, ops in paths.items() for m in ops if m != "parameters") == sorted(OPERATIONS)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_generated_schemas_match_the_official_ones(documents: tuple[Canon, Canon], path: str, method: str) -> None:
    official, ours = documents
    theirs_op = official.document["paths"][path][method]
    ours_op = ours.document["paths"].get(path, {}).get(method)
    assert ours_op is not None, f"{method.upper()} {path} is not in the generated document"
    problems: list[str] = []

    if "requestBody" in theirs_op:
        theirs_body = _json_schema(official, theirs_op["requestBody"])
        ours_body = _json_schema(ours, ours_op.get("requestBody"))
        if ours_body is None:
            problems.append("request body: not declared")
        else:
            problems += compare(official.canon(theirs_body), ours.canon(ours_body), "request", "request")

    for status, response in theirs_op["responses"].items():
        ours_response = ours_op["responses"].get(status)
        if ours_response is None:
            problems.append(f"{status}: not documented")
            continue
        theirs_schema = _json_schema(official, response)
        if theirs_schema is None:
            continue
        ours_schema = _json_schema(ours, ours_response)
        if ours_schema is None:
            problems.append(f"{status}: no JSON body schema")
            continue
        problems += compare(official.canon(theirs_schema), ours.canon(ours_schema), f"{status}", "response")

    assert not problems, f"{method.upper()} {path}:\n" + "\n".join(problems)


def _parameters(canon: Canon, operation: dict[str, Any]) -> set[tuple[str, str]]:
    # Header names are case-insensitive (Powertools documents them lower-cased); query and path names are not.
    found = set()
    for parameter in operation.get("parameters", []):
        parameter = canon.deref(parameter)
        name = parameter["name"].lower() if parameter["in"] == "header" else parameter["name"]
        found.add((parameter["in"], name))
    return found


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_every_official_parameter_is_declared(documents: tuple[Canon, Canon], path: str, method: str) -> None:
    official, ours = documents
    ours_op = ours.document["paths"].get(path, {}).get(method, {})

    missing = _parameters(official, official.document["paths"][path][method]) - _parameters(ours, ours_op)

    assert not missing, f"{method.upper()} {path} does not declare {sorted(missing)}"


def test_operation_ids_are_the_official_ones(documents: tuple[Canon, Canon]) -> None:
    # SDK generators name their methods after these, so a generated client keeps its method names.
    official, ours = documents

    def ids(canon: Canon) -> dict[tuple[str, str], str | None]:
        paths = canon.document["paths"]
        return {(p, m): paths.get(p, {}).get(m, {}).get("operationId") for p, m in OPERATIONS}

    assert ids(ours) == ids(official)


def test_the_canonical_form_sees_a_real_difference() -> None:
    # The comparison must be able to fail: a renamed property, a widened enum and a dropped required field.
    official = Canon({}).canon(
        {"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "enum": ["X", "Y"]}}}
    )
    ours = Canon({}).canon({"type": "object", "properties": {"a": {"type": "string", "enum": ["X", "Y", "Z"]}}})
    renamed = Canon({}).canon({"type": "object", "required": ["b"], "properties": {"b": {"type": "string"}}})

    assert any("enum" in p for p in compare(official, ours, "x", "response"))
    assert any("optional in ours" in p for p in compare(official, ours, "x", "response"))
    assert any("properties missing ['a']" in p for p in compare(official, renamed, "x", "response"))


def test_nullable_spellings_of_3_0_and_3_1_are_the_same_shape() -> None:
    three_oh = Canon({}).canon({"type": "string", "format": "uri", "nullable": True})
    three_one = Canon({}).canon({"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}]})
    assert three_oh == three_one == {"types": ["string"], "nullable": True, "format": "uri"}
