"""Schemathesis runs against the local API, for tests/e2e/test_fuzz_*.py.

One run: `schemathesis run SPEC --url BASE` with the four contract checks, a fixed seed and bounded examples
(positive and negative data: Schemathesis' default mode), as a subprocess (its own process: Hypothesis settings
and Schemathesis' config stay out of the test session). A run that fails prints Schemathesis' own report, with a
`curl` line for every failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.contract import OFFICIAL_V2, deviations_of

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
SEED = 20240205
# The budget: both runs together under two minutes on a shared two-core machine (40 s + 32 s measured alone,
# 80 and 96 generated requests). The local API answers a request in 0.1-0.4 s here, so Schemathesis' coverage
# phase alone (557 boundary requests for /v2) would take ~100 s: it is left to deeper runs, e.g.
#   FUZZ_PHASES=examples,coverage,fuzzing,stateful FUZZ_MAX_EXAMPLES=50 pytest tests/e2e/test_fuzz_v2.py
PHASES = os.environ.get("FUZZ_PHASES", "examples,fuzzing,stateful")
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))
# A guard against a hung run, not the budget: a machine shared by many test runs can be several times slower.
RUN_TIMEOUT_S = float(os.environ.get("FUZZ_TIMEOUT_S", "300"))


def v2_document_with_deviations(directory: Path) -> Path:
    """The official document plus, per operation, the statuses docs/payouts.md lists as deliberate differences
    (bodies in the error shape): exactly what the /v2 fuzz run allows beyond the document."""
    document: dict[str, Any] = json.loads(OFFICIAL_V2.read_text())
    error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/APIErrorResponse"}}}
    deviation = {"description": "Deliberate difference (docs/payouts.md)", "content": error_body}
    throttled = {
        "description": "API Gateway throttling (docs/payouts.md)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RateExceededResponse"}}},
    }
    for template, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status in sorted(deviations_of(method, template)):
                operation["responses"].setdefault(status, throttled if status == "429" else deviation)
    path = directory / "runa-v2-with-deviations.json"
    path.write_text(json.dumps(document))
    return path


def run(spec: Path, base_url: str, headers: dict[str, str], workdir: Path) -> subprocess.CompletedProcess[str]:
    # This interpreter's Schemathesis, not the console script beside it: a virtualenv that was moved keeps scripts
    # whose first line names the interpreter of its old place.
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(spec),
        "--url",
        base_url,
        "--checks",
        CHECKS,
        "--phases",
        PHASES,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--no-color",
        "--output-sanitize",
        "true",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    # cwd: Schemathesis keeps a cache directory where it runs; keep it out of the repository.
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)
