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
from runa.core.error_catalog import BY_TYPE
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


@pytest.mark.parametrize("api", SPECS, ids=IDS)
def test_every_error_answer_names_its_types_and_each_is_on_the_errors_page(api: ApiSpec) -> None:
    # The types come from the DomainErrors each route declares (runa.core.schemas.error_responses); the errors page
    # (/docs/errors) is runa.core.error_catalog, so a type listed here and missing there is a broken link.
    document = json.loads(api.committed.read_text())
    problems: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            listed = {
                (status, name, example["value"]["type"], example["value"].get("help"))
                for status, answer in operation["responses"].items()
                if status.startswith(("4", "5"))
                for name, example in answer["content"]["application/json"].get("examples", {}).items()
            }
            statuses = {int(status) for status in operation["responses"] if status.startswith(("4", "5"))}
            typed = {int(status) for status, *_ in listed}
            # /v2's 429 is API Gateway's own `{"error": "rate exceeded"}`, which has no type.
            untyped = statuses - typed - ({429} if api is APIS["v2"] else set())
            if untyped:
                problems.append(f"{where}: no error type listed for {sorted(untyped)}")
            for status, name, error_type, help_link in listed:
                documented = BY_TYPE.get(error_type)
                if documented is None or name != error_type:
                    problems.append(f"{where} {status}: {name!r} / {error_type!r} is not on the errors page")
                    continue
                # bad_request is also the 413 of a body over the size limit (its entry says so).
                if int(status) != documented.status and (error_type, status) != ("bad_request", "413"):
                    problems.append(
                        f"{where}: {error_type} listed under {status}, the errors page says {documented.status}"
                    )
                if help_link != f"/docs/errors#{error_type}":
                    problems.append(f"{where} {status} {error_type}: help {help_link!r}")
            generic = {
                ("401", "unauthorized"),
                ("401", "invalid_api_key"),
                ("403", "forbidden"),
                ("500", "internal_server_error"),
            }
            missing = generic - {(status, name) for status, name, *_ in listed}
            if missing:
                problems.append(f"{where}: the errors every route answers are missing: {sorted(missing)}")
    assert problems == []
