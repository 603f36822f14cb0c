"""`limits set | show`: the account's usage plan (its rate and daily quota; plans are template.yaml's
AWS::ApiGateway::UsagePlan resources, their limits stack parameters).

Against a deployed stack (`--stack`), `set` creates the account's API Gateway key (its value made by API Gateway)
and moves it into the plan; the authorizer returns that key as usageIdentifierKey, so API Gateway counts the
account's requests and answers 429 {"error": "rate exceeded"} past the plan. Locally there is no API Gateway: the
key is made here and the local API applies the same plan (devtools/local_api/usage_plans.py).
Every key creation (`keys create`) puts an account with no plan on DEFAULT_PLAN.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets

from botocore.exceptions import BotoCoreError, ClientError

from runa.auth import store
from runa.auth.keys import PREFIX_BY_ENVIRONMENT
from runa.core import aws
from runa.core.errors import BadRequest, StoreError
from runa_ops import TEMPLATE_PATH
from runa_ops.template import load_template, resources_of_type

DEFAULT_PLAN = "standard"
# Set by `--stack` (runa_ops.admin.stack): {"standard": "<usage plan id>", ...}. Absent locally.
PLAN_IDS_VARIABLE = "RUNA_USAGE_PLAN_IDS"


def plan_name(logical_id: str) -> str:
    """StandardUsagePlan -> standard."""
    return logical_id.removesuffix("UsagePlan").lower()


def plan_names() -> list[str]:
    return sorted(plan_name(logical) for logical in resources_of_type(load_template(TEMPLATE_PATH), _USAGE_PLAN))


_USAGE_PLAN = "AWS::ApiGateway::UsagePlan"


def deployed_plan_ids(physical: dict[str, str]) -> dict[str, str]:
    """Plan name -> usage plan id, from a stack's physical resource ids."""
    template = load_template(TEMPLATE_PATH)
    return {plan_name(logical): physical[logical] for logical in resources_of_type(template, _USAGE_PLAN)}


def assign(scope: str, plan: str) -> store.AccountPlan:
    """Put the account on `plan` (idempotent), creating its usage-plan key the first time."""
    current = store.get_plan(scope)
    plan_ids = json.loads(os.environ.get(PLAN_IDS_VARIABLE) or "{}")
    if not plan_ids:
        key_id, value = (current.usage_key_id, current.usage_key) if current else ("local", _local_key())
    else:
        if plan not in plan_ids:
            raise BadRequest(f"No plan named {plan}: choose one of {', '.join(sorted(plan_ids))}.")
        key_id, value = _gateway_key(scope, current, plan, plan_ids)
    assigned = store.AccountPlan(plan=plan, usage_key_id=key_id, usage_key=value)
    store.put_plan(scope, assigned)
    return assigned


def ensure_plan(scope: str) -> store.AccountPlan:
    return store.get_plan(scope) or assign(scope, DEFAULT_PLAN)


def _local_key() -> str:
    return f"local-{secrets.token_urlsafe(24)}"


def _gateway_key(scope: str, current: store.AccountPlan | None, plan: str, plan_ids: dict[str, str]) -> tuple[str, str]:
    apigateway = aws.client("apigateway")
    try:
        if current is None or current.usage_key_id == "local":
            created = apigateway.create_api_key(name=f"runa-{scope.replace('#', '-')}", enabled=True)
            key_id, value = created["id"], created["value"]
        else:
            key_id, value = current.usage_key_id, current.usage_key
            if current.plan == plan:
                return key_id, value
            if current.plan in plan_ids:
                apigateway.delete_usage_plan_key(usagePlanId=plan_ids[current.plan], keyId=key_id)
        apigateway.create_usage_plan_key(usagePlanId=plan_ids[plan], keyId=key_id, keyType="API_KEY")
    except (ClientError, BotoCoreError) as error:
        raise StoreError(f"API Gateway refused the plan change: {error}") from error
    return key_id, value


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("limits", help="an account's usage plan (rate and daily quota)").add_subparsers(
        dest="command", required=True
    )
    put = commands.add_parser("set", help="put an account on a plan")
    put.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    put.add_argument("--account", required=True)
    put.add_argument("--plan", required=True, choices=plan_names())
    put.set_defaults(run=run_set)

    show = commands.add_parser("show", help="print an account's plan")
    show.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    show.add_argument("--account", required=True)
    show.set_defaults(run=run_show)


def run_set(args: argparse.Namespace) -> int:
    assigned = assign(f"{args.env}#{args.account}", args.plan)
    print(json.dumps({"environment": args.env, "account": args.account, "plan": assigned.plan}))
    return 0


def run_show(args: argparse.Namespace) -> int:
    current = store.get_plan(f"{args.env}#{args.account}")
    print(json.dumps({"environment": args.env, "account": args.account, "plan": current.plan if current else None}))
    return 0 if current else 1
