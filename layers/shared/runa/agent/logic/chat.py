"""One chat turn: check the product, load the session and its memory, offer the tools and knowledge to the engine,
run it, store the turn (one item per message) with its counters, answer.

Nothing is stored when the engine fails (throttling, model errors): a retry starts from the same state, and the
session never holds a user message without its reply.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from aws_lambda_powertools.metrics import MetricUnit

from runa.agent.logic.conversations import tool_call_out
from runa.agent.logic.engine import Engine, EngineReply, Knowledge, PastTurn, ToolCaller, TurnInput
from runa.agent.logic.intents import intent_of
from runa.agent.logic.owner import owner_of
from runa.agent.logic.records import SessionMeta, StoredMessage, TurnRecord
from runa.agent.logic.schema import argument_errors
from runa.agent.logic.text import squash
from runa.agent.logic.tool_records import Tool, ToolOutcome
from runa.agent.logic.untrusted import screen_passages
from runa.agent.models.chat import ChatRequest, ChatResponse, Citation, Usage
from runa.core.caller import Caller
from runa.core.clock import iso_utc
from runa.core.errors import Forbidden
from runa.core.ids import prefixed
from runa.core.observability import logger, metrics

KNOWLEDGE_LIMIT = 4
SNIPPET_CHARS = 300
# A tool result is kept (and shown) up to this many characters of JSON: it bounds the turn's items and the
# conversation's size; the model sees even less (history.RESULT_CHARS).
MAX_RESULT_CHARS = 16_000


@dataclass
class ChatPorts:
    """What a turn needs from the outside world; `runa.agent.services.chat` wires the real ones."""

    get_session: Callable[[str, str], SessionMeta | None]
    load_history: Callable[[str, str], list[PastTurn]]
    list_tools: Callable[[str], list[Tool]]
    invoke_tool: Callable[[Tool, dict[str, Any]], ToolOutcome]
    search_knowledge: Callable[[str, str, int], list[Knowledge]]  # (owner, query, limit)
    save_turn: Callable[[TurnRecord], None]
    engine_for: Callable[[Caller], Engine]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    # Names of the product's searchable knowledge sources ("what can you do" lists them).
    source_names: Callable[[str], list[str]] = lambda owner: []


def tool_caller(tools: list[Tool], invoke: Callable[[Tool, dict[str, Any]], ToolOutcome]) -> ToolCaller:
    """The engines' only way to call a tool: unknown names and invalid arguments never leave the platform."""
    by_name = {tool.name: tool for tool in tools}

    def call(name: str, arguments: dict[str, Any]) -> ToolOutcome:
        tool = by_name.get(name)
        if tool is None:
            return ToolOutcome("error", f"There is no tool named {name!r}.")
        problems = argument_errors(tool.parameters, arguments)
        if problems:
            return ToolOutcome("error", "The arguments do not match the tool's parameters: " + "; ".join(problems))
        return bounded(invoke(tool, arguments))

    return call


def bounded(outcome: ToolOutcome) -> ToolOutcome:
    encoded = outcome.result if isinstance(outcome.result, str) else json.dumps(outcome.result, default=str)
    if len(encoded) <= MAX_RESULT_CHARS:
        return outcome
    return ToolOutcome(outcome.status, encoded[:MAX_RESULT_CHARS] + " …(truncated)")


def _knowledge(ports: ChatPorts, owner: str, message: str) -> list[Knowledge]:
    try:
        found = ports.search_knowledge(owner, message, KNOWLEDGE_LIMIT)
    except Exception:  # knowledge is a bonus: a broken index must not take chat down with it
        logger.exception("knowledge search failed; answering without it")
        return []
    kept, dropped = screen_passages(found)
    for passage in dropped:
        logger.warning(
            "knowledge text addressed to the assistant was dropped",
            extra={"source_id": passage.source_id, "reason": passage.reason, "whole_passage": passage.whole},
        )
    metrics.add_metric(name="AgentPassagesDropped", unit=MetricUnit.Count, value=len(dropped))
    return kept


def run_chat(caller: Caller, request: ChatRequest, ports: ChatPorts) -> ChatResponse:
    product_id = caller.require_product()
    if request.productId != product_id:
        raise Forbidden("This key belongs to another product.")
    owner = owner_of(caller)

    started = ports.now()
    # Sessions belong to the owner (environment, account, product): another product's id is simply another session.
    session = ports.get_session(owner, request.sessionId) if request.sessionId else None
    if session is not None:
        session_id, new_session, started_at = session.session_id, False, session.started_at
        history = ports.load_history(owner, session_id)
    else:
        # A new conversation, with the client's own id when it chose one (as Bedrock Agents' sessionId works).
        session_id, new_session = request.sessionId or prefixed("sess_"), True
        started_at, history = iso_utc(started), []

    tools = ports.list_tools(owner)
    knowledge = _knowledge(ports, owner, request.message)
    engine = ports.engine_for(caller)
    result = engine.run(
        TurnInput(
            message=request.message,
            history=history,
            tools=[tool.definition() for tool in tools],
            knowledge=knowledge,
            call_tool=tool_caller(tools, ports.invoke_tool),
            source_names=lambda: ports.source_names(owner),
        )
    )
    finished = ports.now()
    turn = _turn_record(owner, session_id, new_session, started_at, request.message, result, started, finished)
    ports.save_turn(turn)
    return _response(turn, result, engine.name)


def _turn_record(
    owner: str,
    session_id: str,
    new_session: bool,
    started_at: str,
    message: str,
    result: EngineReply,
    started: datetime,
    finished: datetime,
) -> TurnRecord:
    user_id = prefixed("msg_")
    messages = [StoredMessage(user_id, "user", user_id, iso_utc(started), content=message)]
    messages += [
        StoredMessage(prefixed("msg_"), "tool", user_id, iso_utc(finished), tool_call=call)
        for call in result.tool_calls
    ]
    messages.append(StoredMessage(prefixed("msg_"), "assistant", user_id, iso_utc(finished), content=result.reply))
    return TurnRecord(
        owner=owner,
        session_id=session_id,
        new_session=new_session,
        started_at=started_at,
        day=started.astimezone(UTC).date().isoformat(),
        messages=messages,
        intent=intent_of(message, result.tool_calls, result.used_knowledge),
    )


def _response(turn: TurnRecord, result: EngineReply, engine: Literal["bedrock", "offline"]) -> ChatResponse:
    reply_message = turn.messages[-1]
    return ChatResponse(
        id=reply_message.message_id,
        reply=result.reply,
        toolCalls=[tool_call_out(m) for m in turn.messages if m.kind == "tool"],
        sessionId=turn.session_id,
        citations=[
            Citation(sourceId=p.source_id, name=p.name, url=p.url, passage=squash(p.text, SNIPPET_CHARS), score=p.score)
            for p in result.used_knowledge
        ],
        usage=Usage(
            inputTokens=result.input_tokens,
            outputTokens=result.output_tokens,
            totalTokens=result.input_tokens + result.output_tokens,
            engine=engine,
        ),
    )
