"""The committed OpenAPI documents (docs/openapi/, what the portal serves) are exactly what the code generates,
are valid OpenAPI 3.1, and cover every route template.yaml gives their API.

On a failure after a model or route change: `python -m devtools.openapi --write` and commit docs/openapi/."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from devtools.infra import TEMPLATE_PATH
from devtools.openapi import APIS, ApiSpec, build_document, render
from runa_ops.template import load_template

SPECS = list(APIS.values())
IDS = [api.prefix for api in SPECS]


def _template_routes(prefix: str) -> set[tuple[str, str]]:
    routes = set()
    for resource in load_template(TEMPLATE_PATH)["Resources"].values():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            path = event.get("Properties", {}).get("Path", "")
            # The document itself (served by the portal) is not an operation of the API it describes.
            if event.get("Type") == "Api" and path.startswith(prefix + "/") and path != f"{prefix}/openapi.json":
                routes.add((event["Properties"]["Path"], event["Properties"]["Method"].lower()))
    return routes


def _documented_routes(api: ApiSpec, document: dict[str, Any]) -> set[tuple[str, str]]:
    base = api.prefix if api.strip_prefix else ""
    return {
        (base + path, method) for path, ops in document["paths"].items() for method in ops if method != "parameters"
    }


@pytest.mark.parametrize("api", SPECS, ids=IDS)
def test_the_committed_document_is_what_the_code_generates(api: ApiSpec) -> None:
    assert api.committed.exists(), f"{api.committed} is missing: run python -m devtools.openapi --write"
    assert api.committed.read_text() == render(api), (
        f"{api.committed.name} drifted from the models: run python -m devtools.openapi --write and commit it"
    )


@pytest.mark.parametrize("api", SPECS, ids=IDS)
def test_the_document_is_valid_openapi_3_1_and_covers_every_template_route(api: ApiSpec) -> None:
    document = json.loads(api.committed.read_text())

    validate(document)

    assert document["openapi"] == "3.1.0"
    # template.yaml spells path parameters {id}; both sides spell them that way here.
    assert _documented_routes(api, document) == _template_routes(api.prefix)


@pytest.mark.parametrize("api", SPECS, ids=IDS)
def test_every_operation_documents_its_errors_in_the_error_shape(api: ApiSpec) -> None:
    document = build_document(api=api)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"401", "403", "500"} <= statuses or path == "/ping", f"{method} {path}: {sorted(statuses)}"
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")) and status != "429":
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert re.search(r"/(APIErrorResponse|ValidationErrorResponse)$", ref), (method, path, status)
