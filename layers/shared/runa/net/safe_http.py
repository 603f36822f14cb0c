"""An HTTP client for URLs that users control, safe against server-side request forgery (SSRF).

Every outbound call to a user's URL (knowledge pages, tool endpoints, webhook endpoints) goes through `fetch`:

- only `http` and `https` (only `https` when the caller passes `require_https=True`), no credentials in the URL;
- the host name is resolved once and **every** address it resolves to must be global: loopback, private (10/8,
  172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 — the cloud metadata service — and fe80::/10), CGNAT
  (100.64/10), multicast, reserved, unspecified, and IPv6 forms that embed an IPv4 address (IPv4-mapped, 6to4,
  Teredo, NAT64) are refused;
- the connection goes to the address that was checked (no second lookup, so DNS rebinding cannot swap it); for
  https the TLS handshake still sends the host name (SNI) and verifies the certificate against it;
- redirects are followed by hand, each hop checked again like the first, at most `max_redirects`; credentials
  headers are dropped when a redirect leaves the origin;
- the whole exchange has a deadline (`timeout`, a watchdog closes the socket when it passes, so a server that
  trickles bytes cannot hold us) and the body a byte cap (reading stops past it; compressed bodies are capped
  after decompression).

The one exception: when `get_settings().allow_loopback_http` is true (only the local API and tests set it),
loopback addresses (127/8, ::1) are allowed, over http too. Nothing else is ever allowed.

Errors: `UnsafeUrl` (the URL may never be fetched; 400 `unsafe_url`) and `FetchFailed` (this attempt failed for a
reason the user can act on; 502 `fetch_failed`, `.reason` is a stable code). Messages name the host, never the
resolved address, the path or the query (which may carry tokens).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from runa.core.errors import DomainError
from runa.core.settings import get_settings

__all__ = ["FetchFailed", "SafeResponse", "UnsafeUrl", "check_url", "fetch", "validate_url"]

USER_AGENT = "RunaFetcher/1.0 (+https://docs.runa.io/fetcher)"
MAX_URL_LENGTH = 2048
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Headers this module owns; a caller's values for them are ignored.
_OWNED_HEADERS = frozenset({"host", "accept-encoding", "connection", "content-length", "transfer-encoding"})
# Headers that may follow a redirect to another origin; anything else (Authorization, API keys...) is dropped.
_CROSS_ORIGIN_HEADERS = frozenset({"accept", "accept-language", "user-agent", "content-type"})
# IPv6 prefixes that carry an IPv4 address to some gateway: NAT64 (well-known and local-use).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_READ_CHUNK = 64 * 1024


class UnsafeUrl(DomainError):
    """The URL may not be fetched: wrong scheme, malformed, or its host is (or resolves to) a non-public address."""

    status, error_type = 400, "unsafe_url"
    default_message = "The URL is not allowed."


class FetchFailed(DomainError):
    """The fetch was allowed but failed. `reason` is one of: timeout, too_large, too_many_redirects,
    connection_failed, dns_failed, tls_failed, bad_response, http_status (then `http_status` holds the code)."""

    status, error_type = 502, "fetch_failed"
    default_message = "The URL could not be fetched."

    def __init__(self, reason: str, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.http_status = http_status


@dataclass(frozen=True)
class SafeResponse:
    """The final answer after redirects. `headers` keys are lower-case; `url` is the URL that answered."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-case ("text/html"), or "" when absent."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip().strip('"')
        return None

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name from the server
            return self.body.decode("utf-8", errors="replace")

    def raise_for_status(self) -> SafeResponse:
        if not self.ok:
            host = urlsplit(self.url).hostname or "the server"
            raise FetchFailed("http_status", f"{host} answered HTTP {self.status}.", http_status=self.status)
        return self


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, no brackets
    port: int
    request_path: str
    addresses: tuple[str, ...] = field(default=())

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


def validate_url(url: str, *, require_https: bool = False) -> None:
    """Registration-time check: raises UnsafeUrl unless `fetch(url)` would be allowed to connect right now.

    DNS can change later, so `fetch` checks again on every call; this is for an early, friendly refusal.
    """
    _resolve(_parse(url, require_https=require_https), require_https=require_https)


def check_url(url: str, *, require_https: bool = False) -> None:
    """Registration-time check for a URL called later (a tool's endpoint): raises UnsafeUrl when the URL could
    never be fetched, without requiring its host to resolve now.

    The scheme, credentials and shape are checked as `fetch` checks them; an IP literal or a `localhost` name
    must be allowed; a name that resolves now must resolve only to allowed addresses (an early, friendly refusal).
    A name that does not resolve now is accepted: DNS can change before the call (a host not yet published, an
    offline machine), and the check that protects is `fetch`'s, at every call, on the addresses it then connects to.
    """
    target = _parse(url, require_https=require_https)
    if _is_localhost(target.host) and not _loopback_allowed():
        raise UnsafeUrl(f"The host {target.host} points to a loopback address, which is not allowed.")
    try:
        _resolve(target, require_https=require_https)
    except FetchFailed:
        # Unknown for now. Plain http passes `_parse` only for the local setting's loopback servers, which an
        # unresolvable name cannot be shown to be.
        if require_https and target.scheme != "https":
            raise UnsafeUrl("Only https URLs are allowed here.") from None


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
    timeout: float = 5.0,
    connect_timeout: float = 3.0,
    max_bytes: int = 2_000_000,
    max_redirects: int = 3,
    require_https: bool = False,
) -> SafeResponse:
    """Fetch `url` safely (see the module docstring). Returns the final response whatever its status (use
    `raise_for_status()`); raises UnsafeUrl or FetchFailed. `timeout` bounds the whole call, redirects included.
    """
    deadline = time.monotonic() + timeout
    method = method.upper()
    payload = body.encode() if isinstance(body, str) else body
    sent_headers = {k: v for k, v in (headers or {}).items() if k.lower() not in _OWNED_HEADERS}
    current = url
    origin: tuple[str, str, int] | None = None
    for hop in range(max_redirects + 1):
        target = _resolve(_parse(current, require_https=require_https), require_https=require_https)
        if origin is not None and target.origin != origin:
            sent_headers = {k: v for k, v in sent_headers.items() if k.lower() in _CROSS_ORIGIN_HEADERS}
        origin = target.origin
        response = _exchange(target, current, method, sent_headers, payload, deadline, connect_timeout, max_bytes)
        location = response.headers.get("location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        if hop == max_redirects:
            raise FetchFailed("too_many_redirects", f"More than {max_redirects} redirects from {target.host}.")
        current = urljoin(current, location.strip())
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            # What every browser does: the redirected request is a GET without the body.
            method, payload = "GET", None
            sent_headers = {k: v for k, v in sent_headers.items() if k.lower() != "content-type"}
    raise AssertionError("unreachable")  # pragma: no cover


# ---------------------------------------------------------------- checks


def _parse(url: str, *, require_https: bool) -> _Target:
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"The URL must be a non-empty string of at most {MAX_URL_LENGTH} characters.")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise UnsafeUrl("The URL must not contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl("The URL is malformed (check the host and port).") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrl("Only http and https URLs are allowed.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("The URL must not contain a user name or password; send credentials as headers.")
    hostname = parts.hostname
    if not hostname:
        raise UnsafeUrl("The URL has no host.")
    try:
        host = hostname.encode("idna").decode("ascii") if not _is_ip(hostname) else hostname
    except UnicodeError as error:
        raise UnsafeUrl("The URL's host is not a valid host name.") from error
    if require_https and scheme != "https" and not _loopback_allowed():
        raise UnsafeUrl("Only https URLs are allowed here.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _resolve(target: _Target, *, require_https: bool) -> _Target:
    """Resolve once and refuse unless every address is allowed; the checked addresses are pinned on the target."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed("dns_failed", f"The host {target.host} could not be resolved.") from error
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchFailed("dns_failed", f"The host {target.host} could not be resolved.")
    loopback_only = True
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        refusal = _refusal(ip)
        if refusal:
            raise UnsafeUrl(f"The host {target.host} points to {refusal}, which is not allowed.")
        loopback_only = loopback_only and ip.is_loopback
    # http (or https-required) exceptions exist only for the local setting's loopback test servers.
    if require_https and target.scheme != "https" and not loopback_only:
        raise UnsafeUrl("Only https URLs are allowed here.")
    return _Target(target.scheme, target.host, target.port, target.request_path, addresses)


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address may not be contacted, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if ip.sixtofour is not None or ip.teredo is not None or any(ip in net for net in _NAT64):
            return "an IPv6 address that embeds an IPv4 address"
    if ip.is_loopback:
        return None if _loopback_allowed() else "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved or non-public address"
    return None


def _is_localhost(host: str) -> bool:
    """`localhost` and its subdomains (RFC 6761): loopback by definition, whatever a resolver says."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def _loopback_allowed() -> bool:
    return get_settings().allow_loopback_http


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the exchange


def _open_socket(address: str, port: int, timeout: float | None) -> socket.socket:
    """A TCP connection to an IP literal; no name resolution happens here (create_connection would do one)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((address, port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header still names the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = _open_socket(self._address, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address; TLS sends the host name as SNI and verifies the certificate against it."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = _open_socket(self._address, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _exchange(
    target: _Target,
    url: str,
    method: str,
    headers: dict[str, str],
    body: bytes | None,
    deadline: float,
    connect_timeout: float,
    max_bytes: int,
) -> SafeResponse:
    last_error: FetchFailed | None = None
    for address in target.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        factory = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        conn = factory(target.host, target.port, address, min(connect_timeout, remaining))
        try:
            conn.connect()
        except ssl.SSLError as error:
            conn.close()
            raise FetchFailed("tls_failed", f"TLS with {target.host} failed (certificate not valid?).") from error
        except TimeoutError:
            conn.close()
            last_error = FetchFailed("timeout", f"Connecting to {target.host} timed out.")
            continue
        except OSError:
            conn.close()
            last_error = FetchFailed("connection_failed", f"Could not connect to {target.host}:{target.port}.")
            continue
        return _talk(conn, target, url, method, headers, body, deadline, max_bytes)
    raise last_error or FetchFailed("timeout", f"Fetching from {target.host} timed out.")


def _talk(
    conn: http.client.HTTPConnection,
    target: _Target,
    url: str,
    method: str,
    headers: dict[str, str],
    body: bytes | None,
    deadline: float,
    max_bytes: int,
) -> SafeResponse:
    sock = conn.sock
    # The watchdog enforces the total deadline even against a server that sends one byte just before each
    # socket timeout would fire.
    watchdog = threading.Timer(max(deadline - time.monotonic(), 0.0), _shut, args=(sock,))
    watchdog.daemon = True
    watchdog.start()
    try:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        conn.putrequest(method, target.request_path, skip_accept_encoding=True)
        merged = {"User-Agent": USER_AGENT, "Accept": "*/*", **headers}
        for name, value in merged.items():
            conn.putheader(name, value)
        conn.putheader("Accept-Encoding", "gzip, deflate;q=0.5, identity")
        conn.putheader("Connection", "close")
        if body is not None or method in ("POST", "PUT", "PATCH"):
            conn.putheader("Content-Length", str(len(body or b"")))
        conn.endheaders(body)
        response = conn.getresponse()
        response_headers = {k.lower(): v for k, v in _merge_headers(response.getheaders()).items()}
        if response.status in REDIRECT_STATUSES and "location" in response_headers:
            raw = b""  # the body of a redirect is never needed
        else:
            raw = _read_capped(response, sock, target, response_headers, deadline, max_bytes)
        content = _decode(raw, response_headers, target, max_bytes)
        response_headers.pop("content-encoding", None)
        return SafeResponse(response.status, response_headers, content, url)
    except FetchFailed:
        raise
    except (TimeoutError, OSError, http.client.HTTPException, ValueError) as error:
        if time.monotonic() >= deadline or isinstance(error, TimeoutError):
            raise FetchFailed("timeout", f"{target.host} did not answer in time.") from error
        if isinstance(error, http.client.InvalidURL):
            raise UnsafeUrl("The URL's path is not valid.") from error
        raise FetchFailed("bad_response", f"{target.host} closed the connection or sent a broken answer.") from error
    finally:
        watchdog.cancel()
        conn.close()


def _merge_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def _read_capped(
    response: http.client.HTTPResponse,
    sock: Any,
    target: _Target,
    headers: dict[str, str],
    deadline: float,
    max_bytes: int,
) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed("too_large", f"The answer from {target.host} is larger than {max_bytes} bytes.")
    chunks: list[bytes] = []
    size = 0
    # The response closes its socket once the declared body is read; stop there.
    while not response.isclosed():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed("timeout", f"{target.host} did not answer in time.")
        sock.settimeout(remaining)
        chunk = response.read1(_READ_CHUNK)
        if not chunk:
            if time.monotonic() >= deadline:
                raise FetchFailed("timeout", f"{target.host} did not answer in time.")
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed("too_large", f"The answer from {target.host} is larger than {max_bytes} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(raw: bytes, headers: dict[str, str], target: _Target, max_bytes: int) -> bytes:
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity") or not raw:
        return raw
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchFailed("bad_response", f"{target.host} answered with an unsupported encoding ({encoding}).")
    # wbits 47 accepts gzip and zlib headers; max_length caps the output so a small bomb cannot inflate.
    decompressor = zlib.decompressobj(47)
    try:
        out = decompressor.decompress(raw, max_bytes + 1)
    except zlib.error as error:
        raise FetchFailed("bad_response", f"{target.host} sent a corrupt compressed answer.") from error
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise FetchFailed("too_large", f"The answer from {target.host} is larger than {max_bytes} bytes.")
    return out


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):  # already closed: nothing to stop
        sock.shutdown(socket.SHUT_RDWR)
