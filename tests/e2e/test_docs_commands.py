"""Every shell command in README.md and docs/ runs as written, and answers what the page says it answers.

Each ```bash / ```sh block either runs, or carries `<!-- docs-test: skip: <reason> -->` on the line before its
fence (it needs an AWS account, a container engine, or starts a server). A document is read as a new user reads it:
`make dev` (in its own LOCAL_DIR, on free ports) for that document alone, then its blocks in order, one command at
a time in one shell, from a clean environment (PATH and HOME, no AWS variables). Then a SIGINT to make's process
group, as a script without a terminal stops it: the local API stops cleanly (no traceback) and `make` dies of the
signal it received too. Typed in a terminal (the last test, on a pseudo-terminal), Ctrl-C stops it and `make` exits 0.

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

import contextlib
import fcntl
import os
import re
import signal
import subprocess
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from devtools.local_api.server import ensure_free
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
WATCH_S = 60  # how long a reader re-runs a GET watching a status (indexing a page on a loaded machine)
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
    terminal: int | None = None  # the pseudo-terminal's master end, when make runs on one
    copying: threading.Thread | None = None  # what copies the terminal to the log

    @property
    def base_url(self) -> str:
        return self.exports["BASE"]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def close(self) -> None:
        """After make has exited: the terminal, once everything on it has been copied to the log."""
        if self.terminal is not None:
            if self.copying is not None:
                self.copying.join(timeout=10)
            os.close(self.terminal)
            self.terminal = None

    def type(self, keys: bytes) -> None:
        """Keys typed on make's terminal (b"\\x03" is Ctrl-C: the terminal signals its foreground process group)."""
        assert self.terminal is not None, "make dev runs without a terminal"
        os.write(self.terminal, keys)


def _clean_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "PYTHONUNBUFFERED": "1",
        # This checkout's code, also for .venv/bin/runa-admin (the virtualenv may be another checkout's).
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
    }


def session_processes(leader: int) -> list[int]:
    """The live processes of the session `leader` started (make, and all it started, whatever their group)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (comm)": state ppid pgrp session
            if int(fields[3]) == leader and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def kill_session(leader: int) -> None:
    for pid in session_processes(leader):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _controlling_terminal() -> None:
    # In the child, a session leader now: its stdin (the pty's slave end) becomes its controlling terminal, as a
    # shell window's is, so the terminal's Ctrl-C goes to the foreground process group.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _copy_terminal(master: int, log_path: Path) -> None:
    """What the terminal shows, into the log, until nothing holds its slave end any more (EIO)."""
    with log_path.open("ab") as log:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            log.write(data)
            log.flush()


def start_make_dev(tmp_path: Path, *variables: str, terminal: bool = False) -> MakeDev:
    """`make dev` with `variables` (default PORT=0 MOTO_PORT=0) and a LOCAL_DIR of its own, started as a reader starts
    it, once it has printed the keys. With `terminal`, make runs on a pseudo-terminal (its controlling terminal, make
    in its foreground process group, as a shell runs it) and `type()` types on it; else its output goes to a file and
    Ctrl-C is a SIGINT to its process group."""
    local_dir = tmp_path / "local"
    log_path = tmp_path / "make-dev.log"
    ports = variables or ("PORT=0", "MOTO_PORT=0")
    command = ["make", "--no-print-directory", "dev", *ports, f"LOCAL_DIR={local_dir}"]
    master, copying = None, None
    if terminal:
        master, slave = os.openpty()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_clean_env(tmp_path),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(slave)
        copying = threading.Thread(target=_copy_terminal, args=(master, log_path), daemon=True)
        copying.start()
    else:
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
    while "export DOCS_URL=" not in (log_path.read_text(errors="replace") if log_path.exists() else ""):
        if process.poll() is not None or time.monotonic() > deadline:
            kill_session(process.pid)
            raise AssertionError(f"make dev did not start:\n{log_path.read_text(errors='replace')[-4000:]}")
        time.sleep(0.2)
    exports = dict(
        line.removeprefix("export ").split("=", 1)
        for line in keys_file.read_text().splitlines()
        if line.startswith("export ")
    )
    return MakeDev(process, log_path, local_dir, exports, master, copying)


def assert_stopped_cleanly(log: str) -> None:
    """What Ctrl-C leaves in make dev's output, terminal or not."""
    assert "Stopped." in log, log[-4000:]
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log[-4000:]
    # Quiet logs at make dev's default level: no function's INFO line, no metrics (EMF) line, no Powertools warning,
    # and each access line has its latency.
    assert "No application metrics" not in log
    assert '"level":"INFO"' not in log and '{"_aws":' not in log, log[-4000:]
    access = [line for line in log.splitlines() if "devtools.local_api.http:" in line]
    assert all(re.search(r'" \d{3} \S+ \d+ ms$', line) for line in access), access[:5]


@pytest.fixture
def make_dev(tmp_path: Path) -> Iterator[MakeDev]:
    dev = start_make_dev(tmp_path)
    yield dev
    os.killpg(dev.process.pid, signal.SIGINT)  # Ctrl-C: the terminal signals make and everything under it
    try:
        code = dev.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        kill_session(dev.process.pid)
        raise AssertionError(f"make dev did not stop on Ctrl-C:\n{dev.log()[-4000:]}") from None
    log = dev.log()
    assert_stopped_cleanly(log)
    # The keys and the login come last, as export lines (nothing but the requests' own logs after them).
    banner = log.split("Keys and console login", 1)[1].splitlines()[1:]
    assert [line.split("=")[0] for line in banner[:4]] == [
        "export BASE", "export PLAYGROUND_KEY", "export PRODUCTION_KEY", "export AGENT_KEY"
    ]  # fmt: skip
    # Without a terminal, the SIGINT reaches make too, which waits for the local API and then dies of it; "Error N"
    # would mean the local API itself failed. On a terminal make exits 0 (the test below).
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


def test_ctrl_c_in_a_terminal_stops_make_dev_and_make_exits_0(tmp_path: Path) -> None:
    """The README's `make dev`, typed in a terminal: each request prints its access line and nothing else; then
    Ctrl-C: everything stops, and so does make, with status 0."""
    dev = start_make_dev(tmp_path, terminal=True)
    try:
        playground, production = dev.exports["PLAYGROUND_KEY"], dev.exports["PRODUCTION_KEY"]
        calls = [
            ("/v2/ping", {"X-Api-Key": playground}, 200),
            ("/v2/ping", {"Authorization": f"Bearer {playground}"}, 200),
            ("/v2/balance?currency=USD", {"X-Api-Key": production}, 200),
            ("/v2/product?countries_redeemable_in=US&limit=5", {"X-Api-Key": production}, 200),
            ("/v2/ping", {}, 401),  # a refusal too: its 401 is in the access line
        ]
        for path, headers, status in calls:
            answer = requests.get(f"{dev.base_url}{path}", headers=headers, timeout=30)
            assert answer.status_code == status, answer.text
        time.sleep(1)  # a line a function printed after its answer would be in the log by now
        printed = dev.log().split("export DOCS_URL=", 1)[1].splitlines()[1:]
        access = [
            rf'INFO devtools\.local_api\.http: 127\.0\.0\.1 "GET {re.escape(path)} HTTP/1\.1" {status} \S+ \d+ ms'
            for path, _, status in calls
        ]
        assert len(printed) == len(access), printed
        assert all(re.fullmatch(pattern, line) for pattern, line in zip(access, printed, strict=True)), printed

        dev.type(b"\x03")
        code = dev.process.wait(timeout=60)
        log = dev.log()
        assert code == 0, f"make dev exited {code} on Ctrl-C:\n{log[-3000:]}"
        assert_stopped_cleanly(log)
        assert "make: ***" not in log, log[-2000:]
        # Nothing it started is left (moto, the forkserver, an execution environment), and its ports are free.
        deadline = time.monotonic() + 15
        while (left := session_processes(dev.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes()[:200] for pid in left]
        moto = re.search(r"^moto \(DynamoDB, SQS, \.\.\.\) on http://127\.0\.0\.1:(\d+)", log, re.M)
        assert moto is not None, log[:2000]
        ensure_free("127.0.0.1", int(dev.base_url.rsplit(":", 1)[1]), "--port")
        ensure_free("127.0.0.1", int(moto.group(1)), "--moto-port")
    finally:
        kill_session(dev.process.pid)  # whatever a failure left running
        dev.close()
