"""The intent of a turn, counted by analytics: the tool the turn used, else a label from what answered it.

- a tool was called: the tool's name (the first successful call, else the first call);
- else the reply used knowledge passages: `knowledge_question`;
- else the message is a greeting, asks what the agent can do, or thanks: `greeting` / `capabilities` / `thanks`
  (`smalltalk.kind_of`, the rule the offline engine answers by);
- else `general`.
Labels are deterministic for both engines, so analytics do not depend on which model ran.
"""

from __future__ import annotations

from collections.abc import Sequence

from runa.agent.logic.engine import Knowledge
from runa.agent.logic.smalltalk import kind_of
from runa.agent.logic.tool_records import ToolCallRecord


def intent_of(message: str, tool_calls: Sequence[ToolCallRecord], used_knowledge: Sequence[Knowledge]) -> str:
    if tool_calls:
        successful = [call for call in tool_calls if call.status == "success"]
        return (successful or list(tool_calls))[0].name
    if used_knowledge:
        return "knowledge_question"
    return kind_of(message) or "general"
