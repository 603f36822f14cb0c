"""The local API drives SAM CLI internals (devtools/local_api/emulator.py). When aws-sam-cli changes, fail here,
loudly and by name, rather than with a confusing 502 in `make dev`.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib import metadata

import samcli
from samcli.commands.local.lib.local_lambda import LocalLambdaRunner
from samcli.lib.providers.api_provider import ApiProvider
from samcli.lib.providers.provider import Function
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
from samcli.local.apigw import event_constructor
from samcli.local.apigw import exceptions as apigw_exceptions
from samcli.local.apigw.authorizers.lambda_authorizer import LambdaAuthorizer
from samcli.local.apigw.local_apigw_service import LocalApigwService
from samcli.local.apigw.route import Route
from samcli.local.apigw.service_error_responses import ServiceErrorResponses
from samcli.local.lambdafn.exceptions import FunctionNotFound
from werkzeug.wrappers import Request

from devtools.infra import ROOT
from devtools.local_api import emulator


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_installed_aws_sam_cli_is_the_version_pinned_in_pyproject() -> None:
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    pins = [re.fullmatch(r"aws-sam-cli==([\w.]+)", requirement) for requirement in dev]
    pinned = [match.group(1) for match in pins if match]

    assert pinned, "aws-sam-cli must be pinned exactly (==) in pyproject.toml: the local API uses its internals"
    assert samcli.__version__ == pinned[0] == metadata.version("aws-sam-cli")


def test_the_runner_interface_sam_calls_is_what_our_runner_implements() -> None:
    # SAM's own runner: our LambdaRuntime must accept the same leading parameters, by position and name.
    sam = _parameters(LocalLambdaRunner.invoke)[:6]
    assert sam == ["self", "function_identifier", "event", "tenant_id", "stdout", "stderr"]
    assert _parameters(emulator.LambdaRuntime.invoke)[:6] == sam
    assert callable(LocalLambdaRunner.is_debugging)
    # ...and SAM calls it with a JSON string and a stdout writer it reads the result from.
    source = inspect.getsource(LocalApigwService._invoke_lambda_function)
    assert "self.lambda_runner.invoke(" in source and "stdout=" in source and "json.dumps(event" in source


def test_the_service_methods_we_override_keep_their_signatures() -> None:
    expected = {
        "_request_handler": ["self", "kwargs"],
        "_construct_error_handling": ["self"],
        "_generate_lambda_event": ["self", "flask_request", "route", "method", "endpoint"],
        "_invoke_lambda_function": ["self", "lambda_function_name", "event", "tenant_id"],
        "_invoke_parse_lambda_authorizer": [
            "self",
            "lambda_authorizer",
            "auth_lambda_event",
            "route_lambda_event",
            "route",
        ],
        "create": ["self"],
    }
    for name, parameters in expected.items():
        assert _parameters(getattr(LocalApigwService, name)) == parameters, name
    assert _parameters(LocalApigwService.__init__)[:3] == ["self", "api", "lambda_runner"]
    # The request handler must still call the hooks we override.
    handler = inspect.getsource(LocalApigwService._request_handler)
    for hook in ("_invoke_parse_lambda_authorizer", "_invoke_lambda_function", "_generate_lambda_event"):
        assert f"self.{hook}(" in handler, hook
    assert "self._invoke_lambda_function(" in inspect.getsource(LocalApigwService._invoke_parse_lambda_authorizer)
    assert "self._construct_error_handling()" in inspect.getsource(LocalApigwService.create)


def test_the_exceptions_and_bodies_we_recognise_still_exist() -> None:
    assert issubclass(apigw_exceptions.AuthorizerUnauthorizedRequest, Exception)
    assert issubclass(apigw_exceptions.LambdaResponseParseException, Exception)
    assert issubclass(FunctionNotFound, Exception)
    assert ServiceErrorResponses._LAMBDA_FAILURE == emulator._SAM_FAILURE_BODY


def test_the_body_decoding_we_correct_still_reads_the_cached_request_data() -> None:
    # A body that is not UTF-8 is replaced in werkzeug's cache before SAM's event constructor reads it from there.
    constructor = inspect.getsource(event_constructor.construct_v1_event)
    assert "flask_request.get_data()" in constructor and "_should_base64_encode(binary_types" in constructor
    assert _parameters(event_constructor._should_base64_encode) == ["binary_types", "request_mimetype"]
    assert "_cached_data" in inspect.getsource(Request.get_data)


def test_the_providers_still_read_routes_functions_and_the_authorizer_from_the_template() -> None:
    assert {"template_file", "parameter_overrides", "global_parameter_overrides"} <= set(
        _parameters(SamLocalStackProvider.get_stacks)
    )
    assert {"codeuri", "handler", "memory", "timeout", "name"} <= set(Function._fields)
    stacks, _ = SamLocalStackProvider.get_stacks(str(ROOT / "template.yaml"))
    api = ApiProvider(stacks, cwd=str(ROOT)).api
    ping = next(route for route in api.routes if route.path == "/v2/ping")

    assert isinstance(ping, Route) and "GET" in ping.methods
    assert ping.function_name == "PayoutsAccountFunction"
    assert isinstance(ping.authorizer_object, LambdaAuthorizer)
    assert ping.authorizer_object.lambda_name == "AuthorizerFunction"
    # No identity sources: with X-Api-Key or Authorization alone the authorizer must still run.
    assert ping.authorizer_object.identity_sources == []
    assert SamFunctionProvider(stacks).get("AuthorizerFunction") is not None
