"""One door per domain: a function's handler reaches a domain through its `services` (and the `models` that are the
contract's schemas), never its `logic` or `data`, so what a domain does is wired in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = sorted((ROOT / "functions").glob("*/app.py"))
# The shared layer's domains (runa.core is the platform under them all: resolver, settings, observability).
DOMAINS = {path.name for path in (ROOT / "layers/shared/runa").iterdir() if (path / "services").is_dir()}


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def test_there_are_handlers_and_domains_to_check() -> None:
    assert len(HANDLERS) >= 17
    assert {"payouts", "agent", "knowledge"} <= DOMAINS


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda path: path.parent.name)
def test_given_a_handler_then_it_reaches_each_domain_through_its_services_only(handler: Path) -> None:
    behind_the_door = ("logic", "data")
    wrong = sorted(
        module
        for module in _imported_modules(handler)
        if module.split(".")[0] == "runa"
        and module.count(".") >= 2
        and module.split(".")[1] in DOMAINS
        and module.split(".")[2] in behind_the_door
    )
    assert not wrong, f"{handler.parent.name} imports {wrong}: call the domain's services instead"


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda path: path.parent.name)
def test_given_a_handler_then_its_first_import_is_runa_boot(handler: Path) -> None:
    # runa.boot must run before Powertools or pydantic load, or pydantic-core's forward references compile eagerly.
    imports = [
        node
        for node in ast.parse(handler.read_text()).body
        if isinstance(node, ast.Import | ast.ImportFrom) and getattr(node, "module", None) != "__future__"
    ]

    assert imports, f"{handler} imports nothing"
    assert isinstance(imports[0], ast.Import) and [alias.name for alias in imports[0].names] == ["runa.boot"]
