"""JSON Schema for tool parameters, with the `jsonschema` library (draft 2020-12).

Registration checks the schema itself; every call checks the arguments against it before anything is sent.
Only local `$ref`s ("#/...") are accepted, so validating never fetches anything.

jsonschema (with referencing, rpds and attrs) is imported on first use, not with this module: the chat function
imports this module but validates only when a turn calls a tool, and the other agent functions never do.
"""

from __future__ import annotations

import json
from typing import Any

MAX_SCHEMA_BYTES = 16 * 1024
EMPTY_OBJECT_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}


class SchemaProblem(ValueError):
    """The parameters schema is not acceptable; the message says why."""


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def check_parameters_schema(schema: dict[str, Any] | None) -> dict[str, Any]:
    """The schema to store (an empty object schema when none was given); raises SchemaProblem."""
    if schema is None:
        return dict(EMPTY_OBJECT_SCHEMA)
    if len(json.dumps(schema)) > MAX_SCHEMA_BYTES:
        raise SchemaProblem(f"parameters must be at most {MAX_SCHEMA_BYTES} bytes of JSON.")
    # Bedrock's toolSpec.inputSchema and the offline engine both need an object of named arguments.
    if schema.get("type") != "object":
        raise SchemaProblem('parameters must be a JSON Schema with "type": "object".')
    if any(not ref.startswith("#") for ref in _refs(schema)):
        raise SchemaProblem("parameters may only use local $ref values (starting with #).")
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise SchemaProblem(f"parameters is not a valid JSON Schema: {error.message}") from error
    return schema


def argument_errors(schema: dict[str, Any], arguments: Any) -> list[str]:
    """Human-readable problems of `arguments` against `schema`, empty when they are valid."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing.exceptions import Unresolvable

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    try:
        errors = sorted(validator.iter_errors(arguments), key=lambda err: list(err.absolute_path))
    except Unresolvable:
        return ["the tool's parameters schema has a $ref that cannot be resolved"]
    problems = []
    for error in errors[:5]:
        where = "/".join(str(part) for part in error.absolute_path)
        problems.append(f"{where}: {error.message}" if where else error.message)
    return problems
