"""`GET /v2/ping`, and `GET /v2/balance`: one `{balance, currency}` when `currency` is given, else a list of the
positive ones."""

from __future__ import annotations

from pydantic import Field

from runa.core.schemas import Schema
from runa.payouts.models.common import CurrencyCode, Money


class Balance(Schema):
    balance: Money = Field(description="The balance of the account.", examples=["10.00"])
    currency: CurrencyCode = Field(examples=["USD"])


class Pong(Schema):
    message: str = Field(examples=["pong"])
