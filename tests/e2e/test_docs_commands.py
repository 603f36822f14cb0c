"""Every shell command in README.md and docs/ runs as written, against the local API, from a clean shell.

Each ```bash / ```sh block either runs, or carries `<!-- docs-test: skip: <reason> -->` on the line before its
fence (it needs an AWS account, a container engine, or starts a server). The blocks of one file run in order in one
shell, as a reader types them in one terminal, with `set -e`: a failing command (a missing module, a tool that
exits non-zero) fails the test, and so does a traceback anywhere in the output.

What a reader pastes is pasted here too: the local API's address for http://127.0.0.1:3000 (this one listens on a
free port), the seeded keys for `NAME=wg...` / `NAME=xx...` (production, and the agent key for AGENT and KEY,
else the playground key), and a fresh key's id for `<key_id>`. Ids a reader would copy from an earlier answer
(`O-...`, `ks_...`) stay as written and simply answer 404. The environment is a new terminal's: PATH and HOME, no
AWS variables; `runa-admin` finds the local API through RUNA_LOCAL_ENV (the file this local API wrote, in place
of .local/env.sh).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(bash|sh)\n(.*?)^```$", re.S | re.M)
SKIP = re.compile(r"<!-- docs-test: skip: (.+?) -->\s*$")
PLACEHOLDER_KEY = re.compile(r"\b(\w+)=(wg|xx)\.\.\.")


@dataclass
class Block:
    path: Path
    line: int
    text: str
    skip_reason: str | None


def blocks(path: Path) -> list[Block]:
    text = path.read_text()
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        reason = SKIP.search(before)
        line = text[: match.start()].count("\n") + 1
        found.append(Block(path, line, match.group(2), reason.group(1).strip() if reason else None))
    return found


def test_every_block_that_is_not_run_says_why() -> None:
    every = [block for path in DOCS for block in blocks(path)]

    assert len(every) > 20
    assert all(block.skip_reason is None or len(block.skip_reason) > 10 for block in every)
    assert sum(block.skip_reason is None for block in every) > 15


def _pasted(text: str, local_api: LocalApiProcess, key_id: str) -> str:
    def key_for(match: re.Match[str]) -> str:
        name, prefix = match.groups()
        label = "production" if prefix == "wg" else "agent" if name in ("AGENT", "KEY") else "playground"
        return f"{name}={local_api.keys[label]}"

    text = PLACEHOLDER_KEY.sub(key_for, text)
    text = text.replace("http://127.0.0.1:3000", local_api.base_url)
    return text.replace("<key_id>", key_id).replace("<key id>", key_id)


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_the_commands_of_a_document_run_as_written(path: Path, local_api: LocalApiProcess, tmp_path: Path) -> None:
    runnable = [block for block in blocks(path) if block.skip_reason is None]
    if not runnable:
        assert all(block.skip_reason for block in blocks(path))
        return
    spare_key = local_api.create_key("playground", "acme")
    key_id = spare_key[2:].split(".", 1)[0]
    script = ["set -e"]
    for block in runnable:
        script.append(f"echo '### {path.name}:{block.line}'")
        script.append(_pasted(block.text, local_api, key_id))
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "RUNA_LOCAL_ENV": str(local_api.log_path.parent / "env.sh"),
        # This checkout's code, also for .venv/bin/runa-admin (the virtualenv may be another checkout's).
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
        "PLAYGROUND_KEY": local_api.playground_key,
    }

    result = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )

    output = result.stdout + result.stderr
    last_block = [line for line in result.stdout.splitlines() if line.startswith("### ")][-1:]
    assert result.returncode == 0, f"{last_block} exited {result.returncode}:\n{output[-3000:]}"
    assert "Traceback" not in output and "No module named" not in output, output[-3000:]
