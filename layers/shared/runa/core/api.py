"""The one place where domain errors become HTTP answers, and where the caller's identity is read.

Every API function builds its resolver with `build_resolver()`, so routing, validation, the error shape,
the correlation id and the `X-Request-Id` header are the same on all of them.
"""

from __future__ import annotations

from runa.boot import resumes_gc

import base64
import json
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.core.caller import PAYOUTS_SCOPE, SCOPE_BY_PREFIX, Caller, caller_from_event
from runa.core.errors import (
    BadRequest,
    BodyTooLarge,
    DomainError,
    Forbidden,
    InternalError,
    NotFound,
    ValidationFailed,
)
from runa.core.observability import logger, metrics, tracer

# API Gateway refuses bodies over 10 MB; we refuse far less so a bad client cannot make us parse megabytes.
MAX_BODY_BYTES = 256 * 1024


def _out_of_scope(event: dict[str, Any]) -> dict[str, Any] | None:
    """403 `forbidden` when the caller's key does not carry the scope of the API it calls (an agent key on /v2,
    a payouts key on /v1). Checked before routing and validation, so nothing of the request is acted on."""
    context = (event.get("requestContext") or {}).get("authorizer") or {}
    if not context.get("accountId"):
        return None  # no authorizer in front: the route's own caller() answers 401
    path = str(event.get("path") or "")
    needed = next((scope for prefix, scope in SCOPE_BY_PREFIX.items() if path.startswith(prefix)), None)
    if needed is None or needed in caller_from_event(event).api_scopes:
        return None
    api = "payouts API (/v2)" if needed == PAYOUTS_SCOPE else "agent API (/v1)"
    return _error_answer(Forbidden(f"This key may not call the {api}."))


def _error_answer(error: DomainError) -> dict[str, Any]:
    # Answered before the resolver runs, so in the Lambda proxy shape rather than as a Response.
    headers = {"Content-Type": content_types.APPLICATION_JSON}
    return {"statusCode": error.status, "headers": headers, "body": json.dumps(error.body())}


def error_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body, headers=headers)


def _location(loc: Sequence[Any]) -> list[str]:
    # The official document types every part of `location` as a string: ["items", "0", "face_value"].
    return [str(part) for part in loc]


def validation_details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "type": str(err.get("type", "value_error")),
            "message": str(err.get("msg", "")),
            "location": _location(err.get("loc", ())),
        }
        for err in errors
    ]


def build_resolver(cors: CORSConfig | None = None, *, query_error_status: int = 422) -> APIGatewayRestResolver:
    """Each answer below is a DomainError of runa.core.errors, so the OpenAPI documents can list, per operation, the
    types these generic answers give (errors.EVERY_ROUTE, errors.BODY_ERRORS) with the route's own.

    `cors` only for routes a browser calls from another origin (the console); preflights never reach a
    function (API Gateway answers them, see template.yaml). `query_error_status`: the status of a request without
    a body (GET) that fails validation. The /v2 contract lists 422 only for POSTs, so its functions pass 400
    (`bad_request`)."""
    app = APIGatewayRestResolver(
        enable_validation=True, response_validation_error_http_code=HTTPStatus.INTERNAL_SERVER_ERROR, cors=cors
    )

    @app.exception_handler(DomainError)
    def handle_domain_error(error: DomainError) -> Response:
        if error.status >= 500:
            logger.warning("dependency error", extra={"error_type": error.error_type})
        return _answer(error)

    @app.exception_handler(RequestValidationError)
    def handle_validation_error(error: RequestValidationError) -> Response:
        errors = list(error.errors())
        if any(err.get("type") == "json_invalid" for err in errors):
            return _answer(BadRequest("The request body is not valid JSON."))
        if query_error_status != 422 and app.current_event.http_method.upper() in ("GET", "HEAD", "DELETE"):
            # The plain error shape (the contract's 400 has no `details`): the first problem goes in the message.
            first = validation_details(errors[:1])[0] if errors else {"location": [], "message": ""}
            where = ".".join(first["location"][1:]) or "request"
            problem = BadRequest(f"'{where}' is not valid: {first['message']}")
            problem.status = query_error_status
            return _answer(problem)
        return _answer(ValidationFailed(details=validation_details(errors)))

    @app.exception_handler(RequestUnsupportedContentType)
    def handle_unsupported_content_type(_: RequestUnsupportedContentType) -> Response:
        # A client mistake, not ours: Powertools raises it for a body whose Content-Type it cannot parse.
        return _answer(BadRequest("Send the request body as application/json."))

    @app.not_found
    def handle_not_found(_: NotFoundError) -> Response:
        return _answer(NotFound("No such route."))

    @app.exception_handler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        logger.exception("unhandled error")
        return _answer(InternalError())

    return app


def _answer(error: DomainError) -> Response:
    return error_response(error.status, error.body(), error.headers or None)


def caller(app: APIGatewayRestResolver) -> Caller:
    return caller_from_event(app.current_event.raw_event)


def add_request_id(response: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """Every answer carries X-Request-Id: the API Gateway request id, which is also the logs' correlation id."""
    request_id = (event.get("requestContext") or {}).get("requestId")
    if request_id:
        headers = response.setdefault("headers", {}) or {}
        headers["X-Request-Id"] = request_id
        response["headers"] = headers
        multi = response.get("multiValueHeaders")
        if isinstance(multi, dict):
            multi["X-Request-Id"] = [request_id]
    return response


_BODY_METHODS = ("POST", "PUT", "PATCH")


def _oversized(event: dict[str, Any]) -> dict[str, Any] | None:
    # Only methods whose body a route reads: a GET's body is never parsed, so it cannot cost us anything.
    body = event.get("body") or ""
    if str(event.get("httpMethod", "")).upper() not in _BODY_METHODS:
        return None
    if len(body.encode(errors="replace") if isinstance(body, str) else body) <= MAX_BODY_BYTES:
        return None
    return _error_answer(BodyTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes."))


def _unreadable(event: dict[str, Any]) -> dict[str, Any] | None:
    """A body that makes the JSON parser itself fail, not merely report invalid JSON (which the resolver answers
    with 400): bad base64, bytes that are not UTF-8 (base64-encoded, or a str carrying lone surrogates), nesting
    past the recursion limit, integers longer than Python converts. Without this guard those escape as a 500.

    API Gateway (REST, no binaryMediaTypes) treats a JSON route's body as UTF-8 text and hands Lambda a string
    (bytes that are not UTF-8 do not survive intact); whatever arrives, the answer is a 4xx in the error shape."""
    body = event.get("body")
    if not body or str(event.get("httpMethod", "")).upper() not in _BODY_METHODS:
        return None
    content_type = next(
        (str(v) for k, v in (event.get("headers") or {}).items() if k.lower() == "content-type"), "application/json"
    )
    if "json" not in content_type.lower():
        # Every route takes JSON. Powertools would try to parse form and multipart bodies itself (and raise a
        # ValueError on a multipart type without a boundary): refuse them all alike, before it does.
        return _error_answer(BadRequest("Send the request body as application/json."))
    try:
        text = base64.b64decode(body.encode()).decode() if event.get("isBase64Encoded") else body
        # A str body with lone surrogates (bytes that were not UTF-8, decoded leniently upstream) parses, then
        # fails wherever it is encoded (DynamoDB, the answer): refuse it here.
        text.encode("utf-8")
        json.loads(text)
    except json.JSONDecodeError:
        return None
    except (ValueError, RecursionError):  # binascii.Error and UnicodeDecodeError are ValueErrors too
        return _error_answer(BadRequest("The request body cannot be read as JSON."))
    return None


def http_handler(app: APIGatewayRestResolver) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The Lambda entry point of an API function: logging with the request id as correlation id, tracing,
    metrics, the key-scope, body-size and unreadable-body guards, then the resolver."""

    @resumes_gc
    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @metrics.log_metrics
    @tracer.capture_lambda_handler
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        response = _out_of_scope(event) or _oversized(event) or _unreadable(event) or app.resolve(event, context)
        return add_request_id(response, event)

    return lambda_handler
