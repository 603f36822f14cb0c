"""The errors page (/docs/errors) documents every error `type` both APIs answer, and every `help` link points to
this deployment's own docs (the DocsBaseUrl setting), never to a site nothing here serves."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import runa
from runa.core.error_catalog import BY_TYPE, ERRORS
from runa.core.errors import DomainError, error_body

ROOT = Path(__file__).resolve().parents[2]


def _every_domain_error_type() -> set[str]:
    for module in pkgutil.walk_packages(runa.__path__, "runa."):
        importlib.import_module(module.name)
    found: set[str] = set()
    pending = [DomainError]
    while pending:
        cls = pending.pop()
        found.add(cls.error_type)
        pending += cls.__subclasses__()
    return found


def test_every_error_type_of_the_code_and_the_gateway_is_on_the_errors_page() -> None:
    template = (ROOT / "template.yaml").read_text()
    gateway = set(re.findall(r'\\?"type\\?": \\?"([a-z_]+)\\?"', template)) - {"text", "metric", "url"}

    missing = (_every_domain_error_type() | gateway) - set(BY_TYPE)
    assert {"unauthorized", "not_found", "timeout", "internal_server_error"} <= gateway

    assert missing == set()
    assert len(BY_TYPE) == len(ERRORS)
    assert all(error.meaning and error.fix for error in ERRORS)


def test_help_links_point_to_the_deployments_own_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_BASE_URL", "https://api.example.com/dev/docs/")
    assert error_body("not_found", "x")["help"] == "https://api.example.com/dev/docs/errors#not_found"

    monkeypatch.delenv("DOCS_BASE_URL")
    assert error_body("not_found", "x")["help"] == "/docs/errors#not_found"


def test_nothing_links_to_a_docs_site_this_project_does_not_serve() -> None:
    checked = [ROOT / "template.yaml", *(ROOT / "layers" / "shared" / "runa").rglob("*.py")]

    assert [path.name for path in checked if "docs.runa.io/errors" in path.read_text()] == []
