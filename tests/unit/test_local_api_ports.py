"""`make dev` on a port in use stops at once, naming the port and the process holding it."""

from __future__ import annotations

import os
import socket

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
    assert message.startswith(f"port {port} (--moto-port) on 127.0.0.1 is already in use by pid {os.getpid()} (")
    assert "make dev PORT=3100 MOTO_PORT=4600" in message


def test_given_a_free_port_then_the_local_api_may_take_it() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    ensure_free("127.0.0.1", port, "--port")  # no error
