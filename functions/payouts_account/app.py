"""/v2/ping and /v2/balance."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

import re
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Query

from runa.core.api import build_resolver, caller, http_handler
from runa.core.errors import BadRequest
from runa.core.settings import require_settings
from runa.payouts.errors import InvalidVersion
from runa.payouts.models.balance import Balance, Pong
from runa.payouts.models.common import CURRENCY_PATTERN, error_responses, response
from runa.payouts.services import balances as balance_services
from runa.payouts.services import versioning

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("accounts_table")

app = build_resolver(query_error_status=400)


ApiVersion = Annotated[
    str | None, Header(alias="X-Api-Version", description="The dated API version; default 2024-02-05.")
]


@app.get(
    "/v2/ping",
    operation_id="ping",
    summary="Ping endpoint",
    responses={200: response(Pong, "OK"), **error_responses(InvalidVersion)},
)
def ping(x_api_version: ApiVersion = None) -> Pong:
    versioning.check_api_version(x_api_version)
    return Pong(message="pong")


@app.get(
    "/v2/balance",
    operation_id="getBalance",
    summary="Get account balance",
    responses={
        200: response(Balance | list[Balance], "One balance with `currency`, else every balance above zero"),
        **error_responses(BadRequest, InvalidVersion),
    },
)
def get_balance(
    currency: Annotated[
        str | None, Query(description="ISO 4217 code; omit it for every balance above zero.", examples=["USD"])
    ] = None,
    x_api_version: ApiVersion = None,
) -> Balance | list[Balance]:
    who = caller(app)
    versioning.check_api_version(x_api_version)
    # Checked here so a bad code is the documented 400, not a 422.
    if currency is not None and not _is_currency(currency):
        raise BadRequest("'currency' must be an ISO 4217 code such as USD.")
    return balance_services.get_balances(who, currency)


def _is_currency(value: str) -> bool:
    return re.fullmatch(CURRENCY_PATTERN, value) is not None


lambda_handler = http_handler(app)
