"""What the docs test needs to run a page's shell blocks as a reader would, and to hold each answer to what the
page says it is.

- `commands(text)`: a block split into the commands a reader pastes one by one (backslash continuations and quoted
  newlines kept), each with the comment that says what it answers: the one on its last line, or comment lines right
  after it that start like an answer (`# 201 {...`, `# {...`, `# [...`), continued by indented comment lines.
- `expectation(comment)`: what such a comment promises: a leading HTTP status (`# 401 {...}`), and the `"key": value`
  pairs of its JSON (a string with `...` is a pattern: `"O-..."` is any id starting `O-`). A comment in words only
  (`# the catalogue`) promises nothing checkable. Without a status, a JSON answer promises success (2xx).
- `unmet(expected, status, body)`: what of it the answer breaks (empty when it keeps every promise). A pair is kept
  when some object anywhere in the answer has that key with that value.
- `Shell`: one bash process fed one command at a time (a reader's terminal), so that ids a reader would copy from an
  earlier answer (`O-...`, `ks_...`, `sess_...`) are pasted from the answers actually received.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")
STATUS = re.compile(r"^(\d{3})\b")
PAIR = re.compile(r'"(\w+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null|\[\])')
ANSWER_START = re.compile(r"^#\s*(\d{3}\b|\{|\[)")
PLACEHOLDER = re.compile(r"\b([A-Za-z]+[-_](?:[A-Za-z0-9]+[-_])*[A-Za-z0-9]*)\.\.\.(\w*)")
WRITTEN_ID = re.compile(r'"(?:id|sessionId|sourceId|toolId)"\s*:\s*"([^"]+)"')


@dataclass
class Command:
    text: str  # what is run (comments removed)
    comment: str  # the comment that says what it answers ("" when none)
    line: int  # first line within the block (0-based)


@dataclass
class Expectation:
    status: int | None = None
    pairs: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def checkable(self) -> bool:
        return self.status is not None or bool(self.pairs)


def _split_comment(line: str, in_quote: str | None) -> tuple[str, str, str | None]:
    """(code, comment, quote still open at the end of the line) for one physical line."""
    i = 0
    while i < len(line):
        char = line[i]
        if in_quote:
            if char == "\\" and in_quote == '"':
                i += 2
                continue
            if char == in_quote:
                in_quote = None
        elif char == "\\":
            i += 2
            continue
        elif char in "'\"":
            in_quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t;"):
            return line[:i], line[i:], None
        i += 1
    return line, "", in_quote


def commands(block: str) -> list[Command]:
    found: list[Command] = []
    lines = block.splitlines()
    code: list[str] = []
    comment = ""
    quote: str | None = None
    start = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not code:
            start = i
        part, note, quote = _split_comment(line, quote)
        code.append(part)
        if note:
            comment = note
        if quote or part.rstrip().endswith("\\"):
            i += 1
            continue
        heredoc = HEREDOC.search(part)
        if heredoc:  # the document's lines, up to its terminator, belong to the command
            terminator = heredoc.group(1)
            while i + 1 < len(lines) and lines[i + 1].strip() != terminator:
                i += 1
                code.append(lines[i])
            if i + 1 < len(lines):
                i += 1
                code.append(lines[i])
        text = "\n".join(code).strip()
        code = []
        if text:
            # Comment lines right after it that read like an answer belong to it (also when its own comment only
            # says what it does, e.g. "# today (UTC)": an answer below must not go unchecked).
            j = i + 1
            if not expectation(comment).checkable and j < len(lines) and ANSWER_START.match(lines[j].strip()):
                answer = [lines[j].strip()]
                j += 1
                while j < len(lines) and re.match(r"^#\s{2,}", lines[j].strip()):
                    answer.append(lines[j].strip())
                    j += 1
                comment = " ".join(answer)
                i = j - 1
            found.append(Command(text=text, comment=comment.strip(), line=start))
        comment = ""
        i += 1
    return found


def expectation(comment: str) -> Expectation:
    text = re.sub(r"^#\s*", "", comment.strip())
    text = re.sub(r"\s+#\s*", " ", text)  # continuation lines
    found = Expectation()
    status = STATUS.match(text)
    if status:
        found.status = int(status.group(1))
    json_start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if json_start >= 0:
        for key, raw in PAIR.findall(text[json_start:]):
            found.pairs.append((key, json.loads(raw)))
    return found


def _matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and "..." in expected:
        if not isinstance(actual, str):
            return False
        pattern = ".*".join(re.escape(part) for part in expected.split("..."))
        return re.fullmatch(pattern, actual, re.S) is not None
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, int | float) and not isinstance(actual, bool) and isinstance(actual, int | float):
        return float(expected) == float(actual)
    return bool(expected == actual)


def _values_of(document: Any, key: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(document, dict):
        if key in document:
            found.append(document[key])
        for value in document.values():
            found += _values_of(value, key)
    elif isinstance(document, list):
        for value in document:
            found += _values_of(value, key)
    return found


def unmet(expected: Expectation, status: int, body: str) -> list[str]:
    problems: list[str] = []
    if expected.status is not None and status != expected.status:
        problems.append(f"status {status}, the page says {expected.status}")
    elif expected.status is None and expected.pairs and not 200 <= status < 300:
        problems.append(f"status {status}, the page shows a successful answer")
    if not expected.pairs:
        return problems
    try:
        document = json.loads(body)
    except ValueError:
        return [*problems, "the answer is not JSON"]
    for key, value in expected.pairs:
        seen = _values_of(document, key)
        if not any(_matches(value, actual) for actual in seen):
            problems.append(f"{key}: {json.dumps(value)} on the page, {json.dumps(seen)[:200] if seen else 'absent'}")
    return problems


def paste_ids(command: str, seen_ids: list[str]) -> str:
    """`O-...`, `ks_...`, `sess_...`, `msg_O-..._completed`: the latest id received that fits, as a reader pastes it."""

    def paste(match: re.Match[str]) -> str:
        prefix, suffix = match.groups()
        for candidate in reversed(seen_ids):
            if candidate.startswith(prefix) and candidate.endswith(suffix) and len(candidate) > len(prefix + suffix):
                return candidate
        return match.group(0)

    return PLACEHOLDER.sub(paste, command)


def ids_in(body: str) -> list[str]:
    return WRITTEN_ID.findall(body)


def is_plain_curl(command: str) -> bool:
    """A curl command whose answer is the whole output (no pipe, no second command, no substitution)."""
    if not command.startswith("curl "):
        return False
    unquoted = re.sub(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", "", command)
    return not any(token in unquoted for token in ("|", ";", "&&", "$(", "`", ">"))


def split_answer(output: str) -> tuple[str, str]:
    """(headers, body) of curl's output; headers are empty unless the command asked for them (-i)."""
    if output.startswith("HTTP/"):
        head, _, body = output.replace("\r\n", "\n").partition("\n\n")
        while body.startswith("HTTP/"):  # a 100 Continue before the answer
            head, _, body = body.partition("\n\n")
        return head, body
    return "", output


class Shell:
    """One bash process: commands run in it one at a time; variables and the working directory carry over."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            ["bash", "--norc", "--noprofile"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # what a page starts in the background (a web server) goes with it
        )

    def run(self, command: str, timeout: float = 120) -> tuple[int, str]:
        """(exit status, everything it printed, stdout and stderr together) of one command."""
        assert self.process.stdin is not None and self.process.stdout is not None
        marker = f"__DOCS_DONE_{uuid.uuid4().hex}__"
        self.process.stdin.write(f"{command}\nprintf '\\n{marker} %s\\n' $?\n")
        self.process.stdin.flush()
        fd = self.process.stdout.fileno()
        received = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            received += chunk
            text = received.decode(errors="replace")
            found = re.search(rf"\n{marker} (\d+)\n", text)
            if found:
                return int(found.group(1)), text[: found.start()]
        raise AssertionError(f"no answer within {timeout}s to:\n{command}\n{received.decode(errors='replace')[-2000:]}")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
