"""HTML -> clean text that keeps the page's structure (headings as Markdown `#`, lists, tables).

html2text is pure Python (~180 KB installed, no compiled dependency), maintained, and renders headings as `#`
lines, which chunking uses to give each chunk its section. beautifulsoup4 gives a tree but no text rendering
(headings, lists and tables would need our own walker); trafilatura extracts the main content best but brings
lxml (compiled, several MB) and a handful of other packages; we approximate its boilerplate removal by skipping
navigation-like elements. It ships only with the indexing consumer (functions/indexing_consumer/requirements.txt).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import html2text

# Elements whose text is navigation, chrome or code, not content.
_SKIPPED = frozenset({"nav", "footer", "aside", "noscript", "svg", "form", "template", "iframe", "button", "select"})
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
# Links that point at files we could not index anyway.
_BINARY_SUFFIXES = (
    ".pdf", ".zip", ".gz", ".tar", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".mp4", ".mp3",
    ".css", ".js", ".json", ".xml", ".woff", ".woff2", ".ttf", ".exe", ".dmg", ".doc", ".docx", ".xls", ".xlsx",
)  # fmt: skip


class _Converter(html2text.HTML2Text):
    """html2text that leaves out navigation-like elements (and everything inside them)."""

    def __init__(self) -> None:
        super().__init__(bodywidth=0)
        self.ignore_links = True
        self.ignore_images = True
        self.ignore_emphasis = True
        self.unicode_snob = True
        self.single_line_break = False
        self._skip_depth = 0

    def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
        if tag in _SKIPPED:
            self._skip_depth = self._skip_depth + 1 if start else max(self._skip_depth - 1, 0)
            return
        if self._skip_depth:
            return
        super().handle_tag(tag, attrs, start)

    def handle_data(self, data: str, entity_char: bool = False) -> None:
        if self._skip_depth:
            return
        super().handle_data(data, entity_char)


def html_to_text(html: str) -> str:
    """Readable Markdown-ish text of an HTML page; headings stay as `#` lines."""
    text = _Converter().handle(html)
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] = []
        self.hrefs: list[str] = []
        self.base: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, Any] = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "a" and values.get("href"):
            rel = str(values.get("rel") or "").lower()
            if "nofollow" not in rel:
                self.hrefs.append(str(values["href"]))
        elif tag == "base" and values.get("href") and self.base is None:
            self.base = str(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)


def page_title(html: str) -> str | None:
    scanner = _PageScanner()
    scanner.feed(html)
    title = " ".join("".join(scanner.title_parts).split())
    return title or None


def same_host_links(html: str, page_url: str) -> list[str]:
    """Absolute http(s) links on the page to the same scheme, host and port, without fragments, in page order."""
    scanner = _PageScanner()
    scanner.feed(html)
    base = urljoin(page_url, scanner.base) if scanner.base else page_url
    origin = urlsplit(page_url)
    seen: dict[str, None] = {}
    for href in scanner.hrefs:
        url, _ = urldefrag(urljoin(base, href.strip()))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        if parts.path.lower().endswith(_BINARY_SUFFIXES):
            continue
        seen.setdefault(url, None)
    return list(seen)
