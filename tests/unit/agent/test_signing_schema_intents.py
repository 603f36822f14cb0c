"""Tool request signatures, tool parameter schemas, and intent labels."""

from __future__ import annotations

import pytest

from runa.agent.logic.engine import Knowledge
from runa.agent.logic.intents import intent_of
from runa.agent.logic.schema import SchemaProblem, argument_errors, check_parameters_schema
from runa.agent.logic.tool_records import ToolCallRecord
from runa.core.sealing import sign_tool_call, tool_signature, verify_tool_call

SECRET = "tsk_test"
NOW = 1_800_000_000


def test_given_a_signed_call_then_the_owner_verifies_it_and_any_change_breaks_it() -> None:
    headers = sign_tool_call(SECRET, "POST", "https://api.example.com/revenue?x=1", b'{"period":"q1"}', now=NOW)

    assert headers["X-Runa-Timestamp"] == str(NOW)
    assert headers["X-Runa-Signature"] == tool_signature(SECRET, NOW, "POST", "/revenue?x=1", b'{"period":"q1"}')
    assert verify_tool_call(SECRET, headers, "POST", "/revenue?x=1", b'{"period":"q1"}', now=NOW + 10)
    assert not verify_tool_call(SECRET, headers, "POST", "/revenue?x=1", b'{"period":"q2"}', now=NOW)
    assert not verify_tool_call(SECRET, headers, "POST", "/revenue?x=2", b'{"period":"q1"}', now=NOW)
    assert not verify_tool_call(SECRET, headers, "GET", "/revenue?x=1", b'{"period":"q1"}', now=NOW)
    assert not verify_tool_call("tsk_other", headers, "POST", "/revenue?x=1", b'{"period":"q1"}', now=NOW)
    assert not verify_tool_call(SECRET, headers, "POST", "/revenue?x=1", b'{"period":"q1"}', now=NOW + 301)


def test_given_no_schema_then_an_empty_object_schema() -> None:
    assert check_parameters_schema(None) == {"type": "object", "properties": {}}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": "object", "properties": {"a": {"type": 5}}},
        {"type": "object", "properties": {"a": {"$ref": "http://example.com/s.json"}}},
        {"type": "object", "description": "x" * 20_000},
    ],
)
def test_given_an_unacceptable_schema_then_schema_problem(schema: dict[str, object]) -> None:
    with pytest.raises(SchemaProblem):
        check_parameters_schema(schema)


def test_given_arguments_then_every_problem_is_named_with_its_path() -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer", "minimum": 1}, "tags": {"type": "array", "items": {"type": "string"}}},
        "required": ["n"],
        "additionalProperties": False,
    }

    assert argument_errors(schema, {"n": 3, "tags": ["a"]}) == []
    assert argument_errors(schema, {"n": 0, "tags": [1], "x": 1}) == [
        "Additional properties are not allowed ('x' was unexpected)",
        "n: 0 is less than the minimum of 1",
        "tags/0: 1 is not of type 'string'",
    ]


def _call(name: str, status: str) -> ToolCallRecord:
    return ToolCallRecord("c", name, {}, status, "r")  # type: ignore[arg-type]


def test_intents_prefer_the_tool_then_knowledge_then_a_label() -> None:
    passage = Knowledge("ks", "n", None, "t", 1.0)

    assert intent_of("x", [_call("a", "error"), _call("b", "success")], []) == "b"
    assert intent_of("x", [_call("a", "error")], [passage]) == "a"
    assert intent_of("x", [], [passage]) == "knowledge_question"
    assert intent_of("Hello!", [], []) == "greeting"
    assert intent_of("great, thanks", [], []) == "thanks"
    assert intent_of("Hi! What can you do?", [], []) == "capabilities"
    assert intent_of("what is this", [], []) == "general"
