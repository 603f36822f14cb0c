"""`make dev` on a port in use stops at once, naming the port and the process holding it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from devtools.local_api.server import PortBusy, ensure_free


def test_given_a_port_in_use_when_the_local_api_starts_then_the_error_names_the_port_and_its_holder() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        with pytest.raises(PortBusy) as busy:
            ensure_free("127.0.0.1", port, "--moto-port")

    message = str(busy.value.strerror)
    assert message.startswith(f"port {port} (MOTO_PORT) on 127.0.0.1 is already in use by pid {os.getpid()} (")
    assert "`make dev MOTO_PORT=4600` (`make dev MOTO_PORT=0` picks a free one)" in message
    assert "--" not in message  # one spelling: make's variables, never the local API's options


HOLDER = """import socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
print(server.getsockname()[1], flush=True)
time.sleep(60)
"""


def test_given_a_holder_with_a_multi_line_command_then_the_error_is_one_line_with_its_first_line() -> None:
    # Given: a process listening, started with a script of several lines as its argument (python -c "...")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER + "#" + "x" * 200], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        port = int(holder.stdout.readline())

        with pytest.raises(PortBusy) as busy:
            ensure_free("127.0.0.1", port, "--port")
    finally:
        holder.kill()
        holder.wait()

    # Then: one line, naming the holder by the first line of its command, and make's spelling
    message = str(busy.value.strerror)
    assert "\n" not in message
    assert f"in use by pid {holder.pid} ({sys.executable} -c import socket, sys, time)" in message
    assert "`make dev PORT=3100` (`make dev PORT=0` picks a free one)" in message


def test_given_a_free_port_then_the_local_api_may_take_it() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    ensure_free("127.0.0.1", port, "--port")  # no error
