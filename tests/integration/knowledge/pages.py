"""A loopback HTTP server for knowledge pages (ephemeral port), with routes a test can change while it runs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow site)


class PageServer:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: list[str] = []
        pages, hits = self.pages, self.hits
        self._release = threading.Event()
        release = self._release

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                page = pages.get(self.path) or Page(body=b"not found", content_type="text/plain", status=404)
                if page.delay and release.wait(page.delay):
                    return
                body = page.body.encode() if isinstance(page.body, str) else page.body
                try:
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (too large, timed out)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", **kwargs: Any) -> str:
        self.pages[path] = Page(body=body, **kwargs)
        return self.url(path)

    def close(self) -> None:
        self._release.set()  # let slow handlers finish
        time.sleep(0.01)
        self._httpd.shutdown()
        self._httpd.server_close()
