"""Headers of a gateway response, as template.yaml's `GatewayResponses.<type>.ResponseParameters.Headers` map
them: a quoted static value ('...') or `context.requestId` (the X-Request-Id of answers API Gateway makes
itself: 401, 403, 404, 429, ...)."""

from __future__ import annotations

from typing import Any


def gateway_headers(spec: dict[str, Any], request_id: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in ((spec.get("ResponseParameters") or {}).get("Headers") or {}).items():
        if value == "context.requestId":
            headers[name] = request_id
        elif isinstance(value, str) and value.startswith("'") and value.endswith("'"):
            headers[name] = value[1:-1]
    return headers
