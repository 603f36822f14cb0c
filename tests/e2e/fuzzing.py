"""Schemathesis runs against the local API, for tests/e2e/test_fuzz_*.py.

One run: `schemathesis run SPEC --url BASE` with the four contract checks, a fixed seed and bounded examples, as a
subprocess (its own process: Hypothesis settings and Schemathesis' config stay out of the test session). A run
that fails prints Schemathesis' own report, with a `curl` line for every failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.contract import OFFICIAL_V2, deviations

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
SEED = 20240205
# Both runs together stay well under two minutes on a shared two-core machine (measured in the report).
MAX_EXAMPLES = 6
PHASES = "examples,coverage,fuzzing,stateful"
RUN_TIMEOUT_S = 110


def v2_document_with_deviations(directory: Path) -> Path:
    """The official document plus, per operation, the statuses docs/payouts.md lists as deliberate differences
    (bodies in the error shape): exactly what the /v2 fuzz run allows beyond the document."""
    document: dict[str, Any] = json.loads(OFFICIAL_V2.read_text())
    error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/APIErrorResponse"}}}
    deviation = {"description": "Deliberate difference (docs/payouts.md)", "content": error_body}
    for (method, template), statuses in deviations().items():
        responses = document["paths"][template][method.lower()]["responses"]
        for status in statuses:
            responses.setdefault(status, deviation)
    path = directory / "runa-v2-with-deviations.json"
    path.write_text(json.dumps(document))
    return path


def run(spec: Path, base_url: str, headers: dict[str, str], workdir: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
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
