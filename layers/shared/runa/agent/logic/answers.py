"""The extractive answer: the sentences of the retrieved passages that answer the question, not whole passages.

Candidates are one sentence or two consecutive ones of a passage. Each is scored by the share of the question's
words it holds (its section heading counts: "Refunds > Gift cards"), each word weighted by how rare it is among
the candidate sentences (a word no sentence holds still weighs a lot: the question may be about something the
passages lack), plus a bonus when the question asks "how long" / "how much" / for a phone number and the text holds
a duration / an amount / opening times / a number, plus a little for the passage's retrieval rank. Only candidates
that hold the most of the question's distinctive words (the rarest of those the passages hold: a region, a plan,
a product) compete. The best one answers when its share plus bonus reaches `MIN_COVERAGE` and its share alone
`MIN_WORDS` (counting what its sentences and their section's title say, not the document's title); otherwise
there is no answer (the engine says it does not know). Sentences that address the assistant are never candidates
(`untrusted.addresses_assistant`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from runa.agent.logic.engine import Knowledge
from runa.agent.logic.text import tokens
from runa.agent.logic.untrusted import addresses_assistant

MIN_COVERAGE = 0.4
# Of the question's words, the share (by weight) the answer must hold itself, whatever bonus it has.
MIN_WORDS = 0.3
# The question's distinctive words: those weighing at least this share of the heaviest one present in the passages.
DISTINCT_SHARE = 0.75
# A question word no sentence holds weighs this share of the rarest possible word's weight.
UNMATCHED_SHARE = 0.6
TYPE_BONUS = 0.25
PASSAGE_PRIOR = 0.1
WINDOW_COST = 0.05
ANSWER_CHARS = 600
# Words that say how a question is asked, not what it is about (the router's list keeps verbs such as "return" or
# "show" out of tool names; here they may be the very subject).
_FILLER = frozenset(
    re.findall(
        r"\w+",
        """a an and are as at be by can could did do does for from had has have how i in is it its me my of on or our
        that the their them then there these they this to us was we what when where which who why will with would
        you your about after again all also am any anything anyone been before being both but each else even ever
        every few got here if into just know like may might more most much must need no normal not nothing now ok
        okay only other out over really same shall should so something still such than too very want way well were
        yes yet long many often soon wait get gets getting got arrive arrives arriving available availability
        take takes taking reach reaches come comes happen happens work works offer offers let lets allow allowed
        possible able use using""",
    )
)

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
# What kind of answer a question wants, and what a sentence holding one looks like.
_ANSWER_TYPES = {
    "duration": (
        re.compile(r"\bhow (?:long|soon|fast|quickly|many (?:days|hours|weeks))\b|\bwhen\b|\buntil\b", re.I),
        re.compile(
            r"\b\d+(?:\s*(?:to|-)\s*\d+)?\s*(?:business |working )?(?:minutes?|hours?|days?|weeks?|months?|years?)"
            r"\b|\bnext (?:business )?day\b|\bwithin\b",
            re.I,
        ),
    ),
    "amount": (
        re.compile(r"\bhow much\b|\bcosts?\b|\bprice\b|\bfees?\b|\bcharges?\b|\bpay\b", re.I),
        re.compile(r"\d+(?:[.,]\d+)?\s*(?:eur|usd|gbp|€|\$|£)|[€$£]\s*\d|\bfree\b", re.I),
    ),
    "schedule": (
        re.compile(r"\b(?:opening (?:hours|times)|open|what time|hours)\b", re.I),
        re.compile(
            r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b", re.I
        ),
    ),
    "contact": (
        re.compile(r"\b(?:phone|telephone|number to call|e-?mail address|contact|reach you)\b", re.I),
        re.compile(r"\+?\d[\d ()-]{7,}\d|[\w.+-]+@[\w-]+\.[\w.]+", re.I),
    ),
}


@dataclass(frozen=True)
class Answer:
    text: str
    source: Knowledge  # the passage it came from, its text cut down to the sentences used


@dataclass(frozen=True)
class _Sentence:
    passage: int
    order: int
    text: str
    words: frozenset[str]
    heading: frozenset[str]
    section: frozenset[str]  # of the heading's last part, the section's own title


def _split(passage: Knowledge, index: int) -> list[_Sentence]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", passage.text) if p.strip()]
    heading = ""
    # Chunks start with their heading trail ("Refunds > Gift cards"): context, not an answer.
    if paragraphs and not re.search(r"[.!?:]$", paragraphs[0]) and len(paragraphs) > 1:
        heading = paragraphs.pop(0)
    sentences: list[_Sentence] = []
    for paragraph in paragraphs:
        for text in _SENTENCE_SPLIT.split(" ".join(paragraph.split())):
            if len(text) >= 12 and addresses_assistant(text) is None:
                sentences.append(
                    _Sentence(
                        index,
                        len(sentences),
                        text,
                        frozenset(tokens(text, _FILLER)),
                        frozenset(tokens(heading, _FILLER)),
                        frozenset(tokens(heading.rsplit(">", 1)[-1], _FILLER)),
                    )
                )
    return sentences


def _words(text: str) -> set[str]:
    return set(tokens(text, _FILLER))


def answer(question: str, passages: Sequence[Knowledge]) -> Answer | None:
    asked = _words(question)
    sentences = [s for index, p in enumerate(passages) for s in _split(p, index)]
    if not asked or not sentences:
        return None
    total = len(sentences)
    weight = {}
    for word in asked:
        holding = sum(word in s.words or word in s.heading for s in sentences)
        weight[word] = math.log(1 + total / holding) if holding else UNMATCHED_SHARE * math.log(1 + total)
    whole = sum(weight.values())
    wanted = [kind for kind, (asks, _) in _ANSWER_TYPES.items() if asks.search(question)]
    best_passage = max(p.score for p in passages) or 1.0

    def fit(window: list[_Sentence]) -> float:
        """How well the window answers: question words covered plus the answer-type bonus."""
        words = set().union(*(s.words for s in window)) | window[0].heading
        text = " ".join(s.text for s in window)
        covered = sum(weight[w] for w in asked & words) / whole
        typed = any(_ANSWER_TYPES[kind][1].search(text) for kind in wanted)
        return covered + (TYPE_BONUS if typed else 0.0) - WINDOW_COST * (len(window) - 1)

    def score(window: list[_Sentence]) -> float:
        return fit(window) + PASSAGE_PRIOR * passages[window[0].passage].score / best_passage

    def words_of(window: list[_Sentence]) -> set[str]:
        return set().union(*(s.words for s in window)) | window[0].heading

    windows = [[s] for s in sentences] + [
        [first, second]
        for first, second in itertools.pairwise(sentences)
        if first.passage == second.passage and second.order == first.order + 1
    ]
    # The answer must hold what the question is about: of its words that the passages hold, the rarest ones. A
    # sentence about another region, product or plan shares the rest of the question, never those.
    present = {w for w in asked if any(w in s.words or w in s.heading for s in sentences)}
    if present:
        heaviest = max(weight[w] for w in present)
        distinctive = {w for w in present if weight[w] >= DISTINCT_SHARE * heaviest}
        held = {id(w): len(distinctive & words_of(w)) for w in windows}
        most = max(held.values())
        windows = [w for w in windows if held[id(w)] == most]
    # Ties go to the better-retrieved passage, then to the earlier sentence, then to one sentence over two.
    best = min(windows, key=lambda w: (-score(w), w[0].passage, w[0].order, len(w)))
    # Said by the sentences themselves or their section's title; a document's title alone is not an answer.
    said = set().union(*(s.words for s in best)) | best[0].section
    if fit(best) < MIN_COVERAGE or sum(weight[w] for w in asked & said) / whole < MIN_WORDS:
        return None
    text = " ".join(s.text for s in best)[:ANSWER_CHARS]
    return Answer(text, replace(passages[best[0].passage], text=text))
