"""REQUEST authorizer: `X-Api-Key: <key>` or `Authorization: Bearer <key>`.

It always answers with a policy. Allow covers every route of the stage, so a cached decision never turns the
caller's next route into a 403. Deny carries `errorType`/`errorMessage` in its context, which the ACCESS_DENIED
gateway response in template.yaml renders as a 401 in the error shape.

Allow also returns the account's usage-plan key as `usageIdentifierKey` (the Api's ApiKeySourceType is
AUTHORIZER): API Gateway then applies that plan's rate and daily quota before the function runs and answers 429
`{"error": "rate exceeded"}` itself. An authorizer cannot answer 429, which is why limits are not counted here.
"""

from __future__ import annotations

import runa.boot  # first: forward references compiled lazily and the GC paused, before anything loads

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from runa.auth.authorizer import Refusal, authorize, usage_plan
from runa.core.observability import logger
from runa.core.settings import require_settings

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("accounts_table")


def _whole_stage(method_arn: str) -> str:
    # arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/{verb}/{path...}
    api_arn, stage = method_arn.split("/")[:2]
    return f"{api_arn}/{stage}/*/*"


def _policy(principal: str, effect: str, resource: str, context: dict[str, str]) -> dict[str, Any]:
    return {
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
        "context": context,
    }


@runa.boot.resumes_gc
@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    resource = _whole_stage(event["methodArn"])
    decision = authorize(event.get("headers"))
    if isinstance(decision, Refusal):
        logger.info("key refused", extra={"error_type": decision.error.error_type})
        return _policy(
            "anonymous",
            "Deny",
            resource,
            {"errorType": decision.error.error_type, "errorMessage": decision.error.message},
        )
    plan = usage_plan(decision)
    # DEBUG: every API request passes here, and the stage's access log already records each one with this key id,
    # account, environment and plan. A refusal (above) stays at INFO: it is what a security review looks for.
    logger.debug(
        "key accepted",
        extra={"key_id": decision.key_id, "environment": decision.environment, "plan": plan.plan if plan else None},
    )
    allowed = _policy(
        decision.key_id,
        "Allow",
        resource,
        {
            "accountId": decision.account_id,
            "environment": decision.environment,
            "keyId": decision.key_id,
            "productId": decision.product_id or "",
            # The APIs this key may call ("payouts,agent"); each function refuses the others with 403.
            "scopes": ",".join(decision.api_scopes),
            "plan": plan.plan if plan else "",
        },
    )
    if plan is not None:
        allowed["usageIdentifierKey"] = plan.usage_key
    return allowed
