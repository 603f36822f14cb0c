"""Property-based fuzzing of the payouts API (/v2) through the local API, driven by the official document.

Schemathesis generates valid and invalid requests for all ten operations (examples, coverage, fuzzing and stateful
phases: order -> order by id) and checks every answer: no 5xx, the body matches the document's schema for that
status, the status is one the document lists (or a deliberate difference from docs/payouts.md), and the
Content-Type is the documented one. Fixed seed, bounded examples: the same run every time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import fuzzing
from tests.e2e.conftest import LocalApiProcess


@pytest.mark.e2e
def test_the_official_v2_document_finds_no_failure_through_the_local_api(
    local_api: LocalApiProcess, tmp_path: Path
) -> None:
    spec = fuzzing.v2_document_with_deviations(tmp_path)

    result = fuzzing.run(spec, local_api.url("/v2"), {"X-Api-Key": local_api.playground_key}, tmp_path)

    assert result.returncode == 0, f"Schemathesis found failures:\n{result.stdout[-12000:]}\n{result.stderr[-2000:]}"
    assert "Tested: 10" in result.stdout, result.stdout[-3000:]
