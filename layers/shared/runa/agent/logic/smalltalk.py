"""Greetings, thanks and "what can you do": answered with what this product's agent can actually do, its tools
(by their descriptions) and its knowledge sources (by their names)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from runa.agent.logic.text import squash
from runa.agent.logic.tool_records import ToolDef

DESCRIPTION_CHARS = 160
MAX_SOURCES = 10

_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|yo)\b"
    r"[\s,!.]*(?:there\b)?[\s,!.]*",
    re.IGNORECASE,
)
_CAPABILITIES = re.compile(
    r"^\s*(?:so\s+|and\s+)?(?:what (?:can|could|do) you (?:do|help (?:me )?with|offer)|how can you help(?: me)?"
    r"|what are you(?: able to do| for)?|who are you|what can i ask(?: you)?|what do you know(?: about)?"
    r"|can you help(?: me)?|help|what are your (?:skills|capabilities|features))\s*[?!.]*\s*$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^\s*(?:ok(?:ay)?[\s,!.]*)?(?:thanks|thank you|thx|cheers|great|perfect)\b[^?]*$",
    re.IGNORECASE,
)


def greets(message: str) -> bool:
    return _GREETING.match(message) is not None


def kind_of(message: str) -> Literal["greeting", "capabilities", "thanks"] | None:
    """ "greeting" (only a greeting), "capabilities" (asks what the agent can do, greeting or not), "thanks", or
    None for a message that asks for something."""
    rest = _GREETING.sub("", message, count=1)
    if _CAPABILITIES.match(rest):
        return "capabilities"
    if not rest.strip(" \t\n,.!?"):
        return "greeting"
    if _THANKS.match(message) and len(message) < 80:
        return "thanks"
    return None


def capabilities(tools: Sequence[ToolDef], sources: Sequence[str], greeting: bool) -> str:
    opening = "Hello! " if greeting else ""
    if not tools and not sources:
        return (
            f"{opening}I'm this product's assistant, but nothing is set up for me yet: no tools to act with and no "
            "knowledge to answer from, so I can't help with much right now."
        )
    lines = [f"{opening}I'm this product's assistant. Here is what I can do:"]
    for tool in sorted(tools, key=lambda t: t.name):
        lines.append(f"- {squash(tool.description, DESCRIPTION_CHARS).rstrip('.')} ({tool.name})")
    if sources:
        named = ", ".join(sorted(sources, key=str.lower)[:MAX_SOURCES])
        more = f" and {len(sources) - MAX_SOURCES} more" if len(sources) > MAX_SOURCES else ""
        lines.append(f"- Answer questions from: {named}{more}")
    lines.append("What would you like to do?")
    return "\n".join(lines)


THANKS_REPLY = "You're welcome! Anything else I can help with?"
