"""Amazon Bedrock Converse: the only module that calls bedrock-runtime. It sends one request and turns the
service's errors into domain errors the API answers with, so throttling is a 429 / 503 with Retry-After and
never a 500."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, ReadTimeoutError

from runa.agent.errors import ModelError
from runa.core import aws
from runa.core.errors import ServiceUnavailable, Throttled
from runa.core.observability import logger

THROTTLED_RETRY_AFTER = "5"
UNAVAILABLE_RETRY_AFTER = "10"
_THROTTLED = {"ThrottlingException", "ServiceQuotaExceededException", "TooManyRequestsException"}
_UNAVAILABLE = {
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "ModelTimeoutException",
    "InternalServerException",
}


def converse(request: dict[str, Any]) -> dict[str, Any]:
    try:
        response: dict[str, Any] = aws.client("bedrock-runtime").converse(**request)
    except ClientError as error:
        code = aws.error_code(error)
        if code in _THROTTLED:
            raise Throttled(
                "The agent's model is busy; retry shortly.", headers={"Retry-After": THROTTLED_RETRY_AFTER}
            ) from error
        if code in _UNAVAILABLE:
            raise ServiceUnavailable(
                "The agent's model is unavailable; retry shortly.", headers={"Retry-After": UNAVAILABLE_RETRY_AFTER}
            ) from error
        # Validation, access and model errors: our request or our set-up is wrong; retrying will not help.
        logger.error("bedrock converse refused", extra={"error_code": code})
        raise ModelError() from error
    except (ConnectionError, ReadTimeoutError) as error:
        raise ServiceUnavailable(
            "The agent's model did not answer in time; retry shortly.",
            headers={"Retry-After": UNAVAILABLE_RETRY_AFTER},
        ) from error
    except BotoCoreError as error:
        logger.error("bedrock converse failed", extra={"error_type": type(error).__name__})
        raise ModelError() from error
    return response
