"""The OpenAPI 3.1 documents of both APIs, assembled from the Powertools resolvers of their functions.

    python -m devtools.openapi [--api v2|v1] [--out FILE]    # one document, to stdout or FILE
    python -m devtools.openapi --write                      # both, into docs/openapi/ (committed; drift-tested)

Each function's resolver generates its own document from the pydantic models on its routes; this merges them
and replaces two Powertools artefacts with what the API really answers: the generic 422 `HTTPValidationError`
becomes our `ValidationErrorResponse`, and the 500 `ResponseValidationError` becomes `APIErrorResponse`
(build_resolver answers every 500 that way). Each error status lists the error `type`s the operation answers as
examples named by the type (runa.core.schemas.error_responses, from the DomainErrors each route declares). /v2
strips its prefix into `servers`, as the official document does; /v1 keeps full paths under the seed's base URL.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Runa API"
VERSION = "2024-02-05"


@dataclass(frozen=True)
class ApiSpec:
    """What one API's document is made of, and where it is committed."""

    functions: tuple[str, ...]
    prefix: str
    strip_prefix: bool
    title: str
    version: str
    servers: list[dict[str, str]]
    security_schemes: dict[str, Any]
    committed: Path
    description: str = ""
    security: list[dict[str, list[str]]] = field(default_factory=list)


V2 = ApiSpec(
    functions=("functions/payouts_account/", "functions/payouts_orders/", "functions/payouts_products/"),
    prefix="/v2",
    strip_prefix=True,
    title=TITLE,
    version=VERSION,
    servers=[
        {"url": "https://playground.runa.io/v2", "description": "Playground"},
        {"url": "https://api.runa.io/v2", "description": "Production"},
    ],
    security_schemes={"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
    security=[{"ApiKeyAuth": []}],
    committed=ROOT / "docs" / "openapi" / "payouts-v2.json",
)
V1 = ApiSpec(
    functions=(
        "functions/agent_chat/",
        "functions/agent_knowledge/",
        "functions/agent_tools/",
        "functions/agent_analytics/",
    ),
    prefix="/v1",
    strip_prefix=False,
    title="Runa agent API",
    version="v1",
    description="An AI agent for your product: chat, conversations, knowledge sources, tools and analytics. "
    "Authenticate with `Authorization: Bearer <key>`; the key belongs to one product and needs the agent scope.",
    servers=[{"url": "https://api.useruna.ai", "description": "Production"}],
    security_schemes={"BearerAuth": {"type": "http", "scheme": "bearer"}},
    security=[{"BearerAuth": []}],
    committed=ROOT / "docs" / "openapi" / "agent-v1.json",
)
APIS = {"v2": V2, "v1": V1}
REF = "#/components/schemas/"
# Powertools' own error schemas, replaced by ours (see the module docstring).
REPLACED = {"HTTPValidationError": "ValidationErrorResponse", "ResponseValidationError": "APIErrorResponse"}
POWERTOOLS_ONLY = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def resolver_document(code_uri: str) -> dict[str, Any]:
    from devtools.functions import module_for

    module_name, _ = module_for(code_uri, "app.lambda_handler")
    app = importlib.import_module(module_name).app
    return json.loads(app.get_openapi_json_schema(title=TITLE, version=VERSION))


def _error_schemas() -> dict[str, Any]:
    from runa.payouts.models.common import APIErrorResponse, ValidationErrorResponse

    _, top = models_json_schema(
        [(APIErrorResponse, "serialization"), (ValidationErrorResponse, "serialization")],
        ref_template=REF + "{model}",
    )
    return dict(top.get("$defs", {}))


def _replace_refs(node: Any) -> Any:
    if isinstance(node, dict):
        if set(node) == {"$ref"} and node["$ref"].removeprefix(REF) in REPLACED:
            return {"$ref": REF + REPLACED[node["$ref"].removeprefix(REF)]}
        return {key: _replace_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_refs(value) for value in node]
    return node


def build_document(functions: tuple[str, ...] | None = None, api: ApiSpec = V2) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for code_uri in functions or api.functions:
        document = resolver_document(code_uri)
        for path, operations in document.get("paths", {}).items():
            if not path.startswith(api.prefix + "/"):
                continue
            key = path.removeprefix(api.prefix) if api.strip_prefix else path
            paths.setdefault(key, {}).update(operations)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            if name in POWERTOOLS_ONLY:
                continue
            if name in schemas and schemas[name] != schema:
                raise ValueError(f"two {api.prefix} functions define different schemas named {name!r}")
            schemas[name] = schema
    for name, schema in _error_schemas().items():
        schemas.setdefault(name, schema)  # referenced by the replaced 422/500 even when no route names them
    _mark_required_headers(paths)
    _keep_declared_errors(paths)
    info: dict[str, Any] = {"title": api.title, "version": api.version}
    if api.description:
        info["description"] = api.description
    return {
        "openapi": "3.1.0",
        "info": info,
        "servers": api.servers,
        "paths": _replace_refs(dict(sorted(paths.items()))),
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": api.security_schemes},
        "security": api.security,
    }


# Headers the contract requires that the handler declares optional, so that it can answer their absence in the
# contract's own way (400 bad_request) instead of the resolver's 422: the document says what clients must send.
REQUIRED_HEADERS = {"x-idempotency-key"}


def _mark_required_headers(paths: dict[str, Any]) -> None:
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "header" and parameter.get("name", "").lower() in REQUIRED_HEADERS:
                    parameter["required"] = True
                    parameter["schema"] = {
                        "type": "string",
                        **{k: v for k, v in parameter.get("schema", {}).items() if k in ("title", "description")},
                    }


def _keep_declared_errors(paths: dict[str, Any]) -> None:
    """Powertools adds a 422 to every route and puts its own 500 over the route's: a 422 stays only where the route
    declares it (its examples name the types; /v2 answers a bad query with 400), and the 500 gets its type back."""
    from runa.core.errors import InternalError
    from runa.core.schemas import STATUS_DESCRIPTIONS, error_example

    for operations in paths.values():
        for operation in operations.values():
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            if "422" in responses and "examples" not in responses["422"]["content"]["application/json"]:
                del responses["422"]
            if "500" in responses:
                responses["500"] = {
                    "description": STATUS_DESCRIPTIONS[500],
                    "content": {
                        "application/json": {
                            "schema": {"$ref": REF + "APIErrorResponse"},
                            "examples": {InternalError.error_type: error_example(InternalError)},
                        }
                    },
                }
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"] = dict(sorted(responses.items()))


def render(api: ApiSpec) -> str:
    """The document as committed under docs/openapi/ (stable key order and indentation, one final newline)."""
    return json.dumps(build_document(api=api), indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.openapi", description=__doc__)
    parser.add_argument("--api", choices=sorted(APIS), default="v2", help="which API (default v2)")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    parser.add_argument("--write", action="store_true", help="write both documents into docs/openapi/")
    args = parser.parse_args(argv)
    from devtools.fake_aws import use_fake_aws

    # Importing a handler checks its settings; the document needs none of them, so stand-ins do.
    use_fake_aws("openapi", metrics=False)
    if args.write:
        for api in APIS.values():
            api.committed.parent.mkdir(parents=True, exist_ok=True)
            api.committed.write_text(render(api))
            print(f"wrote {api.committed.relative_to(ROOT)}")
        return 0
    text = render(APIS[args.api])
    if args.out:
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
