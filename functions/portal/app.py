"""/docs (the API reference with "try it") and /v2|/v1/openapi.json, public: no key needed.

The OpenAPI documents are the committed docs/openapi/*.json (functions/portal/openapi links there; `sam build`
copies the files), so what is served is exactly what is drift-tested. The page's files are in static/: all
served from here, nothing from a CDN, so the reference works offline.
"""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

import html
import re
from pathlib import Path
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import CORSConfig, Response

from runa.core.api import build_resolver, http_handler
from runa.core.error_catalog import ERRORS
from runa.core.errors import NotFound

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
OPENAPI = HERE / "openapi"
DOCUMENTS = {"v2": "payouts-v2.json", "v1": "agent-v1.json"}
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}
# The page calls only its own origin (the API itself); nothing else may load or run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
# Read once per container: a fixed set of names, so a request can never name a path outside static/.
ASSETS = {path.name: path.read_bytes() for path in STATIC.iterdir() if path.suffix in MEDIA_TYPES}
DOCUMENT_BYTES = {version: (OPENAPI / name).read_bytes() for version, name in DOCUMENTS.items()}

# Public, read-only documents: any origin may fetch them (code generators, other docs sites).
app = build_resolver(CORSConfig(allow_origin="*"))


def _file(name: str) -> Response[str]:
    body = ASSETS.get(name)
    if body is None:
        raise NotFound(f"No file {name} in the reference.")
    media_type = MEDIA_TYPES[Path(name).suffix]
    return Response(status_code=200, content_type=media_type, body=body.decode(), headers=SECURITY_HEADERS)


def _canonical() -> Response[str] | None:
    """A redirect to the path without its trailing slashes, or None when there are none.

    API Gateway (and the resolver) route `/docs/` to `/docs`, but the pages' assets are relative to the page
    (`docs/app.js` from `/docs`, `style.css` from `/docs/errors`), so under `/docs/` they would resolve to
    `/docs/docs/app.js`. Relative, not root-absolute, because the API may sit under a stage path (`/Prod/docs`) or
    a custom domain's base path that the function cannot know; the Location is relative for the same reason
    (`/Prod/docs/` -> `../docs` -> `/Prod/docs`). The browser keeps the #fragment across the redirect."""
    path = app.current_event.path
    stripped = path.rstrip("/")
    if stripped == path or not stripped:
        return None
    location = "../" * (len(path) - len(stripped)) + stripped.rsplit("/", 1)[-1]
    query = app.current_event.multi_value_query_string_parameters
    if query:
        location += "?" + urlencode(query, doseq=True)
    return Response(status_code=301, content_type=MEDIA_TYPES[".html"], body="", headers={"Location": location})


@app.get("/docs", include_in_schema=False)
def docs_page() -> Response[str]:
    return _canonical() or _file("index.html")


# The catalogue's inline markdown, the subset the reference's descriptions use: `code`, **bold**, [text](link).
# Matched on the escaped text, so what a match inserts is our own markup around text that is already escaped.
INLINE_MARKDOWN = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(((?:https?://|/|#)[^)\s]+)\)")


def _inline(text: str) -> str:
    """`text` as HTML: escaped first, then its inline markdown as elements (links only to http(s), / or #)."""

    def element(match: re.Match[str]) -> str:
        code, bold, label, href = match.groups()
        if code is not None:
            return f"<code>{code}</code>"
        if bold is not None:
            return f"<strong>{bold}</strong>"
        return f'<a href="{href}">{label}</a>'

    return INLINE_MARKDOWN.sub(element, html.escape(text))


def _errors_page() -> str:
    """Every error `type` of both APIs: what it means, how to fix it. Each one's `help` link lands on its anchor."""
    rows = "\n".join(
        f'<section class="error-type" id="{html.escape(error.type)}">'
        f'<h2><code>{html.escape(error.type)}</code> <span class="status">{error.status}</span> '
        f'<span class="muted">{html.escape(error.apis)}</span></h2>'
        f"<p><strong>What it means.</strong> {_inline(error.meaning)}</p>"
        f"<p><strong>How to fix it.</strong> {_inline(error.fix)}</p></section>"
        for error in ERRORS
    )
    index = " · ".join(f'<a href="#{html.escape(e.type)}"><code>{html.escape(e.type)}</code></a>' for e in ERRORS)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Errors · Runa API</title>'
        '<link rel="stylesheet" href="style.css"><link rel="icon" href="favicon.svg" type="image/svg+xml"></head>'
        '<body><main id="errors"><p><a href="../docs">← API reference</a></p><h1>Errors</h1>'
        "<p>Every error answer of <code>/v2</code>, <code>/v1</code> and <code>/manage</code> has the same shape: "
        '<code>{"type", "message", "help"}</code> (422 adds <code>details</code>). Branch on <code>type</code>; '
        "<code>help</code> links here. The gateway's rate limits answer 429 "
        '<code>{"error": "rate exceeded"}</code>.</p>'
        f'<nav aria-label="Error types"><p>{index}</p></nav>{rows}</main></body></html>'
    )


ERRORS_PAGE = _errors_page()


@app.get("/docs/errors", include_in_schema=False)
def errors_page() -> Response[str]:
    return _canonical() or Response(
        status_code=200, content_type=MEDIA_TYPES[".html"], body=ERRORS_PAGE, headers=SECURITY_HEADERS
    )


@app.get("/docs/<asset>", include_in_schema=False)
def docs_asset(asset: str) -> Response[str]:
    return _file(asset)


@app.get("/v2/openapi.json", include_in_schema=False)
def payouts_document() -> Response[str]:
    return Response(status_code=200, content_type="application/json", body=DOCUMENT_BYTES["v2"].decode())


@app.get("/v1/openapi.json", include_in_schema=False)
def agent_document() -> Response[str]:
    return Response(status_code=200, content_type="application/json", body=DOCUMENT_BYTES["v1"].decode())


lambda_handler = http_handler(app)
