"""The public reference: /docs and the OpenAPI documents answer without a key, and serve the committed files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from functions.portal import app as portal
from tests.conftest import api_event, response_json

ROOT = Path(__file__).resolve().parents[2]


def _get(path: str, lambda_context: Any, **kwargs: Any) -> dict[str, Any]:
    resource = "/docs/{asset+}" if path.startswith("/docs/") else path
    event = api_event("GET", path, resource=resource, **kwargs)
    event["requestContext"].pop("authorizer", None)  # public routes: no authorizer runs, so it passes no caller
    return portal.lambda_handler(event, lambda_context)


def header(response: dict[str, Any], name: str) -> str:
    values = response.get("multiValueHeaders", {}).get(name) or [response.get("headers", {}).get(name, "")]
    return str(values[0])


@pytest.mark.parametrize(("version", "committed"), [("v2", "payouts-v2.json"), ("v1", "agent-v1.json")])
def test_given_no_key_when_getting_an_openapi_document_then_it_is_the_committed_one(
    version: str, committed: str, lambda_context: Any
) -> None:
    # Given: no caller at all (the route has no authorizer)
    # When
    response = _get(f"/{version}/openapi.json", lambda_context, headers={"Origin": "https://tools.example"})

    # Then: byte for byte the drift-tested document under docs/openapi/
    assert response["statusCode"] == 200
    assert header(response, "Content-Type") == "application/json"
    assert response["body"] == (ROOT / "docs" / "openapi" / committed).read_text()
    assert response_json(response)["openapi"].startswith("3.1")
    assert header(response, "Access-Control-Allow-Origin") == "*"


def test_given_the_reference_page_then_every_file_it_loads_is_served_by_us(lambda_context: Any) -> None:
    # When
    page = _get("/docs", lambda_context)

    # Then: an HTML page whose scripts and styles all come from /docs/..., under a CSP that allows only ourselves
    assert page["statusCode"] == 200
    assert header(page, "Content-Type").startswith("text/html")
    assert "script-src 'self'" in header(page, "Content-Security-Policy")
    html = page["body"]
    assert "http://" not in html and "https://" not in html  # no CDN, no other host
    for asset in ("docs/app.js", "docs/style.css", "docs/favicon.svg"):
        assert f'"{asset}"' in html
        served = _get(f"/{asset}", lambda_context, path_parameters={"asset": asset.removeprefix("docs/")})
        assert served["statusCode"] == 200, asset


def test_given_a_name_outside_the_reference_when_requested_then_404_in_the_error_shape(lambda_context: Any) -> None:
    for name in ("../app.py", "app.py", "%2e%2e%2fapp.py", "secrets.json"):
        response = _get(f"/docs/{name}", lambda_context, path_parameters={"asset": name})

        assert response["statusCode"] == 404
        assert response_json(response)["type"] == "not_found"


def test_given_the_documents_then_the_reference_can_try_every_operation() -> None:
    # The page offers "try it" for each operation it finds under `paths`; each document must have some.
    for name in ("payouts-v2.json", "agent-v1.json"):
        document = json.loads((ROOT / "docs" / "openapi" / name).read_text())
        methods = [m for item in document["paths"].values() for m in item if m in ("get", "post", "delete", "put")]
        assert len(methods) >= 9, name
        assert document["components"]["securitySchemes"]


def test_given_an_error_answer_when_its_help_link_is_followed_then_the_errors_page_explains_that_type(
    lambda_context: Any,
) -> None:
    from runa.core.error_catalog import ERRORS
    from runa.core.errors import error_body

    # Given: an error's help link (this deployment's /docs by default)
    help_link = error_body("invalid_api_key", "The API key is not valid.")["help"]
    assert help_link == "/docs/errors#invalid_api_key"

    # When
    page = _get("/docs/errors", lambda_context, path_parameters={"asset": "errors"})

    # Then: one section per type, anchored by the type, with what it means and how to fix it, under the same CSP
    assert page["statusCode"] == 200
    assert header(page, "Content-Type").startswith("text/html")
    assert "script-src 'self'" in header(page, "Content-Security-Policy")
    body = page["body"]
    for error in ERRORS:
        assert f'id="{error.type}"' in body
    assert 'id="invalid_api_key"' in body and "How to fix it." in body
    assert "http://" not in body and "https://" not in body


@pytest.mark.parametrize(
    ("path", "location"),
    [("/docs/", "../docs"), ("/docs//", "../../docs"), ("/docs/errors/", "../errors")],
)
def test_given_a_trailing_slash_when_a_page_is_requested_then_it_redirects_to_the_path_its_assets_are_relative_to(
    path: str, location: str, lambda_context: Any
) -> None:
    # Given: /docs/ (a user's typing, a link with a slash): served as is, its relative `docs/app.js` would be
    # /docs/docs/app.js (404) and the page would hang on "Loading"; /docs/errors/ would lose style.css
    # When
    response = _get(
        path, lambda_context, path_parameters={"asset": path.removeprefix("/docs/")} if path != "/docs/" else None
    )

    # Then: a redirect relative to the request, so a stage path (/Prod/docs/ -> /Prod/docs) is kept
    assert response["statusCode"] == 301
    assert header(response, "Location") == location


def test_given_a_trailing_slash_and_a_query_when_redirected_then_the_query_is_kept(lambda_context: Any) -> None:
    response = _get("/docs/", lambda_context, query={"q": ["order"]})

    assert response["statusCode"] == 301
    assert header(response, "Location") == "../docs?q=order"


def test_given_the_errors_catalogue_markdown_then_the_errors_page_renders_it_as_html_not_backticks(
    lambda_context: Any,
) -> None:
    # When
    body = _get("/docs/errors", lambda_context, path_parameters={"asset": "errors"})["body"]

    # Then: `code` in the catalogue is a <code> element, never a literal backtick on the page
    assert "`" not in body
    assert "<code>GET /v2/balance</code>" in body
