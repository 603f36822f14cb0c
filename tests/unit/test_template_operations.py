"""template.yaml runs in production: every function and dead-letter queue has an alarm, and every function may
do only what its code does (no Scan, Delete or Put it never makes, no wildcard action, no wildcard model)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from runa.payouts.logic.webhooks import MAX_ATTEMPTS
from runa_ops.template import load_template, resources_of_type

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "shared"
TEMPLATE = load_template(ROOT / "template.yaml")
FUNCTIONS = resources_of_type(TEMPLATE, "AWS::Serverless::Function")
ALARMS = resources_of_type(TEMPLATE, "AWS::CloudWatch::Alarm")
QUEUES = resources_of_type(TEMPLATE, "AWS::SQS::Queue")
DEAD_LETTER_QUEUES = sorted(
    queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    for queue in QUEUES.values()
    if "RedrivePolicy" in queue.get("Properties", {})
)

# What SAM's policy templates grant; a function using one gets all of it (Scan and DeleteItem included).
SAM_POLICY_TEMPLATES = {
    "DynamoDBCrudPolicy": ["dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
                           "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem",
                           "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"],
    "DynamoDBReadPolicy": ["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
                           "dynamodb:DescribeTable"],
    "DynamoDBWritePolicy": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
}  # fmt: skip

# boto3 calls -> the IAM actions they need; a transaction item needs the action of its kind.
CALL_ACTIONS = {
    "get_item": "dynamodb:GetItem",
    "put_item": "dynamodb:PutItem",
    "update_item": "dynamodb:UpdateItem",
    "delete_item": "dynamodb:DeleteItem",
    "query": "dynamodb:Query",
    "scan": "dynamodb:Scan",
    "batch_writer": "dynamodb:BatchWriteItem",
    "batch_get_item": "dynamodb:BatchGetItem",
}
TRANSACTION_ITEM_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}


# ---------------------------------------------------------------- alarms


def _alarm_metrics(alarm: dict[str, Any]) -> list[dict[str, Any]]:
    props = alarm["Properties"]
    if "MetricName" in props:
        return [props]
    return [query["MetricStat"]["Metric"] for query in props.get("Metrics", []) if "MetricStat" in query]


def _dimension_values(metric: dict[str, Any]) -> list[Any]:
    return [dimension["Value"] for dimension in metric.get("Dimensions", [])]


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_function_has_an_alarm_on_its_errors_and_its_throttles(function: str) -> None:
    watched = {
        metric["MetricName"]
        for alarm in ALARMS.values()
        for metric in _alarm_metrics(alarm)
        if metric.get("Namespace") == "AWS/Lambda" and {"Ref": function} in _dimension_values(metric)
    }
    assert {"Errors", "Throttles"} <= watched, f"{function} needs an alarm on Errors and Throttles"


@pytest.mark.parametrize("queue", DEAD_LETTER_QUEUES)
def test_every_dead_letter_queue_has_an_alarm_on_its_depth(queue: str) -> None:
    assert any(
        metric["MetricName"] == "ApproximateNumberOfMessagesVisible"
        and {"Fn::GetAtt": [queue, "QueueName"]} in _dimension_values(metric)
        for alarm in ALARMS.values()
        for metric in _alarm_metrics(alarm)
    ), f"{queue} needs an alarm on its depth"


def test_the_api_bedrock_dynamodb_and_webhooks_are_watched() -> None:
    watched = {(m.get("Namespace"), m["MetricName"]) for alarm in ALARMS.values() for m in _alarm_metrics(alarm)}
    assert {
        ("AWS/ApiGateway", "5XXError"),
        ("AWS/ApiGateway", "Latency"),
        ("AWS/Bedrock", "InvocationThrottles"),
        ("AWS/Bedrock", "InvocationServerErrors"),
        ("AWS/DynamoDB", "ReadThrottleEvents"),
        ("AWS/DynamoDB", "WriteThrottleEvents"),
        ("Runa", "WebhookDeliveryFailed"),
    } <= watched


def test_every_alarm_notifies_the_alarm_topic() -> None:
    for name, alarm in ALARMS.items():
        assert alarm["Properties"].get("AlarmActions") == [{"Ref": "AlarmTopic"}], name


def test_the_webhooks_queue_allows_one_receive_per_attempt_of_the_retry_schedule() -> None:
    assert QUEUES["WebhooksQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"] == MAX_ATTEMPTS
    # The queue keeps a message longer than the whole schedule takes.
    assert QUEUES["WebhooksQueue"]["Properties"]["MessageRetentionPeriod"] > 28 * 3600


def test_the_api_has_no_extra_stage_and_writes_json_access_logs() -> None:
    [api] = resources_of_type(TEMPLATE, "AWS::Serverless::Api").values()
    props = api["Properties"]
    assert props["OpenApiVersion"]
    log_format = props["AccessLogSetting"]["Format"]
    for field in ("requestId", "keyId", "account", "environment", "route", "status", "latencyMs", "errorType"):
        assert f'"{field}":' in log_format
    assert props["ApiKeySourceType"] == "AUTHORIZER"
    for name, response in props["GatewayResponses"].items():
        assert response["ResponseParameters"]["Headers"]["X-Request-Id"] == "context.requestId", name


# ---------------------------------------------------------------- least privilege


def _module_file(module: str) -> Path | None:
    base = LAYER.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[Path]:
    found: set[Path] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "runa":
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.split(".")[0] == "runa"]
        for name in names:
            file = _module_file(name)
            if file is not None:
                found.add(file)
    return found


@cache
def _code_actions(code_uri: str) -> frozenset[str]:
    """Every DynamoDB action the modules a function imports (transitively) can make."""
    seen: set[Path] = set()
    todo = [ROOT / code_uri / "app.py"]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(_imports(path) - seen)
    actions: set[str] = set()
    for path in seen:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALL_ACTIONS:
                actions.add(CALL_ACTIONS[node.func.attr])
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and key.value in TRANSACTION_ITEM_ACTIONS:
                        actions.add(TRANSACTION_ITEM_ACTIONS[key.value])
    return frozenset(actions)


def _statements(function: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in FUNCTIONS[function]["Properties"].get("Policies", []):
        [(name, value)] = policy.items()
        if name == "Statement":
            for statement in value:
                # A conditional statement (Fn::If [condition, statement, AWS::NoValue]) is checked as if granted.
                conditional = statement.get("Fn::If")
                statements.extend(
                    [branch for branch in conditional[1:] if isinstance(branch, dict) and "Action" in branch]
                    if conditional
                    else [statement]
                )
        else:
            statements.append({"Action": SAM_POLICY_TEMPLATES.get(name, [f"{name}:*"]), "Resource": value})
    return statements


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else list(actions)


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_no_function_is_granted_a_wildcard_action_or_resource(function: str) -> None:
    for statement in _statements(function):
        for action in _actions(statement):
            assert "*" not in action, f"{function}: wildcard action {action}"
        resources = statement["Resource"]
        for resource in resources if isinstance(resources, list) else [resources]:
            assert resource != "*", f"{function}: every resource"


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_no_function_may_make_a_dynamodb_call_its_code_never_makes(function: str) -> None:
    granted = {
        action
        for statement in _statements(function)
        for action in _actions(statement)
        if action.startswith("dynamodb:")
    }
    unused = granted - _code_actions(FUNCTIONS[function]["Properties"]["CodeUri"].rstrip("/"))
    assert not unused, f"{function} is granted {sorted(unused)}, which its code never calls"


def test_no_function_may_scan_a_table() -> None:
    # No request path and no consumer scans: a Scan grant could only be misused.
    for function in FUNCTIONS:
        for statement in _statements(function):
            assert "dynamodb:Scan" not in _actions(statement), function


def test_bedrock_is_allowed_only_on_the_configured_model_inference_profile_and_guardrail() -> None:
    bedrock = [
        (function, statement)
        for function in FUNCTIONS
        for statement in _statements(function)
        if any(action.startswith("bedrock:") for action in _actions(statement))
    ]
    assert {function for function, _ in bedrock} == {"AgentChatFunction"}
    granted = {
        action: [resource["Fn::Sub"] for resource in statement["Resource"]]
        if isinstance(statement["Resource"], list)
        else [statement["Resource"]["Fn::Sub"]]
        for _, statement in bedrock
        for action in _actions(statement)
    }
    assert granted == {
        "bedrock:InvokeModel": [
            "arn:${AWS::Partition}:bedrock:*::foundation-model/${BedrockFoundationModelId}",
            "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/${BedrockModelId}",
        ],
        # Only when the GuardrailId parameter is set (Fn::If), and only that guardrail.
        "bedrock:ApplyGuardrail": [
            "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:guardrail/${GuardrailId}"
        ],
    }
