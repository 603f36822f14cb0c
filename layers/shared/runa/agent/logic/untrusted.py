"""Untrusted text (knowledge passages, tool results) that talks to the assistant instead of the customer.

A help page says what the product does ("Refunds take 5 days"); it has no reason to tell an assistant to ignore its
rules, to play another role, to reveal its prompt or keys, to ask a customer for a password, or to send the chat
somewhere. Text that does is an injection attempt: it is never quoted back, and the passage holding it is left out whole
before any engine sees it (`screen_passages`). The patterns look for the *shape* of such text (an
instruction aimed at a model, a credential request without a negation, data sent to a link), so ordinary
sentences like "We will never ask for your password" stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runa.agent.logic.engine import Knowledge

WITHHELD = "[withheld: text addressed to the assistant]"

_MODEL = r"(?:ai|a\.i\.|assistants?|chat ?bots?|bots?|language models?|llms?|models?|gpts?)"
_CREDENTIAL_WORDS = (
    r"(?:passwords?|passcodes?|pins?|cvvs?|cvcs?|security codes?|one-time (?:pass)?codes?|otps?|card numbers?"
    r"|login details|credentials|seed phrases?|private keys?|api keys?|access tokens?)"
)
_NEGATION = re.compile(r"\b(?:never|not|don't|do not|won't|will not|no one|nobody|cannot|can't)\b", re.IGNORECASE)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE | re.MULTILINE))
    for reason, pattern in (
        (
            "overrides instructions",
            r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}"
            r"\b(?:instructions?|prompts?|rules|guidelines|directives|programming|system messages?)\b",
        ),
        ("assigns a role", r"\byou are now\b|\bpretend (?:to be|you are)\b|\bdeveloper mode\b|\bjailbr[eo]a?k"),
        ("assigns a role", rf"\b(?:act|behave|respond) as (?:an? |the )?(?:unrestricted |unfiltered )?{_MODEL}\b"),
        ("lifts limits", r"\b(?:no|without any|free of) (?:restrictions|limits|filters|rules)\b"),
        ("speaks as a role", r"^\s*(?:system|assistant|developer)\s*:|<\|?(?:system|im_start)|\[/?inst\]"),
        (
            "addresses a model",
            rf"\b(?:note|message|notice|attention|instructions?|reminder)\b[^.!?\n]{{0,20}}\b(?:to|for) "
            rf"(?:the |any |all )?{_MODEL}\b",
        ),
        ("addresses a model", rf"\b(?:if you are|as|dear|hey|hello) (?:an? |the )?{_MODEL}\b[,:]?"),
        ("addresses a model", rf"\b{_MODEL} (?:reading|processing|summari[sz]ing|parsing) this\b"),
        (
            "asks for secrets",
            r"\b(?:reveal|print|show|repeat|output|leak|disclose|share|tell)\b[^.!?\n]{0,40}"
            r"\b(?:system prompt|hidden prompt|your instructions|api keys?|secret keys?|credentials)\b",
        ),
        ("asks for secrets", r"\bsystem prompt\b"),
        (
            "sends data away",
            r"\b(?:send|forward|post|upload|transmit|exfiltrate|copy|submit|leak)\b[^.!?\n]{0,80}"
            r"\b(?:chat|conversation|history|transcript|messages|context|prompt|customer data|user data|"
            r"personal data|address(?:es)?)\b[^.!?\n]{0,120}(?:https?://|www\.|\S+@\S+\.\w)",
        ),
        (
            "sends data away",
            r"\b(?:chat|conversation|history|transcript|messages|customer data|user data|personal data)\b"
            r"[^.!?\n]{0,60}\b(?:send|forward|post|upload|submit|transmit)\b[^.!?\n]{0,60}(?:https?://|www\.|\S+@\S+\.\w)",
        ),
        (
            "sends data away",
            r"https?://\S*(?:\{|%7b)|!\[[^\]]*\]\(https?://|https?://\S*[?&](?:data|chat|history|conversation|prompt|context)=",
        ),
        ("hides itself", r"\b(?:do not|don't|never) (?:mention|reveal|disclose) (?:this|these)\b"),
    )
)
_CREDENTIAL_REQUEST = re.compile(
    rf"\b(?:send|e-?mail|give|provide|share|tell|reply with|forward|text|dm)\b[^.!?\n]{{0,40}}\b{_CREDENTIAL_WORDS}\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def addresses_assistant(text: str) -> str | None:
    """Why `text` reads as an instruction to the assistant (a short reason), or None for ordinary content."""
    for reason, pattern in _PATTERNS:
        if pattern.search(text):
            return reason
    for sentence in _SENTENCE.findall(text):
        if _CREDENTIAL_REQUEST.search(sentence) and not _NEGATION.search(sentence):
            return "asks for secrets"
    return None


@dataclass(frozen=True)
class Dropped:
    """A passage that held text addressed to the assistant: that text was cut (`whole`: nothing useful was left)."""

    source_id: str
    reason: str
    whole: bool


def screen_passages(passages: Sequence[Knowledge]) -> tuple[list[Knowledge], list[Dropped]]:
    """The passages that hold no text addressed to the assistant, and one `Dropped` per passage that had any. A
    passage caught is left out whole: what is left around planted instructions (fragments, a policy rewritten to
    suit them) is not trusted to answer either. The source's other passages still may."""
    dropped: list[Dropped] = []
    flagged: list[str | None] = []
    for passage in passages:
        paragraphs = re.split(r"\n\s*\n", passage.text)
        reasons = [addresses_assistant(paragraph) for paragraph in paragraphs]
        found = next((reason for reason in reasons if reason), None)
        flagged.append(found)
        if found is None:
            continue
        clean = [p for p, reason in zip(paragraphs, reasons, strict=True) if reason is None]
        # A chunk starts with its heading trail; a passage reduced to that has nothing left to say.
        useful = [p for p in clean if re.search(r"[.!?]", p) or len(p) > 120]
        dropped.append(Dropped(passage.source_id, found, whole=not useful))
    caught = {id(passage) for passage, reason in zip(passages, flagged, strict=True) if reason}
    return [passage for passage in passages if id(passage) not in caught], dropped


def withhold(value: Any) -> tuple[Any, int]:
    """A tool result with every string that addresses the assistant replaced by WITHHELD, and how many were."""
    if isinstance(value, str):
        return (WITHHELD, 1) if addresses_assistant(value) else (value, 0)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        count = 0
        for key, item in value.items():
            out[key], found = withhold(item)
            count += found
        return out, count
    if isinstance(value, list):
        items = [withhold(item) for item in value]
        return [item for item, _ in items], sum(found for _, found in items)
    return value, 0
