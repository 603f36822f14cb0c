"""The intent of a turn, counted by analytics: the tool the turn used, else a label from what answered it.

- a tool was called: the tool's name (the first successful call, else the first call);
- else the reply used knowledge passages: `knowledge_question`;
- else the message is a greeting or thanks: `greeting` / `thanks`;
- else `general`.
Labels are deterministic for both engines, so analytics do not depend on which model ran.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from runa.agent.logic.engine import Knowledge, ToolCallRecord

_GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|howdy)\b", re.IGNORECASE)
_THANKS = re.compile(r"\b(thanks|thank you|cheers)\b", re.IGNORECASE)


def intent_of(message: str, tool_calls: Sequence[ToolCallRecord], used_knowledge: Sequence[Knowledge]) -> str:
    if tool_calls:
        successful = [call for call in tool_calls if call.status == "success"]
        return (successful or list(tool_calls))[0].name
    if used_knowledge:
        return "knowledge_question"
    if _GREETING.search(message):
        return "greeting"
    if _THANKS.search(message):
        return "thanks"
    return "general"
