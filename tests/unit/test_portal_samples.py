"""The API reference's code samples (functions/portal/static/app.js, SDK_SAMPLES): every operation of both documents
has a Python and a TypeScript sample, and each Python sample calls a method the SDK has."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import runa_client

ROOT = Path(__file__).resolve().parents[2]
APP = (ROOT / "functions/portal/static/app.js").read_text()


def samples() -> dict[str, str]:
    """Each operation's Python sample: the first string literal of its entry."""
    block = APP[APP.index("export const SDK_SAMPLES = {") : APP.index("};", APP.index("export const SDK_SAMPLES"))]
    entries = re.finditer(r"^  (\w+): \[\s*(['\"])(.*?)(?<!\\)\2", block, re.M | re.S)
    return {match.group(1): match.group(3) for match in entries}


def operation_ids() -> set[str]:
    found = set()
    for name in ("payouts-v2.json", "agent-v1.json"):
        document = json.loads((ROOT / "docs/openapi" / name).read_text())
        for item in document["paths"].values():
            found |= {operation["operationId"] for method, operation in item.items() if isinstance(operation, dict)}
    return found


def test_every_operation_has_sdk_samples() -> None:
    assert set(samples()) == operation_ids()


def test_each_python_sample_calls_a_method_of_the_sdk() -> None:
    client = runa_client.Runa("xx0123456789abcdef.secret", base_url="http://127.0.0.1:1")
    for operation, python in samples().items():
        for chain in re.findall(r"client((?:\.\w+)+)\(", python):
            target: object = client
            for name in chain.strip(".").split("."):
                assert hasattr(target, name), f"{operation}: client{chain} is not a method of runa_client.Runa"
                target = getattr(target, name)
            assert callable(target)


def test_the_reference_page_script_parses_as_the_module_the_page_loads(tmp_path: Path) -> None:
    # index.html loads app.js with type="module": a syntax error leaves the whole reference blank.
    node = shutil.which("node")
    assert node, "Node is needed (the TypeScript SDK's tests use it too)"
    module = tmp_path / "app.mjs"
    module.write_text((ROOT / "functions/portal/static/app.js").read_text())
    result = subprocess.run([node, "--check", str(module)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
