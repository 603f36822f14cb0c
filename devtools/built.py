"""Run code in a function of the host build (scripts/build_lambda.py host) as Lambda would start it: a fresh
interpreter with exactly function : layer : runtime on its path and the function's settings from template.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from devtools.infra import TEMPLATE_PATH
from runa_ops.template import environment_of, load_template, resources_of_type


def run_in_built(artifact: Path, function: Path, code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by `python -S` in `function` (a folder of `artifact`); its output is the caller's to check."""
    template = load_template(TEMPLATE_PATH)
    physical = {logical: f"test-{logical}" for logical in template["Resources"]}
    folders = {
        spec["Properties"]["CodeUri"].strip("/").split("/")[-1]: logical
        for logical, spec in resources_of_type(template, "AWS::Serverless::Function").items()
    }
    env = {
        **environment_of(template, folders[function.name], physical),
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join(map(str, [function, artifact / "SharedLayer" / "python", artifact / "runtime"])),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
        # As Lambda sets them: the init makes clients (runa.core.aws.prepare), which look credentials up.
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "LAMBDA_TASK_ROOT": str(function),
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter on our own code
        [sys.executable, "-S", "-c", code], cwd=function, env=env, capture_output=True, text=True, check=False
    )


def built_functions(artifact: Path) -> list[Path]:
    """Every function's folder in the artifact, in name order."""
    return sorted(p for p in artifact.iterdir() if (p / "app.py").exists())
