"""The Bedrock Converse engine: request building and the tool-use loop. The call itself is injected
(`runa.agent.data.bedrock.converse`), so this module never touches boto3 and tests can drive it with Stubber.

Loop: ask the model; while it stops with `tool_use`, answer every toolUse block with a toolResult (a real call, or
a non-empty error for an unknown tool, a malformed input, too many calls in one round or the round cap) and ask
again. After `max_rounds` rounds of real calls the model gets error results telling it to answer with what it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from aws_lambda_powertools.metrics import MetricUnit

from runa.agent.logic.engine import EngineReply, TurnInput
from runa.agent.logic.history import result_content, to_messages, trim
from runa.agent.logic.prompt import new_tag, system_blocks
from runa.agent.logic.tool_records import ToolCallRecord, ToolDef, ToolOutcome
from runa.core.observability import logger, metrics

MAX_ROUNDS = 3
MAX_CALLS_PER_ROUND = 5
MAX_TOKENS = 1024
NO_ANSWER = "I could not finish answering this with the tools available; please ask for less at once."
EMPTY_ANSWER = "I have no answer to that."
GUARDRAIL_ANSWER = "I can't help with that request."


@dataclass(frozen=True)
class Guardrail:
    """An Amazon Bedrock guardrail (id or ARN, and version) applied to every Converse call."""

    identifier: str
    version: str


Converse = Callable[[dict[str, Any]], dict[str, Any]]


def tool_config(tools: list[ToolDef]) -> dict[str, Any]:
    return {
        "tools": [
            {"toolSpec": {"name": t.name, "description": t.description, "inputSchema": {"json": t.parameters}}}
            for t in tools
        ]
    }


def _text_of(message: dict[str, Any]) -> str:
    return "\n".join(block["text"] for block in message.get("content", []) if block.get("text")).strip()


class ConverseEngine:
    name: Literal["bedrock"] = "bedrock"

    def __init__(
        self,
        converse: Converse,
        model_id: str,
        *,
        max_rounds: int = MAX_ROUNDS,
        tag_factory: Callable[[], str] = new_tag,
        guardrail: Guardrail | None = None,
    ) -> None:
        self._converse = converse
        self._model_id = model_id
        self._max_rounds = max_rounds
        self._new_tag = tag_factory
        self._guardrail = guardrail

    def build_request(self, turn: TurnInput) -> dict[str, Any]:
        offered = {t.name for t in turn.tools}
        messages = to_messages(trim(turn.history), offered)
        guarded = self._guardrail is not None
        question = {"guardContent": {"text": {"text": turn.message}}} if guarded else {"text": turn.message}
        messages.append({"role": "user", "content": [question]})
        request: dict[str, Any] = {
            "modelId": self._model_id,
            "messages": messages,
            "system": system_blocks(turn.knowledge, self._new_tag(), guarded),
            "inferenceConfig": {"maxTokens": MAX_TOKENS, "temperature": 0.2},
        }
        if self._guardrail is not None:
            request["guardrailConfig"] = {
                "guardrailIdentifier": self._guardrail.identifier,
                "guardrailVersion": self._guardrail.version,
                "trace": "enabled",
            }
        # Converse refuses tool blocks without toolConfig; history only keeps blocks of offered tools.
        if turn.tools:
            request["toolConfig"] = tool_config(turn.tools)
        return request

    def run(self, turn: TurnInput) -> EngineReply:
        request = self.build_request(turn)
        messages: list[dict[str, Any]] = request["messages"]
        tools = {t.name: t for t in turn.tools}
        records: list[ToolCallRecord] = []
        reply = EngineReply(reply="", used_knowledge=list(turn.knowledge))
        # max_rounds rounds of real calls, one round of "limit reached" results, then a last answer.
        for round_number in range(1, self._max_rounds + 3):
            response = self._converse(request)
            usage = response.get("usage") or {}
            reply.input_tokens += int(usage.get("inputTokens", 0))
            reply.output_tokens += int(usage.get("outputTokens", 0))
            message = response["output"]["message"]
            if response.get("stopReason") == "guardrail_intervened":
                logger.warning("the bedrock guardrail intervened", extra={"round": round_number})
                metrics.add_metric(name="AgentGuardrailInterventions", unit=MetricUnit.Count, value=1)
                reply.reply = _text_of(message) or GUARDRAIL_ANSWER
                reply.tool_calls = records
                return reply
            uses = [block["toolUse"] for block in message.get("content", []) if "toolUse" in block]
            # Without tools offered a toolUse cannot be answered (a toolResult needs toolConfig): take the text.
            if response.get("stopReason") != "tool_use" or not uses or not tools:
                reply.reply = _text_of(message) or EMPTY_ANSWER
                reply.tool_calls = records
                return reply
            messages.append({"role": "assistant", "content": message["content"]})
            results = []
            for index, use in enumerate(uses):
                record = self._answer(use, tools, turn, round_number, index)
                records.append(record)
                results.append(
                    {
                        "toolResult": {
                            "toolUseId": use["toolUseId"],
                            "content": result_content(record.result, record.status),
                            "status": record.status,
                        }
                    }
                )
            messages.append({"role": "user", "content": results})
        reply.reply = NO_ANSWER
        reply.tool_calls = records
        return reply

    def _answer(
        self, use: dict[str, Any], tools: dict[str, ToolDef], turn: TurnInput, round_number: int, index: int
    ) -> ToolCallRecord:
        name = str(use.get("name", ""))
        raw_input = use.get("input")
        arguments = raw_input if isinstance(raw_input, dict) else {}
        tool = tools.get(name)
        if round_number > self._max_rounds:
            outcome = ToolOutcome("error", "Tool call limit reached for this message; answer with what you have.")
        elif index >= MAX_CALLS_PER_ROUND:
            outcome = ToolOutcome("error", f"At most {MAX_CALLS_PER_ROUND} tool calls per step; this one was skipped.")
        elif tool is None:
            outcome = ToolOutcome("error", f"There is no tool named {name!r}; use one of: {', '.join(sorted(tools))}.")
        elif not isinstance(raw_input, dict):
            outcome = ToolOutcome("error", "The tool input must be a JSON object matching the tool's schema.")
        else:
            outcome = turn.call_tool(name, arguments)
        return ToolCallRecord(
            call_id=str(use.get("toolUseId")),
            name=name,
            arguments=arguments,
            status=outcome.status,
            result=outcome.result,
            round=round_number,
            tool_id=tool.tool_id if tool else None,
        )
