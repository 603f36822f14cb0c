"""Domain logic (runa/<domain>/logic/) loads neither Powertools' REST resolver nor boto3: each module is imported
alone in a fresh process, as a function's cold start would. Logic reaches its stores only through ports (like the
agent's ChatPorts and the orders' OrderPorts) that the services modules wire."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "shared"
RESOLVER = "aws_lambda_powertools.event_handler.api_gateway"
PROBE = "import importlib, json, sys; importlib.import_module(sys.argv[1]); print(json.dumps(sorted(sys.modules)))"


def _logic_modules() -> list[str]:
    modules = []
    for logic in sorted(LAYER.glob("runa/*/logic")):
        package = ".".join(logic.relative_to(LAYER).parts)
        modules += [f"{package}.{info.name}" for info in pkgutil.iter_modules([str(logic)])]
    return modules


def _loaded(module: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(LAYER), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


def test_importing_any_logic_module_loads_neither_the_resolver_nor_boto3() -> None:
    modules = _logic_modules()
    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = dict(zip(modules, pool.map(_loaded, modules), strict=True))

    assert len(modules) > 20
    assert [module for module, names in loaded.items() if RESOLVER in names] == []
    assert [module for module, names in loaded.items() if "boto3" in names] == []
    # Nor any store (an HTTP one included): stores come in as ports.
    assert {module: sorted(_stores(names)) for module, names in loaded.items() if _stores(names)} == {}


def _stores(names: set[str]) -> set[str]:
    return {name for name in names if name.startswith("runa.") and ".data." in f"{name}."}


def test_a_domains_services_reach_another_domain_only_through_its_services_and_models() -> None:
    """One door per domain: a domain's services (the console's, the agent's...) read another domain's data through
    that domain's services and models, never its data or logic."""
    import ast

    domains = {path.parent.name for path in LAYER.glob("runa/*/services")}
    crossing: dict[str, list[str]] = {}
    for path in sorted(LAYER.glob("runa/*/services/*.py")):
        own = path.parent.parent.name
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                other = parts[0] == "runa" and len(parts) > 2 and parts[1] in domains and parts[1] != own
                if other and parts[2] not in {"services", "models", "errors"}:
                    crossing.setdefault(f"{own}/{path.name}", []).append(node.module)

    assert crossing == {}
