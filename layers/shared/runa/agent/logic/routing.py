"""Which registered tool a message asks for (the offline engine's router).

A tool's score is how well the message matches it in words (a word of its name counts 3, a word of its
description or of a parameter's name or description 1, a common synonym of a name word 1; two words written
apart count as the name's compound: "call back" is "callback") plus the evidence that the message carries its
arguments: 3 for each value only its format or pattern would take (an e-mail, "RX-004512"), 2 for an enum value or
a period, 1 for any other. The best tool with at least `MIN_SCORE` is the one the message asks for; ties go to the
better word match, then to the name in alphabetical order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from runa.agent.logic.arguments import Checked, Found, check, extract
from runa.agent.logic.text import tokens
from runa.agent.logic.tool_records import ToolDef

MIN_SCORE = 3
NAME_WEIGHT = 3

# Everyday words for the nouns and verbs tools are named after, both ways: a customer says "parcel" for a tool
# that tracks orders. Deliberately short and generic: no product's vocabulary lives here.
_SYNONYM_GROUPS = (
    "customer client account user buyer shopper member",
    "order purchase package parcel shipment delivery",
    "track tracking where status news arrive",
    "invoice bill billing receipt",
    "revenue sale income turnover earning make made",
    "refund reimburse reimbursement chargeback",
    "callback call phone ring",
    "product item article best seller bestseller",
    "page site website url link up down slow",
    "report figure stat statistic number",
    "cancel stop terminate",
    "subscription plan membership",
    "ticket case issue",
)
_SYNONYMS: dict[str, set[str]] = {}
for _group in _SYNONYM_GROUPS:
    _words = set(tokens(_group))
    for _word in _words:
        _SYNONYMS.setdefault(_word, set()).update(_words - {_word})


@dataclass(frozen=True)
class Route:
    tool: ToolDef
    checked: Checked
    score: float
    words: float


def _vocabulary(tool: ToolDef) -> tuple[set[str], set[str]]:
    name = set(tokens(tool.name))
    other = set(tokens(tool.description))
    for prop, spec in (tool.parameters.get("properties") or {}).items():
        other.update(tokens(prop))
        if isinstance(spec, dict):
            other.update(tokens(str(spec.get("description", ""))))
    return name, other - name


def word_score(tool: ToolDef, message: str) -> float:
    words = tokens(message)
    said = set(words) | {first + second for first, second in itertools.pairwise(words)}
    name, other = _vocabulary(tool)
    related = {synonym for word in name for synonym in _SYNONYMS.get(word, ())} - name - other
    return NAME_WEIGHT * len(name & said) + len(other & said) + len(related & said)


def _evidence(found: Found) -> float:
    return sum(found.strength.values())


def rank(tools: list[ToolDef], message: str, today: date) -> list[Route]:
    routes = []
    for tool in tools:
        found = extract(tool, message, today)
        # The words of a value ("last" of "last year") are its evidence already; they are not topic words too.
        words = word_score(tool, found.rest(message))
        routes.append(Route(tool, check(tool, found.arguments), words + _evidence(found), words))
    return sorted(routes, key=lambda route: (-route.score, -route.words, route.tool.name))


def pick(tools: list[ToolDef], message: str, today: date) -> Route | None:
    """The tool the message asks for, with its arguments checked; None when no tool fits well enough."""
    ranked = rank(tools, message, today)
    if not ranked or ranked[0].score < MIN_SCORE:
        return None
    # Words alone never pick a tool over one whose arguments are all present and valid.
    best = ranked[0]
    if not best.checked.ready:
        ready = [r for r in ranked if r.checked.ready and r.checked.arguments and r.score >= MIN_SCORE]
        if ready and ready[0].words >= best.words:
            return ready[0]
    return best


def argument_summary(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{name}={value}" for name, value in arguments.items())
