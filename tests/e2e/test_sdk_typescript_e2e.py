"""The TypeScript SDK's end-to-end suite (sdks/typescript/test/e2e.test.mjs, node's test runner) against this
session's local API, with fresh keys. Needs sdks/typescript built (`make sdks-ts`; CI's .ci/run does it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

TS = Path(__file__).resolve().parents[2] / "sdks" / "typescript"


def test_the_typescript_sdk_against_the_local_api(local_api: LocalApiProcess) -> None:
    if not (TS / "dist" / "index.js").exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("sdks/typescript is not built: .ci/run runs `make sdks-ts` before `make test`")
        pytest.skip("sdks/typescript is not built (make sdks-ts)")
    production = local_api.create_key("production", "sdk-ts")
    local_api.top_up("production", "sdk-ts", "500.00")
    env = {
        **os.environ,
        "RUNA_E2E_BASE_URL": local_api.base_url,
        "RUNA_E2E_PLAYGROUND_KEY": local_api.playground_key,
        "RUNA_E2E_PRODUCTION_KEY": production,
        "RUNA_E2E_AGENT_KEY": local_api.create_key("playground", "sdk-ts-agent", "prod_sdkts"),
        "RUNA_E2E_AGENT_PRODUCT": "prod_sdkts",
    }

    result = subprocess.run(
        ["node", "--test", "--test-reporter=tap", "test/e2e.test.mjs"],
        cwd=TS,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    print(result.stdout[-3000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "# fail 0" in result.stdout and "# pass 4" in result.stdout
    assert all(line["ok"] for line in local_api.audit("production", "sdk-ts"))
