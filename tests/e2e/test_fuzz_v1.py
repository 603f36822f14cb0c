"""Property-based fuzzing of the agent API (/v1) through the local API, driven by its generated document
(docs/openapi/agent-v1.json, drift-tested against the models). Same checks, seed and bounds as the /v2 run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools.openapi import V1
from tests.e2e import fuzzing
from tests.e2e.conftest import LocalApiProcess


@pytest.mark.e2e
def test_the_generated_v1_document_finds_no_failure_through_the_local_api(
    local_api: LocalApiProcess, tmp_path: Path
) -> None:
    operations = sum(len(methods) for methods in json.loads(V1.committed.read_text())["paths"].values())
    auth = {"Authorization": f"Bearer {local_api.keys['agent']}"}

    result = fuzzing.run(V1.committed, local_api.base_url, auth, tmp_path)

    assert result.returncode == 0, f"Schemathesis found failures:\n{result.stdout[-12000:]}\n{result.stderr[-2000:]}"
    assert f"Tested: {operations}" in result.stdout, result.stdout[-3000:]
