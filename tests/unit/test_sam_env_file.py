"""The env-vars file for `sam local start-api` (python -m devtools.local_api --sam-env-file ...)."""

from __future__ import annotations

import json
from pathlib import Path

from devtools.infra import TEMPLATE_PATH
from devtools.local_api.server import write_sam_env
from runa_ops.template import load_template, resources_of_type

MOTO = "http://127.0.0.1:4566"
CONTAINER = "http://host.docker.internal:4566"


def _declared_variables() -> set[str]:
    template = load_template(TEMPLATE_PATH)
    declared = set(template["Globals"]["Function"]["Environment"]["Variables"])
    for spec in resources_of_type(template, "AWS::Serverless::Function").values():
        declared |= set(((spec["Properties"].get("Environment") or {}).get("Variables")) or {})
    return declared


def test_given_the_local_environment_then_every_function_gets_moto_reachable_from_a_container(tmp_path: Path) -> None:
    functions_env = {
        "ACCOUNTS_TABLE": "local-AccountsTable",
        "ORDERS_QUEUE_URL": f"{MOTO}/123456789012/local-OrdersQueue",
        "AGENT_ENGINE": "offline",
        "ALLOW_LOOPBACK_HTTP": "true",
    }

    write_sam_env(tmp_path / "env.json", functions_env, MOTO, CONTAINER)

    variables = json.loads((tmp_path / "env.json").read_text())["Parameters"]
    assert variables["AWS_ENDPOINT_URL"] == CONTAINER
    assert variables["ORDERS_QUEUE_URL"] == f"{CONTAINER}/123456789012/local-OrdersQueue"
    assert variables["ACCOUNTS_TABLE"] == "local-AccountsTable"
    assert "ALLOW_LOOPBACK_HTTP" not in variables
    # SAM passes a function only the variables the template declares: anything else here would be dropped.
    assert set(variables) <= _declared_variables()
