"""`python -m runa_ops.admin --stack NAME ...` reads the deployed names of the template's tables and queues from
CloudFormation, and sets them exactly as template.yaml's Globals set them on the functions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from botocore.stub import Stubber

from devtools.infra import TEMPLATE_PATH
from runa.core import aws
from runa.core.settings import get_settings, reset_settings
from runa_ops.admin.stack import export_stack_names
from runa_ops.template import load_template, resources_of_type


def _physical_name(logical: str, resource_type: str) -> str:
    if resource_type == "AWS::SQS::Queue":
        return f"https://sqs.eu-west-1.amazonaws.com/123456789012/runa-dev-{logical}-AbC123"
    return f"runa-dev-{logical}-XYZ789"


@pytest.fixture
def cloudformation() -> Iterator[Stubber]:
    saved = dict(os.environ)  # the tool sets every Globals variable; none may leak into other tests
    aws.reset_clients()
    stubber = Stubber(aws.client("cloudformation"))
    with stubber:
        yield stubber
    os.environ.clear()
    os.environ.update(saved)
    aws.reset_clients()
    reset_settings()


def test_given_a_deployed_stack_when_named_then_the_admin_tool_uses_its_tables_and_queues(
    cloudformation: Stubber,
) -> None:
    resources = load_template(TEMPLATE_PATH)["Resources"]
    stack_resources = [
        {
            "LogicalResourceId": logical,
            "PhysicalResourceId": _physical_name(logical, spec["Type"]),
            "ResourceType": spec["Type"],
            "Timestamp": datetime(2026, 11, 1, tzinfo=UTC),
            "ResourceStatus": "CREATE_COMPLETE",
        }
        for logical, spec in resources.items()
        if spec["Type"] in {"AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::KMS::Key", "AWS::ApiGateway::UsagePlan"}
    ]
    cloudformation.add_response(
        "describe_stack_resources", {"StackResources": stack_resources}, {"StackName": "runa-dev"}
    )
    os.environ["ACCOUNTS_TABLE"] = "stale"

    export_stack_names("runa-dev")

    settings = get_settings()
    assert settings.accounts_table == "runa-dev-AccountsTable-XYZ789"
    assert settings.products_table == "runa-dev-ProductsTable-XYZ789"
    assert settings.orders_queue_url.endswith("/runa-dev-OrdersQueue-AbC123")
    tables = resources_of_type(load_template(TEMPLATE_PATH), "AWS::DynamoDB::Table")
    assert len(tables) == 6
    cloudformation.assert_no_pending_responses()
