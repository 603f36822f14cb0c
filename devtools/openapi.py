"""The /v2 OpenAPI document, assembled from the Powertools resolvers of the three /v2 functions.

    python -m devtools.openapi [--out openapi.json]

Each function's resolver generates its own document from the pydantic models on its routes; this merges them,
strips the `/v2` prefix into `servers` (as the official document does), and replaces two Powertools artefacts
with what the API really answers: the generic 422 `HTTPValidationError` becomes our `ValidationErrorResponse`,
and the 500 `ResponseValidationError` becomes `APIErrorResponse` (build_resolver answers every 500 that way).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

ROOT = Path(__file__).resolve().parents[1]
V2_FUNCTIONS = ("functions/payouts_account/", "functions/payouts_orders/", "functions/payouts_products/")
PREFIX = "/v2"
TITLE = "Runa API"
VERSION = "2024-02-05"
SERVERS = [
    {"url": "https://playground.runa.io/v2", "description": "Playground"},
    {"url": "https://api.runa.io/v2", "description": "Production"},
]
SECURITY_SCHEMES = {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}
REF = "#/components/schemas/"
# Powertools' own error schemas, replaced by ours (see the module docstring).
REPLACED = {"HTTPValidationError": "ValidationErrorResponse", "ResponseValidationError": "APIErrorResponse"}
POWERTOOLS_ONLY = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def _layer_on_path() -> None:
    # As Lambda's /opt/python would be; the shared layer is not installed into the virtualenv.
    for path in (str(ROOT / "layers" / "shared"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


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


def build_document(functions: tuple[str, ...] = V2_FUNCTIONS) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for code_uri in functions:
        document = resolver_document(code_uri)
        for path, operations in document.get("paths", {}).items():
            if not path.startswith(PREFIX + "/"):
                continue
            paths.setdefault(path.removeprefix(PREFIX), {}).update(operations)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            if name in POWERTOOLS_ONLY:
                continue
            if name in schemas and schemas[name] != schema:
                raise ValueError(f"two /v2 functions define different schemas named {name!r}")
            schemas[name] = schema
    for name, schema in _error_schemas().items():
        schemas.setdefault(name, schema)  # referenced by the replaced 422/500 even when no route names them
    document = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION},
        "servers": SERVERS,
        "paths": _replace_refs(dict(sorted(paths.items()))),
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": SECURITY_SCHEMES},
        "security": [{"ApiKeyAuth": []}],
    }
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.openapi", description=__doc__)
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    args = parser.parse_args(argv)
    _layer_on_path()
    text = json.dumps(build_document(), indent=2) + "\n"
    if args.out:
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
