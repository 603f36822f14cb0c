"""`GET /v2/ping`, and `GET /v2/balance`: one `{balance, currency}` when `currency` is given, else a list of the
positive ones."""

from __future__ import annotations

from pydantic import BaseModel, Field

from runa.payouts.models.common import CurrencyCode, Money


class Balance(BaseModel):
    balance: Money = Field(description="The balance of the account.", examples=["10.00"])
    currency: CurrencyCode = Field(examples=["USD"])


class Pong(BaseModel):
    message: str = Field(examples=["pong"])
