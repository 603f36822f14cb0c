"""Every shell command in README.md and docs/ runs as written, and answers what the page says it answers.

Each ```bash / ```sh block either runs, or carries `<!-- docs-test: skip: <reason> -->` on the line before its
fence (it needs an AWS account, a container engine, or starts a server). A document is read as a new user reads it:
`make dev` (in its own LOCAL_DIR, on free ports) for that document alone, then its blocks in order, one command at
a time in one shell, from a clean environment (PATH and HOME, no AWS variables). Then Ctrl-C, as a terminal sends
it to the whole process group: the local API stops cleanly (no traceback) and `make` reports the interrupt.

A command fails the test when it exits non-zero, prints a traceback, or answers other than its comment says
(tests/e2e/docs_shell.py): `# 401 {"type": "unauthorized", ...}` promises that status and that field;
`# {"balance":"976.50"...}` a 2xx with that value; `"O-..."` is any id starting `O-`. A GET that does not answer
so yet is asked again for a while, as a reader watching a status would.

What a reader pastes is pasted here too: the address `make dev` printed for http://127.0.0.1:3000, its keys for
`NAME=wg...` / `NAME=xx...` (production; the agent key for AGENT and KEY; else playground), its LOCAL_DIR for
`.local/`, a fresh key's id for `<key_id>`, and for `O-...`, `ks_...`, `sess_...` the latest such id an earlier
answer gave.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.docs_shell import (
    Shell,
    commands,
    expectation,
    ids_in,
    is_plain_curl,
    paste_ids,
    split_answer,
    unmet,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(bash|sh)\n(.*?)^```$", re.S | re.M)
SKIP = re.compile(r"<!-- docs-test: skip: (.+?) -->\s*$")
PLACEHOLDER_KEY = re.compile(r"\b(\w+)=(wg|xx)\.\.\.")
START_TIMEOUT_S = 120
WATCH_S = 20
STATUS_MARK = "__HTTP_STATUS__"


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
        line = text[: match.start()].count("\n") + 2
        found.append(Block(path, line, match.group(2), reason.group(1).strip() if reason else None))
    return found


def test_every_block_that_is_not_run_says_why() -> None:
    every = [block for path in DOCS for block in blocks(path)]

    assert len(every) > 20
    assert all(block.skip_reason is None or len(block.skip_reason) > 10 for block in every)
    assert sum(block.skip_reason is None for block in every) > 15


@dataclass
class MakeDev:
    """`make dev PORT=0 MOTO_PORT=0 LOCAL_DIR=...`, as a reader runs it (make, then the local API under it)."""

    process: subprocess.Popen[bytes]
    log_path: Path
    local_dir: Path
    exports: dict[str, str]

    @property
    def base_url(self) -> str:
        return self.exports["BASE"]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _clean_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "PYTHONUNBUFFERED": "1",
        # This checkout's code, also for .venv/bin/runa-admin (the virtualenv may be another checkout's).
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
    }


@pytest.fixture
def make_dev(tmp_path: Path) -> Iterator[MakeDev]:
    local_dir = tmp_path / "local"
    log_path = tmp_path / "make-dev.log"
    command = ["make", "--no-print-directory", "dev", "PORT=0", "MOTO_PORT=0", f"LOCAL_DIR={local_dir}"]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_clean_env(tmp_path),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    keys_file = local_dir / "keys.env"
    while "export DOCS_URL=" not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError(f"make dev did not start:\n{log_path.read_text(errors='replace')[-4000:]}")
        time.sleep(0.2)
    exports = dict(
        line.removeprefix("export ").split("=", 1)
        for line in keys_file.read_text().splitlines()
        if line.startswith("export ")
    )
    dev = MakeDev(process, log_path, local_dir, exports)
    yield dev
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal signals make and everything under it
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError(f"make dev did not stop on Ctrl-C:\n{dev.log()[-4000:]}") from None
    log = dev.log()
    assert "Stopped." in log, log[-4000:]
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log[-4000:]
    assert "No application metrics" not in log  # quiet logs, and each access line has its latency
    access = [line for line in log.splitlines() if "devtools.local_api.http:" in line]
    assert all(re.search(r'" \d{3} \S+ \d+ ms$', line) for line in access), access[:5]
    # The keys and the login come last, as export lines (nothing but the requests' own logs after them).
    banner = log.split("Keys and console login", 1)[1].splitlines()[1:]
    assert [line.split("=")[0] for line in banner[:4]] == [
        "export BASE", "export PLAYGROUND_KEY", "export PRODUCTION_KEY", "export AGENT_KEY"
    ]  # fmt: skip
    # make reports the interrupt (and dies of it); "Error N" would mean the local API itself failed.
    assert code in (0, -signal.SIGINT), log[-2000:]
    assert not re.search(r"^make: \*\*\* .* Error \d+", log, re.M), log[-2000:]


def _pasted(text: str, dev: MakeDev, key_id: str) -> str:
    def key_for(match: re.Match[str]) -> str:
        name, prefix = match.groups()
        label = "PRODUCTION" if prefix == "wg" else "AGENT" if name in ("AGENT", "KEY") else "PLAYGROUND"
        return f"{name}={dev.exports[f'{label}_KEY']}"

    text = PLACEHOLDER_KEY.sub(key_for, text)
    text = text.replace("http://127.0.0.1:3000", dev.base_url)
    text = text.replace(".local/", f"{dev.local_dir}/")
    return text.replace("<key_id>", key_id).replace("<key id>", key_id)


def _is_get(command: str) -> bool:
    return not re.search(r"\s(-X\s*(POST|PUT|PATCH|DELETE)|-d\s|--data)", command)


@pytest.mark.parametrize("path", [path for path in DOCS if any(not b.skip_reason for b in blocks(path))],
                         ids=lambda path: path.name)  # fmt: skip
def test_the_commands_of_a_document_answer_what_it_says(path: Path, make_dev: MakeDev, tmp_path: Path) -> None:
    env = {**_clean_env(tmp_path), "RUNA_LOCAL_ENV": str(make_dev.local_dir / "env.sh")}
    shell = Shell(ROOT, env)
    try:
        code, created = shell.run(f"{ROOT}/.venv/bin/runa-admin keys create --env playground --account acme")
        assert code == 0, created
        key_id = created.split('"key_id": "', 1)[1].split('"', 1)[0]
        seen_ids: list[str] = []
        for block in blocks(path):
            if block.skip_reason:
                continue
            for command in commands(_pasted(block.text, make_dev, key_id)):
                where = f"{path.name}:{block.line + command.line}"
                run = paste_ids(command.text, seen_ids)
                expected = expectation(command.comment)
                check = is_plain_curl(run) and expected.checkable
                if check:
                    run += f" -w '\\n{STATUS_MARK}%{{http_code}}'"
                deadline = time.monotonic() + (WATCH_S if check and _is_get(run) else 0)
                while True:
                    code, output = shell.run(run)
                    assert code == 0, f"{where} exited {code}:\n{run}\n{output[-3000:]}"
                    assert "Traceback" not in output and "No module named" not in output, f"{where}:\n{output}"
                    if not check:
                        seen_ids += ids_in(output)
                        break
                    answer, _, status = output.rpartition(f"\n{STATUS_MARK}")
                    _, body = split_answer(answer)
                    problems = unmet(expected, int(status), body)
                    if not problems or time.monotonic() > deadline:
                        break
                    time.sleep(1)
                if check:
                    seen_ids += ids_in(body)
                    assert not problems, f"{where}: {'; '.join(problems)}\n{run}\n{command.comment}\n{body[:2000]}"
    finally:
        shell.close()
