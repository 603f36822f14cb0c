"""The SSRF-safe HTTP client: what it refuses, what it allows only under the local setting, and its caps."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from runa.core.settings import reset_settings
from runa.net import FetchFailed, UnsafeUrl, check_url, fetch, validate_url

Route = Callable[[BaseHTTPRequestHandler], None]


class _Server:
    """A loopback HTTP server on an ephemeral port; routes map a path to a function writing the answer."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[dict[str, Any]] = []
        routes, seen = self.routes, self.seen

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length) if length else b"",
                    }
                )
                route = routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route(self)

            do_GET = do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Type": "text/plain", "Content-Length": str(len(body)), **(headers or {})}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


@pytest.fixture
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ALLOW_LOOPBACK_HTTP", "true")
    reset_settings()
    yield
    reset_settings()


@pytest.fixture
def loopback_refused(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ALLOW_LOOPBACK_HTTP", raising=False)
    reset_settings()
    yield
    reset_settings()


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    yield srv
    srv.close()


def _resolve_to(monkeypatch: pytest.MonkeyPatch, mapping: dict[str, str]) -> list[str]:
    """Make chosen names resolve to chosen addresses (as a hostile DNS would); returns the names looked up."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        lookups.append(host)
        if host in mapping:
            family = socket.AF_INET6 if ":" in mapping[host] else socket.AF_INET
            sockaddr = (mapping[host], port, 0, 0) if family == socket.AF_INET6 else (mapping[host], port)
            return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return lookups


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/x",
        "http://localhost/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:8.8.8.8]/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.0.0.1/",
    ],
)
def test_given_a_non_public_address_when_fetched_then_unsafe_url_and_no_connection(
    loopback_refused: None, url: str
) -> None:
    with pytest.raises(UnsafeUrl) as caught:
        fetch(url)
    assert caught.value.status == 400
    assert caught.value.body()["type"] == "unsafe_url"
    assert "not allowed" in caught.value.message

    with pytest.raises(UnsafeUrl):
        validate_url(url)


def test_given_the_local_setting_when_a_private_or_metadata_address_then_still_refused(
    loopback_allowed: None,
) -> None:
    for url in ("http://169.254.169.254/", "http://10.1.1.1/", "http://[::ffff:127.0.0.1]/", "http://100.64.1.1/"):
        with pytest.raises(UnsafeUrl):
            validate_url(url)


def test_given_a_name_that_resolves_to_a_private_address_then_refused_without_showing_the_address(
    loopback_refused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"internal.example.com": "10.20.30.40"})

    with pytest.raises(UnsafeUrl) as caught:
        fetch("https://internal.example.com/secret")

    assert "internal.example.com" in caught.value.message
    assert "10.20.30.40" not in caught.value.message
    assert "/secret" not in caught.value.message


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/file", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)", "example.com"],
)
def test_given_a_non_http_scheme_then_refused(loopback_refused: None, url: str) -> None:
    with pytest.raises(UnsafeUrl) as caught:
        fetch(url)
    assert "http" in caught.value.message


@pytest.mark.parametrize(
    "url", ["http://user:pw@example.com/", "http://exa mple.com/", "http://example.com:99999/", "http:///path"]
)
def test_given_a_malformed_url_or_credentials_in_it_then_refused(loopback_refused: None, url: str) -> None:
    with pytest.raises(UnsafeUrl):
        validate_url(url)


def test_given_https_required_when_http_to_a_public_host_then_refused(
    loopback_refused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"api.example.com": "93.184.216.34"})
    with pytest.raises(UnsafeUrl) as caught:
        validate_url("http://api.example.com/hook", require_https=True)
    assert "https" in caught.value.message
    validate_url("https://api.example.com/hook", require_https=True)


def test_given_a_public_name_then_validate_url_accepts_it(
    loopback_refused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"docs.example.com": "93.184.216.34"})
    validate_url("http://docs.example.com/help")


def test_given_the_local_setting_is_off_when_a_loopback_server_then_refused(
    loopback_refused: None, server: _Server
) -> None:
    server.routes["/"] = _answer(200, b"hello")
    with pytest.raises(UnsafeUrl):
        fetch(server.url("/"))
    assert server.seen == []


# ---------------------------------------------------------------- what the local setting allows


def test_given_the_local_setting_when_a_loopback_server_then_fetched_over_http_even_if_https_required(
    loopback_allowed: None, server: _Server
) -> None:
    server.routes["/page"] = _answer(200, b"hello", {"Content-Type": "text/plain; charset=utf-8"})

    response = fetch(server.url("/page?q=1"), require_https=True)

    assert response.status == 200
    assert response.text() == "hello"
    assert response.content_type == "text/plain"
    assert response.url == server.url("/page?q=1")
    assert server.seen[0]["path"] == "/page?q=1"


def test_given_a_name_then_it_is_resolved_once_and_the_host_header_keeps_the_name(
    loopback_allowed: None, server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = _resolve_to(monkeypatch, {"docs.test": "127.0.0.1"})
    server.routes["/"] = _answer(200, b"ok")

    fetch(f"http://docs.test:{server.port}/")

    assert lookups == ["docs.test"]  # no second lookup that a rebinding DNS could answer differently
    assert server.seen[0]["headers"]["Host"] == f"docs.test:{server.port}"


def test_given_a_redirect_from_an_allowed_server_to_the_metadata_address_then_refused(
    loopback_allowed: None, server: _Server
) -> None:
    server.routes["/go"] = _answer(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    with pytest.raises(UnsafeUrl):
        fetch(server.url("/go"))


def test_given_a_redirect_to_a_name_that_resolves_to_a_private_address_then_refused(
    loopback_allowed: None, server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"intranet.example.com": "192.168.0.10"})
    server.routes["/go"] = _answer(301, headers={"Location": "http://intranet.example.com/admin"})

    with pytest.raises(UnsafeUrl):
        fetch(server.url("/go"))


def test_given_redirects_within_the_limit_then_followed_and_credentials_dropped_across_origins(
    loopback_allowed: None, server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"other.test": "127.0.0.1"})
    server.routes["/a"] = _answer(302, headers={"Location": "/b"})
    server.routes["/b"] = _answer(307, headers={"Location": f"http://other.test:{server.port}/c"})
    server.routes["/c"] = _answer(200, b"final")

    response = fetch(server.url("/a"), headers={"Authorization": "Bearer secret", "Accept": "text/plain"})

    assert response.text() == "final"
    assert response.url == f"http://other.test:{server.port}/c"
    assert [hit["path"] for hit in server.seen] == ["/a", "/b", "/c"]
    assert server.seen[1]["headers"]["Authorization"] == "Bearer secret"  # same origin
    assert "Authorization" not in server.seen[2]["headers"]  # another origin
    assert server.seen[2]["headers"]["Accept"] == "text/plain"


def test_given_a_303_after_a_post_then_the_next_hop_is_a_get_without_body(
    loopback_allowed: None, server: _Server
) -> None:
    server.routes["/submit"] = _answer(303, headers={"Location": "/done"})
    server.routes["/done"] = _answer(200, b"done")

    fetch(server.url("/submit"), method="POST", body='{"a": 1}', headers={"Content-Type": "application/json"})

    assert server.seen[0]["method"] == "POST" and server.seen[0]["body"] == b'{"a": 1}'
    assert server.seen[1]["method"] == "GET" and server.seen[1]["body"] == b""


def test_given_too_many_redirects_then_fetch_failed(loopback_allowed: None, server: _Server) -> None:
    for hop in range(5):
        server.routes[f"/r{hop}"] = _answer(302, headers={"Location": f"/r{hop + 1}"})

    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/r0"), max_redirects=3)

    assert caught.value.reason == "too_many_redirects"
    assert len(server.seen) == 4  # the first request and three redirects, never a fifth


# ---------------------------------------------------------------- caps and failures


def test_given_a_declared_body_over_the_cap_then_too_large(loopback_allowed: None, server: _Server) -> None:
    server.routes["/big"] = _answer(200, b"x" * 5000)
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/big"), max_bytes=1000)
    assert caught.value.reason == "too_large"
    assert "1000 bytes" in caught.value.message


def test_given_an_undeclared_endless_body_then_reading_stops_past_the_cap(
    loopback_allowed: None, server: _Server
) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()  # no Content-Length: the body runs until the connection closes
        try:
            for _ in range(10_000):
                handler.wfile.write(b"y" * 1024)
        except OSError:
            pass  # the client hung up once it had enough

    server.routes["/endless"] = endless
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/endless"), max_bytes=50_000)
    assert caught.value.reason == "too_large"


def test_given_a_gzip_bomb_then_too_large_after_decompression(loopback_allowed: None, server: _Server) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    server.routes["/bomb"] = _answer(200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/bomb"), max_bytes=100_000)
    assert caught.value.reason == "too_large"


def test_given_a_gzip_answer_within_the_cap_then_decoded(loopback_allowed: None, server: _Server) -> None:
    server.routes["/z"] = _answer(200, gzip.compress(b"plain words"), {"Content-Encoding": "gzip"})
    assert fetch(server.url("/z")).body == b"plain words"


def test_given_a_server_that_never_answers_then_timeout(loopback_allowed: None, server: _Server) -> None:
    release = threading.Event()

    def hang(handler: BaseHTTPRequestHandler) -> None:
        release.wait(5)

    server.routes["/slow"] = hang
    try:
        with pytest.raises(FetchFailed) as caught:
            fetch(server.url("/slow"), timeout=0.5)
    finally:
        release.set()
    assert caught.value.reason == "timeout"


def test_given_a_server_that_trickles_bytes_then_the_total_deadline_still_holds(
    loopback_allowed: None, server: _Server
) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        try:
            for _ in range(1000):
                handler.wfile.write(b"z")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    server.routes["/trickle"] = trickle
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/trickle"), timeout=0.6)
    assert caught.value.reason == "timeout"


def test_given_nothing_listens_then_connection_failed(loopback_allowed: None) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed) as caught:
        fetch(f"http://127.0.0.1:{port}/")
    assert caught.value.reason == "connection_failed"


def test_given_an_error_status_then_returned_and_raise_for_status_names_it(
    loopback_allowed: None, server: _Server
) -> None:
    response = fetch(server.url("/missing"))
    assert response.status == 404
    with pytest.raises(FetchFailed) as caught:
        response.raise_for_status()
    assert caught.value.reason == "http_status"
    assert caught.value.http_status == 404
    assert "404" in caught.value.message


def test_given_an_unknown_name_then_dns_failed(loopback_refused: None) -> None:
    with pytest.raises(FetchFailed) as caught:
        fetch("http://no-such-host.invalid/")
    assert caught.value.reason == "dns_failed"


# ---------------------------------------------------------------- https to the pinned address


@pytest.fixture
def tls_server(loopback_allowed: None, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """An HTTPS server on loopback whose certificate (from a test CA the client is made to trust) names docs.test."""
    import datetime
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from runa.net import safe_http

    now = datetime.datetime.now(datetime.UTC)
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Runa Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "docs.test")]))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("docs.test")]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "leaf.pem", tmp_path / "leaf.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    real_context = ssl.create_default_context
    monkeypatch.setattr(safe_http.ssl, "create_default_context", lambda: real_context(cafile=str(ca_file)))

    srv = _Server()
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    sni: list[str | None] = []
    server_context.sni_callback = lambda sock, name, ctx: sni.append(name)
    srv.httpd.socket = server_context.wrap_socket(srv.httpd.socket, server_side=True)
    srv.routes["/"] = _answer(200, b"secure hello")
    yield {"server": srv, "sni": sni}
    srv.close()


def test_given_https_then_the_pinned_address_is_used_with_sni_and_the_certificate_checked_against_the_name(
    tls_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = _resolve_to(monkeypatch, {"docs.test": "127.0.0.1"})
    port = tls_server["server"].port

    response = fetch(f"https://docs.test:{port}/", require_https=True)

    assert response.text() == "secure hello"
    assert lookups == ["docs.test"]
    assert tls_server["sni"] == ["docs.test"]


def test_given_https_to_a_name_the_certificate_does_not_cover_then_tls_failed(
    tls_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"impostor.test": "127.0.0.1"})  # same address, another name

    with pytest.raises(FetchFailed) as caught:
        fetch(f"https://impostor.test:{tls_server['server'].port}/")

    assert caught.value.reason == "tls_failed"
    assert tls_server["server"].seen == []


def _unresolvable(monkeypatch: pytest.MonkeyPatch) -> None:
    """No DNS answer for any name (an offline machine, a host not published yet); literals still parse."""
    real = socket.getaddrinfo

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return real(host, port, *args, **{**kwargs, "flags": socket.AI_NUMERICHOST})

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_given_a_host_that_does_not_resolve_yet_then_check_url_accepts_it_and_fetch_still_refuses_to_call(
    loopback_refused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given: no DNS answer for the name (registration of a tool whose host is not published yet, or offline)
    _unresolvable(monkeypatch)

    # When / Then: registration accepts it; the call, which is what protects, still needs a resolvable, public host
    check_url("https://tools.example.com/order-status", require_https=True)
    with pytest.raises(FetchFailed) as caught:
        fetch("https://tools.example.com/order-status", require_https=True)
    assert caught.value.reason == "dns_failed"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://localhost/x", "loopback"),
        ("https://api.localhost/x", "loopback"),
        ("https://127.0.0.1/x", "loopback"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://10.1.2.3/x", "private"),
        ("https://[::ffff:127.0.0.1]/x", "IPv4-mapped"),
        ("https://user:pw@tools.example.com/x", "password"),
        ("http://tools.example.com/x", "https"),
        ("ftp://tools.example.com/x", "http"),
    ],
)
def test_given_an_unsafe_url_then_check_url_refuses_it_even_without_dns(
    loopback_refused: None, monkeypatch: pytest.MonkeyPatch, url: str, why: str
) -> None:
    _unresolvable(monkeypatch)

    with pytest.raises(UnsafeUrl) as caught:
        check_url(url, require_https=True)
    assert why in caught.value.message


def test_given_a_name_that_resolves_to_a_private_address_now_then_check_url_refuses_it(
    loopback_refused: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to(monkeypatch, {"internal.example.com": "10.20.30.40"})

    with pytest.raises(UnsafeUrl) as caught:
        check_url("https://internal.example.com/x", require_https=True)
    assert "10.20.30.40" not in caught.value.message


def test_given_the_local_setting_when_http_to_a_name_that_does_not_resolve_then_check_url_refuses_it(
    loopback_allowed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Plain http is for the local setting's loopback servers only; an unresolvable name cannot be shown to be one
    _unresolvable(monkeypatch)

    with pytest.raises(UnsafeUrl) as caught:
        check_url("http://tools.example.com/x", require_https=True)
    assert "https" in caught.value.message
