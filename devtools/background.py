"""The lifecycle the local event sources share (the stream and schedule pollers): one daemon thread running
`_run` until `request_stop` (all pollers are asked at once, then each is joined by `stop`)."""

from __future__ import annotations

import threading


class BackgroundLoop:
    def __init__(self, thread_name: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)

    def _run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def request_stop(self) -> None:
        self._stop.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
