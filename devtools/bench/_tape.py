"""AWS answers recorded once from moto, then replayed: the cold-request benchmark times the function, not moto.

A loopback HTTP server that every measured process uses as its AWS endpoint (AWS_ENDPOINT_URL). While a case is
recorded it forwards each request to moto and keeps the answer; while the case is measured it answers the case's
requests in the order they were recorded, from memory, so moto's work (and its lock, and its state changing
between runs: a second order with the same idempotency key would be a replay) is in no measurement, and every run
of a case sees exactly the same answers. A request whose operation differs from the recorded one stops the bench:
the run took another path than the recording.

`/hook...` is not AWS: it answers 200 to any request (the webhooks consumer's delivery), recorded or not.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

HOOK_PATH = "/hook"
# Hop-by-hop and per-connection headers: the replay sets its own.
_DROPPED = {"content-length", "connection", "keep-alive", "transfer-encoding", "date", "server"}


@dataclass
class Answer:
    operation: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Tape:
    """One case's recorded answers, served on a port of its own (cases may be measured in parallel)."""

    case: str
    upstream: tuple[str, int] | None = None  # moto, while recording
    answers: list[Answer] = field(default_factory=list)
    recording: bool = False
    position: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        """Serve on a free loopback port (a daemon thread); returns the URL to use as AWS_ENDPOINT_URL."""
        server = _TapeServer(("127.0.0.1", 0), _Handler)
        server.tape = self
        threading.Thread(target=server.serve_forever, daemon=True, name=f"tape-{self.case}").start()
        self._server, self.url = server, f"http://127.0.0.1:{server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def record(self, upstream: tuple[str, int]) -> None:
        with self.lock:
            self.upstream, self.recording, self.position, self.answers = upstream, True, 0, []

    def rewind(self) -> None:
        """Replay from the first answer (before each measured run)."""
        with self.lock:
            self.upstream, self.recording, self.position = None, False, 0

    @property
    def calls(self) -> list[str]:
        return [answer.operation for answer in self.answers]

    def check(self) -> None:
        """Raise if the last run asked for something other than the recording, or for less."""
        if self.errors:
            raise SystemExit("replay diverged from the recording:\n" + "\n".join(self.errors))
        if not self.recording and self.position != len(self.answers):
            raise SystemExit(f"{self.case}: made {self.position} AWS calls, the recording has {len(self.answers)}")


def _operation(headers: dict[str, str], body: bytes) -> str:
    target = headers.get("x-amz-target")
    if target:
        return target  # JSON protocols: DynamoDB, SQS, KMS
    action = parse_qs(body.decode(errors="replace")).get("Action")
    return action[0] if action else "?"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as botocore's connection pool expects of AWS
    disable_nagle_algorithm = True  # else headers and body go in two packets and the client waits ~40 ms for an ACK
    server: _TapeServer  # ours carries the tape

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _serve(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith(HOOK_PATH):
            self._answer(200, [("Content-Type", "application/json")], b"{}")
            return
        tape = self.server.tape
        operation = _operation({k.lower(): v for k, v in self.headers.items()}, body)
        with tape.lock:
            recording, position = tape.recording, tape.position
            tape.position += 1
        if recording:
            answer = self._forward(operation, body)
            tape.answers.append(answer)
        else:
            recorded = tape.answers
            if position >= len(recorded) or recorded[position].operation != operation:
                expected = recorded[position].operation if position < len(recorded) else "nothing"
                tape.errors.append(f"{tape.case}: call {position + 1} is {operation}, the recording has {expected}")
                self._answer(500, [("Content-Type", "application/json")], b'{"__type": "BenchReplayDiverged"}')
                return
            answer = recorded[position]
        self._answer(answer.status, answer.headers, answer.body)

    def _forward(self, operation: str, body: bytes) -> Answer:
        assert self.server.tape.upstream is not None, "nothing to record from"
        host, port = self.server.tape.upstream
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _DROPPED]
            return Answer(operation, response.status, kept, response.read())
        finally:
            connection.close()

    do_POST = _serve
    do_GET = _serve
    do_PUT = _serve
    do_DELETE = _serve


class _TapeServer(ThreadingHTTPServer):
    daemon_threads = True
    tape: Tape
