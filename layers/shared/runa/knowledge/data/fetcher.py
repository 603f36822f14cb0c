"""Fetching a knowledge page through the SSRF-safe client, as text, or a PageUnavailable that says what to do."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from runa.knowledge.errors import PageUnavailable
from runa.knowledge.logic.records import Page, PageKind
from runa.net import FetchFailed, UnsafeUrl, fetch
from runa.net.safe_http import USER_AGENT

CONTENT_TYPES: dict[str, PageKind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
ACCEPT = "text/html, application/xhtml+xml, text/markdown, text/plain;q=0.9"


def _advice(error: FetchFailed, timeout: float, max_bytes: int) -> str:
    match error.reason:
        case "timeout":
            said = error.message.rstrip(".")
            return f"{said} (limit {timeout:g} s). Check that the site is up, then refresh the source."
        case "too_large":
            return f"The page is larger than {max_bytes // 1000} KB. Link a smaller page, or add the text directly."
        case "too_many_redirects":
            return f"{error.message} Use the final URL of the page."
        case "dns_failed" | "connection_failed":
            return f"{error.message} Check the URL, then refresh the source."
        case "tls_failed":
            return f"{error.message} The site's HTTPS certificate must be valid."
        case _:
            return f"{error.message} Try refreshing the source later."


def _status_advice(url: str, status: int) -> str:
    host = urlsplit(url).hostname or "The site"
    if status in (401, 403):
        return f"{host} answered HTTP {status}: the page needs a login. Only public pages can be indexed."
    if status in (404, 410):
        return f"{host} answered HTTP {status}: the page does not exist. Check the URL."
    if status == 429 or status >= 500:
        return f"{host} answered HTTP {status}. Try refreshing the source later."
    return f"{host} answered HTTP {status}. Check the URL."


def get_page(url: str, *, timeout: float, max_bytes: int) -> Page:
    try:
        response = fetch(url, headers={"Accept": ACCEPT}, timeout=timeout, max_bytes=max_bytes)
    except UnsafeUrl as error:
        raise PageUnavailable(f"{error.message} Knowledge URLs must be public http(s) pages.") from error
    except FetchFailed as error:
        raise PageUnavailable(_advice(error, timeout, max_bytes)) from error
    if not response.ok:
        raise PageUnavailable(_status_advice(response.url, response.status))
    kind = CONTENT_TYPES.get(response.content_type)
    if kind is None:
        shown = response.content_type or "of no declared type"
        raise PageUnavailable(f"The page is {shown}; only HTML, plain text and Markdown pages can be indexed.")
    return Page(url=response.url, kind=kind, text=response.text(), size=len(response.body))


ROBOTS_TIMEOUT = 3.0
ROBOTS_MAX_BYTES = 512_000


def robots_rules(site_url: str) -> Callable[[str], bool]:
    """Whether the site's robots.txt lets our fetcher follow a link (applied to pages found by following links;
    the URL the user gave is fetched regardless). No robots.txt, or none we can read, allows everything."""
    parts = urlsplit(site_url)
    try:
        response = fetch(
            urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", "")),
            timeout=ROBOTS_TIMEOUT,
            max_bytes=ROBOTS_MAX_BYTES,
        )
    except (UnsafeUrl, FetchFailed):
        return lambda _url: True
    if response.status != 200:
        return lambda _url: True
    parser = RobotFileParser()
    parser.parse(response.text().splitlines())
    agent = USER_AGENT.split("/", 1)[0]
    return lambda url: parser.can_fetch(agent, url)
