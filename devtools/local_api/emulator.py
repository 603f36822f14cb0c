"""SAM CLI's own API Gateway emulator, driven by local Lambda execution environments instead of Docker.

Routes, the authorizer and its identity-source checks come from template.yaml through SAM CLI's providers
(the same ones `sam local start-api` uses). Two things SAM does not emulate are added here:

- the template's `GatewayResponses`: SAM answers refusals and failures with its own `{"message": ...}` bodies
  and drops the authorizer's context; we render the template's response for the same case instead, with
  `$context.authorizer.*` taken from what the authorizer returned for this very request;
- an unknown route answers MISSING_AUTHENTICATION_TOKEN (our template: 404 `not_found`), as deployed.

This relies on SAM CLI internals (`LocalApigwService` private methods, the runner's `invoke` signature), so
aws-sam-cli is pinned and tests/unit/test_sam_emulator_pin.py fails loudly when they move.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Response, g
from samcli.lib.providers.api_provider import ApiProvider
from samcli.lib.providers.provider import Api
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
from samcli.local.apigw.event_constructor import _should_base64_encode
from samcli.local.apigw.exceptions import AuthorizerUnauthorizedRequest
from samcli.local.apigw.local_apigw_service import LocalApigwService

from devtools.infra import ROOT
from devtools.local_api.console import claims_for
from devtools.local_api.environments import (
    ACCOUNT_ID,
    DEFAULT_CONCURRENCY,
    REGION,
    FunctionSpec,
    LambdaRuntime,
    ProcessEnvironment,
    Starter,
    Throttled,
)
from devtools.local_api.gateway_headers import gateway_headers
from devtools.local_api.usage_plans import UsagePlans, authorizer_grant
from runa_ops.template import parameter_defaults

LOG = logging.getLogger("devtools.local_api")

# API Gateway's default status per gateway response type (used when the template gives no StatusCode).
_DEFAULT_STATUS = {
    "UNAUTHORIZED": 401,
    "ACCESS_DENIED": 403,
    "MISSING_AUTHENTICATION_TOKEN": 403,
    "AUTHORIZER_FAILURE": 500,
    "AUTHORIZER_CONFIGURATION_ERROR": 500,
    "INTEGRATION_FAILURE": 504,
    "INTEGRATION_TIMEOUT": 504,
    "RESOURCE_NOT_FOUND": 404,
    "REQUEST_TOO_LARGE": 413,
    "THROTTLED": 429,
    "QUOTA_EXCEEDED": 429,
    "INVALID_API_KEY": 403,
}
# SAM's own failure body; a Lambda response SAM could not parse comes back with it.
_SAM_FAILURE_BODY = {"message": "Internal server error"}
_CONTEXT_VARIABLE = re.compile(r"\$context\.([A-Za-z0-9_.]+)")


# ---------------------------------------------------------------- functions


def function_specs(
    stacks: list[Any], template: dict[str, Any], environments: dict[str, dict[str, str]]
) -> dict[str, FunctionSpec]:
    """Every function of the template, as SAM's function provider sees it, with its own environment variables."""
    resources = template["Resources"]
    specs: dict[str, FunctionSpec] = {}
    for function in SamFunctionProvider(stacks, ignore_code_extraction_warnings=True).get_all():
        code = Path(function.codeuri)
        code = (code if code.is_absolute() else ROOT / code).resolve()
        reserved = (resources.get(function.name, {}).get("Properties") or {}).get("ReservedConcurrentExecutions")
        specs[function.name] = FunctionSpec(
            logical_id=function.name,
            code_uri=str(code.relative_to(ROOT)),
            handler=function.handler,
            memory_mb=int(function.memory or 128),
            timeout_s=int(function.timeout or 3),
            environment=environments.get(function.name, {}),
            reserved_concurrency=int(reserved) if isinstance(reserved, int | str) and str(reserved).isdigit() else None,
        )
    return specs


# ---------------------------------------------------------------- gateway responses


def _json_escape(value: Any) -> str:
    return json.dumps("" if value is None else str(value))[1:-1]


@dataclass
class GatewayResponses:
    """The Api's `GatewayResponses` from template.yaml, rendered as API Gateway would."""

    responses: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_template(cls, template: dict[str, Any], parameters: dict[str, str] | None = None) -> GatewayResponses:
        """`!Sub` in a response template takes the parameters' values (e.g. `${DocsBaseUrl}` of the help links)."""
        apis = [spec for spec in template["Resources"].values() if spec["Type"] == "AWS::Serverless::Api"]
        if len(apis) != 1:
            raise ValueError(f"expected one AWS::Serverless::Api in the template, found {len(apis)}")
        values = {**parameter_defaults(template), **(parameters or {})}

        def substituted(value: Any) -> Any:
            if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
                return re.sub(r"\$\{([A-Za-z0-9]+)\}", lambda match: values[match.group(1)], value["Fn::Sub"])
            if isinstance(value, dict):
                return {key: substituted(item) for key, item in value.items()}
            return value

        return cls(substituted(dict(apis[0].get("Properties", {}).get("GatewayResponses") or {})))

    def _pick(self, response_type: str, status: int) -> tuple[str, dict[str, Any] | None]:
        if response_type in self.responses:
            return response_type, self.responses[response_type]
        fallback = "DEFAULT_5XX" if status >= 500 else "DEFAULT_4XX"
        return fallback, self.responses.get(fallback)

    def render(
        self,
        response_type: str,
        *,
        status: int | None = None,
        message: str = "",
        authorizer: dict[str, Any] | None = None,
        request_id: str = "",
    ) -> Response:
        """`status` is the status API Gateway would use before the template's StatusCode overrides it."""
        default_status = status or _DEFAULT_STATUS.get(response_type, 500)
        _, spec = self._pick(response_type, default_status)
        if spec is None:  # the template does not customise this case: API Gateway's own body
            return Response(json.dumps({"message": message}), default_status, mimetype="application/json")
        values = {
            "error.messageString": json.dumps(message),
            "error.message": _json_escape(message),
            "error.responseType": response_type,
        }
        values.update({f"authorizer.{key}": _json_escape(value) for key, value in (authorizer or {}).items()})
        template = (spec.get("ResponseTemplates") or {}).get("application/json")
        body = (
            _CONTEXT_VARIABLE.sub(lambda match: values.get(match.group(1), ""), template)
            if template is not None
            else json.dumps({"message": message})
        )
        response = Response(body, int(spec.get("StatusCode", default_status)), mimetype="application/json")
        response.headers.update(gateway_headers(spec, request_id))  # e.g. X-Request-Id: context.requestId
        return response


# ---------------------------------------------------------------- the service


@dataclass
class _RequestState:
    """What happened during one request, recorded by the service's hooks (kept in flask.g)."""

    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    outputs: dict[str, Any] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    authorizer_name: str | None = None
    throttled: bool = False
    limited: str | None = None  # a usage-plan refusal's gateway response (devtools/local_api/usage_plans.py)
    denied: bool = False
    authorizer_failed: bool = False


def _state() -> _RequestState:
    if "runa_state" not in g:
        g.runa_state = _RequestState()
    state: _RequestState = g.runa_state
    return state


class TemplateApigwService(LocalApigwService):
    """SAM's emulator with the template's gateway responses in place of SAM's own error bodies."""

    def __init__(
        self, api: Api, runner: LambdaRuntime, gateway: GatewayResponses, usage_plans: UsagePlans, **kwargs: Any
    ) -> None:
        super().__init__(api=api, lambda_runner=runner, **kwargs)
        self.gateway = gateway
        self.usage_plans = usage_plans

    def _construct_error_handling(self) -> None:
        app = self._app
        assert app is not None
        # No route for this path (404) or this method (405): API Gateway answers MISSING_AUTHENTICATION_TOKEN.
        app.register_error_handler(404, self._missing_route)
        app.register_error_handler(405, self._missing_route)
        app.register_error_handler(500, self._internal_error)

    def _missing_route(self, *_: Any) -> Response:
        request_id = str(uuid.uuid4())
        response = self.gateway.render(
            "MISSING_AUTHENTICATION_TOKEN", message="Missing Authentication Token", request_id=request_id
        )
        response.headers["x-amzn-RequestId"] = request_id
        return response

    def _internal_error(self, *_: Any) -> Response:
        request_id = str(uuid.uuid4())
        response = self.gateway.render(
            "DEFAULT_5XX", status=500, message="Internal server error", request_id=request_id
        )
        response.headers["x-amzn-RequestId"] = request_id
        return response

    def _generate_lambda_event(self, flask_request: Any, route: Any, method: str, endpoint: str) -> dict:
        _as_utf8_text(flask_request, self.api.binary_media_types)
        event = super()._generate_lambda_event(flask_request, route, method, endpoint)
        # SAM's RequestContext defaults its requestId once per process; API Gateway makes one per request,
        # shared by the authorizer and the function (it is our X-Request-Id and correlation id).
        context = event.setdefault("requestContext", {})
        context["requestId"] = context["extendedRequestId"] = _state().request_id
        claims = claims_for(flask_request)  # a Cognito route, verified by devtools.local_api.console
        if claims is not None:
            context["authorizer"] = {"claims": claims}
        return event

    def _invoke_lambda_function(self, lambda_function_name: str, event: dict, tenant_id: str | None = None) -> Any:
        state = _state()
        try:
            output = super()._invoke_lambda_function(lambda_function_name, event, tenant_id)
        except Throttled:
            state.throttled = True
            raise
        except Exception:
            state.failed.add(lambda_function_name)
            raise
        state.outputs[lambda_function_name] = output
        return output

    def _invoke_parse_lambda_authorizer(
        self, lambda_authorizer: Any, auth_lambda_event: dict, route_lambda_event: dict, route: Any
    ) -> None:
        state = _state()
        state.authorizer_name = lambda_authorizer.lambda_name
        try:
            super()._invoke_parse_lambda_authorizer(lambda_authorizer, auth_lambda_event, route_lambda_event, route)
            # API Gateway passes the principal too (SAM passes only the context).
            principal = self._authorizer_context(state).get("principalId")
            authorizer = route_lambda_event.get("requestContext", {}).get("authorizer")
            if principal and isinstance(authorizer, dict):
                authorizer.setdefault("principalId", principal)
        except AuthorizerUnauthorizedRequest:
            state.denied = True
            raise
        except Throttled:
            raise
        except Exception:
            state.authorizer_failed = True
            raise
        # Allowed: the account's usage plan applies before the function runs, as API Gateway does.
        try:
            output = json.loads(state.outputs.get(state.authorizer_name) or "{}")
        except ValueError:
            output = {}
        state.limited = self.usage_plans.admit(*authorizer_grant(output))
        if state.limited:
            raise AuthorizerUnauthorizedRequest(state.limited)

    def _authorizer_context(self, state: _RequestState) -> dict[str, Any]:
        if state.authorizer_name is None:
            return {}
        try:
            output = json.loads(state.outputs.get(state.authorizer_name) or "{}")
        except ValueError:
            return {}
        context = output.get("context") if isinstance(output, dict) else None
        principal = {"principalId": output.get("principalId")} if isinstance(output, dict) else {}
        return {**principal, **(context or {})} if isinstance(context, dict) else principal

    def _request_handler(self, **kwargs: Any) -> Any:
        state = g.runa_state = _RequestState()
        try:
            response = super()._request_handler(**kwargs)
        except Throttled as error:
            LOG.warning("429: %s", error)
            response = None
        except Exception:
            if state.authorizer_failed:  # its own traceback or timeout is logged above; API Gateway answers 500
                LOG.error("the authorizer failed: AUTHORIZER_FAILURE")
            else:
                LOG.exception("the emulator failed")
            response = None
        response = self._gateway_response(response, state)
        response.headers["x-amzn-RequestId"] = state.request_id  # as API Gateway sends on every answer
        return response

    def _gateway_response(self, response: Any, state: _RequestState) -> Any:
        if state.throttled:  # the authorizer's or the function's concurrency limit: API Gateway's THROTTLED
            return self.gateway.render("THROTTLED", message="Rate exceeded", request_id=state.request_id)
        if state.limited:  # the account's usage plan: THROTTLED, QUOTA_EXCEEDED or (no plan) INVALID_API_KEY
            return self.gateway.render(state.limited, message="Too Many Requests", request_id=state.request_id)
        if state.denied:
            context = self._authorizer_context(state)
            return self.gateway.render(
                "ACCESS_DENIED", message="Unauthorized", authorizer=context, request_id=state.request_id
            )
        if state.authorizer_failed or (state.authorizer_name and state.authorizer_name in state.failed):
            return self.gateway.render(
                "AUTHORIZER_FAILURE", status=500, message="Internal server error", request_id=state.request_id
            )
        if response is None or (state.failed - {state.authorizer_name}):
            # The function raised (or could not be found): API Gateway's 502 for a failed Lambda integration.
            return self.gateway.render(
                "DEFAULT_5XX", status=502, message="Internal server error", request_id=state.request_id
            )
        if response.status_code == 401 and state.authorizer_name is None:
            # SAM refused before the authorizer ran: an identity source listed in the template is missing.
            return self.gateway.render("UNAUTHORIZED", message="Unauthorized", request_id=state.request_id)
        if response.status_code in (500, 502) and _is_sam_failure(response):
            # The function answered something API Gateway cannot use (not a proxy response).
            return self.gateway.render(
                "DEFAULT_5XX", status=502, message="Internal server error", request_id=state.request_id
            )
        if response.status_code >= 400 and not set(state.outputs) - {state.authorizer_name}:
            # Any other refusal of SAM's own (no function answered): the template's DEFAULT_4XX / DEFAULT_5XX.
            response_type = "DEFAULT_5XX" if response.status_code >= 500 else "DEFAULT_4XX"
            return self.gateway.render(
                response_type, status=response.status_code, message=_sam_message(response), request_id=state.request_id
            )
        return response


def _sam_message(response: Any) -> str:
    try:
        body = json.loads(response.get_data())
    except ValueError:
        return ""
    return str(body.get("message", "")) if isinstance(body, dict) else ""


def _as_utf8_text(flask_request: Any, binary_media_types: list[str]) -> None:
    """A body that is not valid UTF-8 on a non-binary media type reaches the function as API Gateway sends it:
    decoded as UTF-8 text, each invalid byte sequence replaced by U+FFFD (SAM would answer 502 instead)."""
    data = flask_request.get_data()  # read once and cached by werkzeug; SAM reads it from the cache
    if not data or _should_base64_encode(binary_media_types, flask_request.mimetype):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        flask_request._cached_data = data.decode("utf-8", errors="replace").encode("utf-8")


def _is_sam_failure(response: Any) -> bool:
    try:
        return bool(json.loads(response.get_data()) == _SAM_FAILURE_BODY)
    except ValueError:
        return False


# ---------------------------------------------------------------- assembly


@dataclass
class Emulator:
    api: Api
    runner: LambdaRuntime
    service: TemplateApigwService

    @property
    def routes(self) -> list[tuple[str, str, str]]:
        """(method, path, function) for every route the emulator serves."""
        return sorted(
            (method, route.path, route.function_name) for route in self.api.routes for method in route.methods
        )


def build_emulator(
    template_path: Path,
    template: dict[str, Any],
    *,
    host: str,
    port: int,
    parameters: dict[str, str] | None = None,
    environments: dict[str, dict[str, str]] | None = None,
    starter: Starter = ProcessEnvironment,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> Emulator:
    """SAM's gateway for the template's routes; `environments` holds each function's variables by logical id."""
    stacks, _ = SamLocalStackProvider.get_stacks(
        str(template_path),
        parameter_overrides=parameters or {},
        global_parameter_overrides={"AWS::Region": REGION, "AWS::AccountId": ACCOUNT_ID},
    )
    api = ApiProvider(stacks, cwd=str(template_path.parent)).api
    if not api.routes:
        raise ValueError("the template declares no API routes")
    specs = function_specs(stacks, template, environments or {})
    runner = LambdaRuntime(specs, starter=starter, concurrency=concurrency)
    usage_plans = UsagePlans.from_template(template, {**parameter_defaults(template), **(parameters or {})})
    service = TemplateApigwService(
        api, runner, GatewayResponses.from_template(template, parameters), usage_plans, host=host, port=port
    )
    service.create()
    return Emulator(api=api, runner=runner, service=service)
