"""Point the admin tool at a deployed stack: read physical names of the template's tables and queues."""

from __future__ import annotations

import os
from pathlib import Path

from runa.core import aws
from runa.core.settings import reset_settings
from runa.core.template import function_environment, load_template

TEMPLATE = Path(__file__).resolve().parents[4] / "template.yaml"


def export_stack_names(stack_name: str) -> None:
    """Set ACCOUNTS_TABLE, ORDERS_QUEUE_URL, ... exactly as template.yaml's Globals set them on the functions."""
    physical = {
        resource["LogicalResourceId"]: resource["PhysicalResourceId"]
        for resource in aws.client("cloudformation").describe_stack_resources(StackName=stack_name)["StackResources"]
    }
    for name, value in function_environment(load_template(TEMPLATE), physical).items():
        os.environ[name] = value
    reset_settings()
