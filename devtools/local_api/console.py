"""`/console` locally: the web console's static files (web/console), its config, and the Cognito authorizer.

Deployed, the console is served from S3 behind CloudFront (template.yaml: ConsoleBucket, ConsoleDistribution)
and API Gateway verifies owners' tokens. Locally one WSGI layer in front of SAM's emulator does both:
`/console/*` answers from web/console (with a `config.json` pointing the page at this API and at moto's
cognito-idp), and requests to routes behind the Cognito authorizer are verified here; their claims reach the
function through the emulator (see `claims_for`).
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from devtools.infra import ROOT
from devtools.local_api.cognito import CLAIMS_ENVIRON_KEY, CognitoAuthorizer, UserPool

CONSOLE_DIR = ROOT / "web" / "console"
PREFIX = "/console"
# Like CloudFront's managed security headers policy, deployed.
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-cache"),
]

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Refusal = Callable[[], Any]  # a flask/werkzeug Response: the template's UNAUTHORIZED gateway response


# What the Agent page opens on locally: the demo product `make dev` seeds (devtools/seed.py), in the playground.
LOCAL_AGENT_DEFAULT = {"agentProduct": "prod_demo", "agentEnvironment": "playground"}


def console_config(pool: UserPool, api_base: str) -> dict[str, str]:
    """What the page needs to sign in and call the management API (deployed: written at upload, docs/portal.md)."""
    return {
        **LOCAL_AGENT_DEFAULT,
        "apiBase": api_base,
        "docsUrl": f"{api_base}/docs",
        "region": pool.region,
        "userPoolId": pool.pool_id,
        "clientId": pool.client_id,
        "cognitoEndpoint": pool.endpoint,
    }


def claims_for(flask_request: Any) -> dict[str, Any] | None:
    """The emulator's hook: claims verified for this request, for `requestContext.authorizer.claims`."""
    claims = flask_request.environ.get(CLAIMS_ENVIRON_KEY)
    return claims if isinstance(claims, dict) else None


class ConsoleMiddleware:
    def __init__(
        self, app: WsgiApp, authorizer: CognitoAuthorizer, refuse: Refusal, config: Callable[[], dict[str, str]]
    ) -> None:
        self.app = app
        self.authorizer = authorizer
        self.refuse = refuse
        self.config = config

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == PREFIX:  # the page's files are relative to the folder, as on CloudFront
            start_response("301 Moved Permanently", [("Location", PREFIX + "/"), ("Content-Length", "0")])
            return [b""]
        if path.startswith(PREFIX + "/"):
            return self._static(path.removeprefix(PREFIX).lstrip("/"), method, start_response)
        if method != "OPTIONS" and self.authorizer.protects(method, path):
            claims = self.authorizer.claims(environ.get("HTTP_AUTHORIZATION"))
            if claims is None:
                return self.refuse()(environ, start_response)
            environ[CLAIMS_ENVIRON_KEY] = claims
        return self.app(environ, start_response)

    def _static(self, name: str, method: str, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if method not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", b"", "text/plain")
        config = self.config()
        if name == "config.json":
            return _answer(start_response, "200 OK", json.dumps(config).encode(), "application/json")
        file = _within(CONSOLE_DIR, name or "index.html")
        if file is None:
            return _answer(start_response, "404 Not Found", b"Not found", "text/plain")
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith("javascript"):
            media_type += "; charset=utf-8"
        return _answer(start_response, "200 OK", file.read_bytes(), media_type, csp=content_security_policy(config))


def _within(folder: Path, name: str) -> Path | None:
    candidate = (folder / name).resolve()
    if not candidate.is_file() or not candidate.is_relative_to(folder.resolve()):
        return None
    return candidate


def content_security_policy(config: dict[str, str]) -> str:
    """As template.yaml's ConsoleSecurityHeaders: the page may call only itself, the API and Cognito (moto here)."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {config['apiBase']} {config['cognitoEndpoint']}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def _answer(
    start_response: Callable[..., Any], status: str, body: bytes, media_type: str, csp: str | None = None
) -> list[bytes]:
    headers = [("Content-Type", media_type), ("Content-Length", str(len(body))), *SECURITY_HEADERS]
    if csp:
        headers.append(("Content-Security-Policy", csp))
    start_response(status, headers)
    return [body]


def attach(
    template: dict[str, Any], service: Any, cognito: Any, endpoint: str, region: str, base_url: Callable[[], str]
) -> tuple[WsgiApp, UserPool | None]:
    """Wrap the emulator's app (`service._app`) with the console, when the template has a user pool."""
    from devtools.local_api.cognito import cognito_routes, create_user_pool

    pool = create_user_pool(template, cognito, endpoint, region)
    if pool is None:
        return service._app, None
    authorizer = CognitoAuthorizer(pool, cognito_routes(template))
    middleware = ConsoleMiddleware(
        service._app,
        authorizer,
        refuse=lambda: service.gateway.render("UNAUTHORIZED", message="Unauthorized"),
        config=lambda: console_config(pool, base_url()),
    )
    return middleware, pool


def environment(pool: UserPool | None) -> dict[str, str]:
    """For the seed's demo owner and the admin tool: which local pool and client."""
    if pool is None:
        return {}
    return {"CONSOLE_USER_POOL_ID": pool.pool_id, "CONSOLE_CLIENT_ID": pool.client_id}
