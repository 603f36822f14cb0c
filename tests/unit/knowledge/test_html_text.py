"""HTML to text: headings kept, navigation and scripts dropped, links to follow found on the same host only."""

from __future__ import annotations

from runa.knowledge.logic.html_text import html_to_text, page_title, same_host_links

PAGE = """<!doctype html><html><head><title>  Acme   Docs </title><base href="/docs/">
<style>.x { color: red }</style><script>window.secret = "tracker";</script></head>
<body><header><nav><a href="intro">Intro</a> <a href="https://other.example.com/x">Other</a></nav></header>
<h1>Getting started</h1><p>Install the <b>CLI</b> &amp; log in.</p>
<h2>Requirements</h2><ul><li>Python 3.13</li><li>An API key</li></ul>
<p><a href="setup#step-2">Setup</a> <a href="/files/manual.pdf">Manual</a> <a href="mailto:a@b.c">Mail</a>
<a href="setup">Setup again</a> <a href="//127.0.0.1:9999/x">Protocol-relative elsewhere</a></p>
<aside>Related posts</aside><form><button>Subscribe</button></form><footer>(c) Acme</footer></body></html>"""


def test_given_a_page_then_text_keeps_headings_and_lists_and_drops_chrome() -> None:
    text = html_to_text(PAGE)

    assert "# Getting started" in text
    assert "## Requirements" in text
    assert "Install the CLI & log in." in text
    assert "* Python 3.13" in text
    for chrome in ("tracker", "color: red", "Intro", "Related posts", "Subscribe", "(c) Acme"):
        assert chrome not in text


def test_given_a_page_then_its_title_is_normalised() -> None:
    assert page_title(PAGE) == "Acme Docs"
    assert page_title("<p>no title</p>") is None


def test_given_links_then_only_same_host_http_pages_resolved_against_base_without_fragments() -> None:
    links = same_host_links(PAGE, "https://docs.acme.test/start")

    assert links == ["https://docs.acme.test/docs/intro", "https://docs.acme.test/docs/setup"]
