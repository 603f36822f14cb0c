"""Point the admin tool at a deployed stack: read physical names of the template's tables and queues."""

from __future__ import annotations

import json
import os

from runa.core import aws
from runa.core.settings import reset_settings
from runa_ops import TEMPLATE_PATH
from runa_ops.admin import limits
from runa_ops.template import function_environment, load_template


def export_stack_names(stack_name: str) -> None:
    """Set ACCOUNTS_TABLE, ORDERS_QUEUE_URL, ... exactly as template.yaml's Globals set them on the functions."""
    physical = {
        resource["LogicalResourceId"]: resource["PhysicalResourceId"]
        for resource in aws.client("cloudformation").describe_stack_resources(StackName=stack_name)["StackResources"]
    }
    for name, value in function_environment(load_template(TEMPLATE_PATH), physical).items():
        os.environ[name] = value
    os.environ[limits.PLAN_IDS_VARIABLE] = json.dumps(limits.deployed_plan_ids(physical))
    reset_settings()
