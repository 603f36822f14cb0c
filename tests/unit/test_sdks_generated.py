"""The SDKs' generated code is what the pinned generators make from the committed documents (`make sdks`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def check(language: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "sdks/generate.py"), "--check", "--only", language],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_the_python_sdk_models_are_a_fresh_generation() -> None:
    result = check("python")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_typescript_sdk_types_are_a_fresh_generation() -> None:
    if not (ROOT / "sdks/typescript/node_modules/.bin/openapi-typescript").exists() and not os.environ.get("CI"):
        pytest.skip("sdks/typescript/node_modules is missing (npm ci in sdks/typescript); CI installs it")
    result = check("typescript")
    assert result.returncode == 0, result.stdout + result.stderr
