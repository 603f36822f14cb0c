"""Wiring of a chat turn: the sessions, tools, tool client, knowledge retrieval and the engine behind ChatPorts.

Engine choice, per environment: production keys get `settings.agent_engine` (stack parameter `AgentEngine`),
playground keys `settings.agent_engine_playground` (`PlaygroundAgentEngine`); "bedrock" is Bedrock Converse (with
the guardrail of `BEDROCK_GUARDRAIL_ID`/`_VERSION` when set), anything else the offline engine. The local API and
the tests run offline.
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from runa.agent.data import sessions, token_usage, tool_client
from runa.agent.data import tools as tools_store
from runa.agent.logic import chat as chat_logic
from runa.agent.logic import token_cap
from runa.agent.logic.engine import Engine, Knowledge
from runa.agent.logic.owner import owner_of
from runa.agent.models.chat import ChatRequest, ChatResponse
from runa.core.caller import Caller
from runa.core.observability import logger, metrics
from runa.core.settings import get_settings
from runa.knowledge.services import retrieval


def engine_name(caller: Caller) -> str:
    settings = get_settings()
    chosen = settings.agent_engine_playground if caller.is_playground else settings.agent_engine
    return "bedrock" if chosen == "bedrock" else "offline"


def engine_for(caller: Caller) -> Engine:
    # Each engine is imported when a request first needs it: a stack whose keys all use one never loads the other.
    settings = get_settings()
    if engine_name(caller) == "bedrock":
        from runa.agent.data import bedrock
        from runa.agent.logic.converse import ConverseEngine, Guardrail

        guardrail = None
        if settings.bedrock_guardrail_id:
            guardrail = Guardrail(settings.bedrock_guardrail_id, settings.bedrock_guardrail_version or "DRAFT")
        return ConverseEngine(bedrock.converse, settings.bedrock_model_id, guardrail=guardrail)
    from runa.agent.logic.offline import OfflineEngine

    return OfflineEngine()


def search_knowledge(owner: str, query: str, limit: int) -> list[Knowledge]:
    """`owner` is `Caller.product_owner` (`<environment>#<account>#<product>`), what knowledge is kept under."""
    return [
        Knowledge(source_id=p.source_id, name=p.name, url=p.url, text=p.text, score=p.score)
        for p in retrieval.search(owner, query, limit)
    ]


def chat_ports() -> chat_logic.ChatPorts:
    return chat_logic.ChatPorts(
        get_session=sessions.get_session,
        load_history=sessions.load_history,
        list_tools=tools_store.list_tools,
        invoke_tool=tool_client.invoke,
        search_knowledge=search_knowledge,
        save_turn=sessions.save_turn,
        engine_for=engine_for,
        source_names=retrieval.source_names,
    )


def turn(caller: Caller, request: ChatRequest) -> ChatResponse:
    token_ports = token_cap.TokenCapPorts(used=token_usage.used, add=token_usage.add)
    token_cap.check(owner_of(caller), get_settings().chat_daily_token_cap, token_ports)
    response = chat_logic.run_chat(caller, request, chat_ports())
    token_cap.spend(owner_of(caller), response.usage.totalTokens, token_ports)
    errors = sum(1 for call in response.toolCalls if call.status == "error")
    metrics.add_metric(name="AgentTurns", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="AgentToolCalls", unit=MetricUnit.Count, value=len(response.toolCalls))
    metrics.add_metric(name="AgentToolErrors", unit=MetricUnit.Count, value=errors)
    metrics.add_metric(name="AgentModelTokens", unit=MetricUnit.Count, value=response.usage.totalTokens)
    # Ids and counts only: messages, arguments and results may hold personal data.
    logger.info(
        "chat turn",
        extra={
            "session_id": response.sessionId,
            "engine": response.usage.engine,
            "tool_calls": len(response.toolCalls),
            "tool_errors": errors,
            "citations": len(response.citations),
        },
    )
    return response
