"""`--take-terminal` (devtools/local_api/terminal.py): the local API's own foreground group on make's terminal.

The whole `make dev` under a terminal, with Ctrl-C, is tests/e2e/test_docs_commands.py; here the moves themselves, in
a process that runs, like the local API under make, in the terminal's foreground group without leading it.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import termios
from pathlib import Path

from devtools.local_api.terminal import take_foreground

ROOT = Path(__file__).resolve().parents[2]

# The member: reports its group and the terminal's foreground group before, after taking it, and after giving it back.
MEMBER = """
import json, os, signal
from devtools.local_api.terminal import take_foreground
seen = {"before": [os.getpgrp(), os.tcgetpgrp(0)]}
give_back = take_foreground(0)
seen["taken"] = [os.getpgrp(), os.tcgetpgrp(0), os.getpid()]
seen["tstp_ignored"] = signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN
give_back()
seen["given_back"] = os.tcgetpgrp(0)
print("SEEN", json.dumps(seen), flush=True)
"""
# The leader: a session on the terminal (as a shell window has), running the member as make runs its recipe; it
# also tries itself, as a job of its own already.
LEADER = """
import subprocess, sys
from devtools.local_api.terminal import take_foreground
print("LEADER", take_foreground(0) is None, flush=True)
subprocess.run([sys.executable, "-c", sys.argv[1]], check=True)
"""


def _controlling_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_given_no_terminal_then_nothing_moves() -> None:
    read, write = os.pipe()
    try:
        group = os.getpgrp()

        assert take_foreground(read) is None
        assert os.getpgrp() == group
    finally:
        os.close(read)
        os.close(write)


def test_given_a_member_of_the_terminals_foreground_group_then_it_takes_the_terminal_and_gives_it_back() -> None:
    master, slave = os.openpty()
    try:
        leader = subprocess.run(
            [sys.executable, "-c", LEADER, MEMBER],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
            timeout=60,
            check=False,
        )
        os.close(slave)
        slave = -1
        output = b""
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: nothing holds the terminal any more
                break
            if not data:
                break
            output += data
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    text = output.decode(errors="replace")
    assert leader.returncode == 0, text
    assert "LEADER True" in text, text  # a job of its own already: nothing to do
    seen = json.loads(text.split("SEEN ", 1)[1].splitlines()[0])
    make_group = seen["before"][0]
    assert seen["before"] == [make_group, make_group]  # in the foreground group, which it does not lead
    group, foreground, pid = seen["taken"]
    assert group == foreground == pid != make_group  # its own group, and the terminal's foreground
    assert seen["tstp_ignored"]
    assert seen["given_back"] == make_group
