"""`make dev` in a terminal: the terminal's Ctrl-C goes to the local API alone, so that make exits 0 too.

A terminal sends Ctrl-C (SIGINT) to its whole foreground process group: under `make dev`, make and the local API.
The local API stops cleanly and exits 0, but GNU make has caught the SIGINT as well: it waits for its recipe and
then kills itself with that signal (its fatal_error_signal), so the shell sees 130 whatever the recipe did. No
option or Makefile construct changes that: only a make that never receives the signal exits with its recipe's
status.

So, with `--take-terminal` (the Makefile's `dev` passes it), the local API moves into a process group of its own
and makes it the terminal's foreground group, as a shell does for each job, before it starts anything: moto, the
forkserver and every execution environment are then in its group, get the terminal's signals with it and are
stopped by it as before; make gets none of them and exits with the recipe's 0. The terminal goes back to make's
group when the local API exits, in whatever way short of a signal that kills it outright (the shell takes the
terminal back anyway once make is done).

Not without the option: a program that runs the local API from a terminal (pytest -s, `make chaos`) keeps the
terminal's Ctrl-C for itself.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
from collections.abc import Callable


def take_foreground(fd: int = 0) -> Callable[[], None] | None:
    """Move into a process group of our own and make it the foreground group of `fd`'s terminal, when `fd` is a
    terminal whose foreground group is ours and which we do not lead. Returns what gives the terminal back to the
    group we left (also registered to run at exit; running it twice is harmless), or None when nothing was done."""
    try:
        if not os.isatty(fd):
            return None
        group = os.getpgrp()
        if os.tcgetpgrp(fd) != group or group == os.getpid():
            return None  # a background job, or a job of our own already (run from a shell, not under make)
    except OSError:
        return None
    # Ctrl-Z would stop our group, which no shell knows of: make would wait on it and the terminal would hang.
    # Ignored, so also in all we start from now on (an ignored signal stays ignored across fork and exec).
    previous_tstp = signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    try:
        os.setpgid(0, 0)
        _set_foreground(fd, os.getpid())
    except OSError:
        with contextlib.suppress(OSError):
            os.setpgid(0, group)  # back in make's group: Ctrl-C reaches both, as without the option
        signal.signal(signal.SIGTSTP, previous_tstp)
        return None
    given_back = False

    def give_back() -> None:
        nonlocal given_back
        if given_back:
            return
        given_back = True
        with contextlib.suppress(OSError):
            if os.tcgetpgrp(fd) == os.getpgrp():  # not when the shell has taken the terminal back already
                _set_foreground(fd, group)

    atexit.register(give_back)
    return give_back


def _set_foreground(fd: int, group: int) -> None:
    # tcsetpgrp from a group that is not the foreground one stops the caller with SIGTTOU, unless it ignores it.
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, group)
    finally:
        signal.signal(signal.SIGTTOU, previous)
