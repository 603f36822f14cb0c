"""Small text helpers shared by the offline engine and the intent labels: tokens without stop words."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# fmt: off
STOPWORDS = frozenset(
    (
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for", "from", "get",
        "gets", "give", "go", "had", "has", "have", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or",
        "our", "please", "s", "show", "shows", "some", "tell", "that", "the", "their", "them", "then", "there",
        "these", "this", "to", "up", "us", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with",
        "would", "you", "your", "fetch", "fetches", "list", "find", "return", "returns", "data",
    )
)
# fmt: on


def _stem(word: str) -> str:
    """Light folding so "refunds", "refunded" and "refunding" all meet "refund"; wrong stems are harmless as
    long as both sides get the same one."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return _undouble(word[:-3])
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return _undouble(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _undouble(stem: str) -> str:
    # "shipped" -> "shipp" -> "ship"; "called" stays "call" (ll is a real double).
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    return stem


def tokens(text: str, stopwords: frozenset[str] = STOPWORDS) -> list[str]:
    """Lower-case word stems without stop words; identifiers are split ("get_revenue", "getRevenue")."""
    spaced = _CAMEL.sub(" ", text)
    return [_stem(word) for word in _WORD.findall(spaced.lower()) if word not in stopwords]


def squash(text: str, limit: int) -> str:
    """Whitespace collapsed and cut at `limit` characters (with an ellipsis when cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
