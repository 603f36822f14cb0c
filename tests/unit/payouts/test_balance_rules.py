"""The balance read with an in-memory balances store behind its ports, no moto: what GET /v2/balance answers
for one currency, for all of them, and for another environment of the same account."""

from __future__ import annotations

from decimal import Decimal

from runa.core.caller import Caller
from runa.payouts.logic.balances import BalancePorts, get_balances
from runa.payouts.models.balance import Balance

PRODUCTION = Caller(account_id="acme", environment="production", key_id="k")
PLAYGROUND = Caller(account_id="acme", environment="playground", key_id="k")


def _ports(held: dict[str, dict[str, Decimal]]) -> BalancePorts:
    """Balances by scope and currency; a currency never funded reads as zero, as the DynamoDB store does."""
    return BalancePorts(
        get_balance=lambda scope, currency: held.get(scope, {}).get(currency, Decimal("0")),
        list_balances=lambda scope: dict(held.get(scope, {})),
    )


HELD = {"production#acme": {"USD": Decimal("90.6"), "EUR": Decimal("0"), "GBP": Decimal("12.345")}}


def test_given_balances_when_read_without_a_currency_then_every_positive_one_by_currency_code() -> None:
    answer = get_balances(PRODUCTION, None, _ports(HELD))

    assert answer == [Balance(balance="12.35", currency="GBP"), Balance(balance="90.60", currency="USD")]


def test_given_a_currency_when_read_then_its_balance_even_at_zero_or_never_funded() -> None:
    ports = _ports(HELD)

    assert get_balances(PRODUCTION, "USD", ports) == Balance(balance="90.60", currency="USD")
    assert get_balances(PRODUCTION, "EUR", ports) == Balance(balance="0.00", currency="EUR")
    assert get_balances(PRODUCTION, "JPY", ports) == Balance(balance="0.00", currency="JPY")


def test_given_production_money_when_a_playground_key_reads_then_it_sees_none_of_it() -> None:
    ports = _ports(HELD)

    assert get_balances(PLAYGROUND, None, ports) == []
    assert get_balances(PLAYGROUND, "USD", ports) == Balance(balance="0.00", currency="USD")
