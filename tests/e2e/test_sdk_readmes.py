"""The SDKs' examples run as written against the local API: the ```python blocks of sdks/python/README.md and the
```js blocks of sdks/typescript/README.md (and the README's own SDK examples), each document's blocks in order as one
program, as a reader would paste them, with the environment the READMEs tell a reader to set: RUNA_API_KEY (a funded
production key), RUNA_BASE_URL (this local API) and RUNA_AGENT_KEY (the seeded agent key, product prod_demo).

The Python examples import `runa_client` from sdks/python/src; the TypeScript ones import "@runa/client" from a
node_modules that links to sdks/typescript (built by `make sdks-ts`, as `npm install ./sdks/typescript` would)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "sdks" / "typescript"


def blocks(path: Path, language: str) -> str:
    found = re.findall(rf"^```{language}\n(.*?)^```$", path.read_text(), re.S | re.M)
    assert found, f"{path} has no {language} example"
    return "\n".join(found)


@pytest.fixture(scope="module")
def reader_env(local_api: LocalApiProcess, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    key = local_api.create_key("production", "sdk-readme")
    local_api.top_up("production", "sdk-readme", "1000.00")
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path_factory.mktemp("home")),
        "RUNA_API_KEY": key,
        "RUNA_BASE_URL": local_api.base_url,
        "RUNA_AGENT_KEY": local_api.keys["agent"],
    }


def run(command: list[str], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False)
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, output[-4000:]
    return result.stdout


@pytest.mark.parametrize("document", ["sdks/python/README.md", "README.md"])
def test_the_python_examples_run(document: str, reader_env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(blocks(ROOT / document, "python"))
    env = {**reader_env, "PYTHONPATH": str(ROOT / "sdks" / "python" / "src")}

    output = run([sys.executable, str(script)], env, tmp_path)

    assert "COMPLETED" in output
    if document.startswith("sdks"):
        assert "pong" in output and "PROCESSING" in output and "ready" in output and "404 not_found True" in output


@pytest.mark.parametrize("document", ["sdks/typescript/README.md", "README.md"])
def test_the_typescript_examples_run(document: str, reader_env: dict[str, str], tmp_path: Path) -> None:
    if not (TS / "dist" / "index.js").exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("sdks/typescript is not built: .ci/run runs `make sdks-ts` before `make test`")
        pytest.skip("sdks/typescript is not built (make sdks-ts)")
    (tmp_path / "node_modules" / "@runa").mkdir(parents=True)
    (tmp_path / "node_modules" / "@runa" / "client").symlink_to(TS, target_is_directory=True)
    script = tmp_path / "example.mjs"
    script.write_text(blocks(ROOT / document, "js"))

    output = run(["node", str(script)], reader_env, tmp_path)

    assert "COMPLETED" in output
    if document.startswith("sdks"):
        assert "pong" in output and "PROCESSING" in output and "ready" in output and "404 not_found true" in output
