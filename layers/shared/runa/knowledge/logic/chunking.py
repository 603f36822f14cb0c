"""Split a document (Markdown-ish text) into overlapping chunks that each carry their section's headings.

A chunk never spans two sections. Each starts with its heading trail ("Billing > Refunds") so a passage
retrieved alone still says what it is about, and BM25 matches words of the headings too. Inside a section,
paragraphs are packed up to `max_chars`; the next chunk repeats the tail of the previous one (about `overlap`
characters, cut at a word boundary) so a sentence split across chunks is still found whole in one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

DEFAULT_MAX_CHARS = 1200
DEFAULT_OVERLAP = 200


@dataclass(frozen=True)
class Chunk:
    text: str  # heading trail, blank line, body
    heading: str  # the heading trail alone ("" when the section has none)


@dataclass
class _Section:
    trail: list[str]
    lines: list[str]


def _sections(text: str, title: str | None) -> list[_Section]:
    trail: list[tuple[int, str]] = [(0, title)] if title else []
    sections = [_Section([t for _, t in trail], [])]
    for line in text.splitlines():
        match = _HEADING.match(line.strip())
        if not match:
            sections[-1].lines.append(line)
            continue
        level, heading = len(match.group(1)), match.group(2).strip()
        trail = [(lvl, t) for lvl, t in trail if lvl < level or (lvl == 0 and t != heading)]
        if not (trail and trail[-1][1] == heading):  # a page whose h1 repeats its title
            trail.append((level, heading))
        sections.append(_Section([t for _, t in trail], []))
    return [s for s in sections if "".join(s.lines).strip()]


def _pieces(body: str, max_chars: int) -> list[str]:
    """Paragraphs, with any paragraph longer than max_chars split by sentences, then by words."""
    pieces: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(body):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= max_chars:
            pieces.append(paragraph)
            continue
        current = ""
        for sentence in _SENTENCE_END.split(paragraph):
            while len(sentence) > max_chars:  # a run-on "sentence": cut at the last space that fits
                cut = sentence.rfind(" ", 0, max_chars)
                cut = cut if cut > 0 else max_chars
                if current:
                    pieces.append(current)
                    current = ""
                pieces.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if current and len(current) + 1 + len(sentence) > max_chars:
                pieces.append(current)
                current = sentence
            else:
                current = f"{current} {sentence}".strip()
        if current:
            pieces.append(current)
    return pieces


def _tail(text: str, overlap: int) -> str:
    if overlap <= 0 or len(text) <= overlap:
        return text if overlap > 0 else ""
    cut = text.find(" ", len(text) - overlap)
    return text[cut + 1 :] if cut != -1 else ""


def chunk_text(
    text: str, *, title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS, overlap: int = DEFAULT_OVERLAP
) -> list[Chunk]:
    """Chunks of `text` in document order; deterministic, so a re-run yields the same chunks."""
    if overlap >= max_chars:
        raise ValueError("overlap must be smaller than max_chars")
    chunks: list[Chunk] = []
    for section in _sections(text, title):
        heading = " > ".join(section.trail)
        body_budget = max(max_chars - len(heading) - 2, max_chars // 2)
        current = ""
        fresh = False  # whether `current` holds text not yet emitted (beyond the carried-over overlap)
        for piece in _pieces("\n".join(section.lines), body_budget - overlap):
            if current and len(current) + 2 + len(piece) > body_budget:
                chunks.append(_make(heading, current))
                current, fresh = _tail(current, overlap), False
            current = f"{current}\n\n{piece}" if current else piece
            fresh = True
        if fresh and current.strip():
            chunks.append(_make(heading, current))
    return chunks


def _make(heading: str, body: str) -> Chunk:
    body = body.strip()
    return Chunk(text=f"{heading}\n\n{body}" if heading else body, heading=heading)
