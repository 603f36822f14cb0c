"""Each function receives only the table and queue names it uses (template.yaml, per function), its handler names
exactly those at cold start, and a missing one stops the cold start with a message that names it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from devtools.fake_aws import FAKE_AWS_ENVIRONMENT
from devtools.infra import TEMPLATE_PATH
from runa_ops.template import environment_of, load_template, resources_of_type

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(TEMPLATE_PATH)
FUNCTIONS = resources_of_type(TEMPLATE, "AWS::Serverless::Function")
# Settings a handler may use without requiring: empty means "no KMS key", and secrets stay plain (local runs only).
OPTIONAL = {"SECRETS_KEY_ID"}
GLOBAL = set(TEMPLATE["Globals"]["Function"]["Environment"]["Variables"])

# In one child process, for each function in turn: set exactly its environment, record what its handler requires
# while importing it, then import it again without the first required variable, as a second cold start would.
PROBE = """
import importlib.util, json, os, sys
import runa.core.settings as settings
cases = json.loads(sys.stdin.read())
base = dict(os.environ)
original = settings.require_settings
results = {}
for logical, case in cases.items():
    required = []
    def recording(*fields):
        required.extend(fields)
        original(*fields)
    def start(name):
        spec = importlib.util.spec_from_file_location(name, case["app"])
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    os.environ.clear()
    os.environ.update({**base, **case["env"]})
    settings.require_settings = recording
    start(logical)
    settings.require_settings = original
    names = [settings._ENV_NAMES[field] for field in required]
    if not names:  # a function that uses no table, queue or model (the public portal)
        results[logical] = {"required": [], "error": None}
        continue
    os.environ.pop(names[0], None)
    try:
        start(logical + "_second")
        error = None
    except settings.MissingSettings as missing:
        error = str(missing)
    results[logical] = {"required": names, "error": error}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def probed() -> dict[str, dict[str, Any]]:
    physical = {logical: f"test-{logical}" for logical in TEMPLATE["Resources"]}
    cases = {
        logical: {
            "app": str(ROOT / spec["Properties"]["CodeUri"] / "app.py"),
            "env": {**environment_of(TEMPLATE, logical, physical), "AWS_LAMBDA_FUNCTION_NAME": logical},
        }
        for logical, spec in FUNCTIONS.items()
    }
    env = {
        "PATH": os.environ.get("PATH", ""),
        **FAKE_AWS_ENVIRONMENT,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], input=json.dumps(cases), cwd=ROOT, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    results: dict[str, dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return results


def test_given_the_template_then_no_table_or_queue_reaches_every_function_through_globals() -> None:
    assert not [name for name in GLOBAL if name.endswith(("_TABLE", "_QUEUE_URL"))]


@pytest.mark.parametrize("logical", sorted(FUNCTIONS))
def test_given_a_function_then_it_gets_exactly_what_its_handler_requires_and_refuses_to_start_without_it(
    logical: str, probed: dict[str, dict[str, Any]]
) -> None:
    own = set((FUNCTIONS[logical]["Properties"].get("Environment") or {}).get("Variables") or {})
    started = probed[logical]

    if not started["required"]:  # it uses no stack resource, so the template gives it none
        assert not {name for name in own if name.endswith(("_TABLE", "_QUEUE_URL"))}, f"{logical} is given unused names"
        return
    resources = {name for name in own if name.endswith(("_TABLE", "_QUEUE_URL"))}
    assert set(started["required"]) <= own - OPTIONAL  # everything it requires, the template gives it
    assert {name for name in started["required"] if name in resources or name.endswith(("_TABLE", "_QUEUE_URL"))} == (
        resources
    )  # and every table or queue it is given, it uses
    assert started["error"] is not None, f"{logical} started without {started['required'][0]}"
    assert started["required"][0] in started["error"]
    assert logical in started["error"]
