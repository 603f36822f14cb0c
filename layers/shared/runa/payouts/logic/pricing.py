"""Pricing an order's items against the catalogue, and the estimate (POST /v2/order/estimate).

An item's price is its face value less the product's discount (`price = face_value * (1 - discount)`, half-up to
cents); a MULTIPLE or TEMPLATE item gets the smallest discount of its products (the end user may spend it all on
that one). Orders are paid from the balance in the products' own currency: no FX (so no `fx` in
`transaction_detail`), and a payment currency that differs from the products' is `currency_mismatch`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from runa.core.caller import Caller
from runa.core.errors import ValidationFailed
from runa.payouts.errors import CurrencyMismatch, ProductValidationError
from runa.payouts.logic.order_ports import OrderPorts
from runa.payouts.logic.product_lookup import ProductLookup, orderable
from runa.payouts.models.common import CENT, money
from runa.payouts.models.orders import (
    AccountPayment,
    MultipleProduct,
    OrderItemDiscount,
    OrderPriceRequest,
    OrderPriceResponse,
    PayoutSelectionTemplate,
    SingleProduct,
    SingleProductWithUsageConfig,
    TransactionDetailEntry,
)

if TYPE_CHECKING:  # annotations only
    from runa.payouts.logic.records import ProductTerms

TEMPLATE_ID_PATTERN = re.compile(r"^PT-[0-9A-Za-z]{1,64}$")


@dataclass(frozen=True)
class PricedItem:
    products: list[ProductTerms]
    face_value: Decimal
    price: Decimal
    discount_multiplier: Decimal
    currency: str

    @property
    def discount(self) -> Decimal:
        return self.face_value - self.price


def _check_denomination(product: ProductTerms, face_value: Decimal) -> None:
    low, high, fixed = product.denomination_limits()
    if fixed is not None:
        if face_value not in {Decimal(value) for value in fixed}:
            allowed = ", ".join(money(value) for value in sorted(fixed, key=Decimal))
            raise ProductValidationError(
                f"The product '{product.code}' has fixed denominations ({allowed}); {money(face_value)} is not one."
            )
    elif not Decimal(low) <= face_value <= Decimal(high):
        raise ProductValidationError(
            f"The face value of '{product.code}' must be between {money(low)} and {money(high)}."
        )


def _same_currency(found: Iterable[ProductTerms], payment_currency: str) -> str:
    currencies = {product.currency for product in found}
    if len(currencies) > 1:
        raise CurrencyMismatch("All products of an item must use the same currency.")
    (currency,) = currencies
    if currency != payment_currency:
        raise CurrencyMismatch(
            f"The payment currency is {payment_currency} but the product currency is {currency}; "
            "pay from the balance in the product's currency."
        )
    return currency


def price_item(
    selection: Any, face_value_number: float, payment_currency: str, lookup: ProductLookup, codes: list[str]
) -> PricedItem:
    """Check one item against the catalogue and price it. `codes` are the products the selection resolves to."""
    face_value = Decimal(str(face_value_number)).quantize(CENT)
    found = [lookup.get(code) for code in codes]
    for product in found:
        orderable(product)
    currency = _same_currency(found, payment_currency)
    if isinstance(selection, SingleProduct | SingleProductWithUsageConfig):
        _check_denomination(found[0], face_value)
    else:
        if face_value != face_value.to_integral_value():
            raise ProductValidationError("The face value of a MULTIPLE or TEMPLATE item must be a whole number.")
        lowest = min(Decimal(product.denomination_limits()[0]) for product in found)
        if face_value < lowest:
            raise ProductValidationError(f"The face value must be at least {money(lowest)} for these products.")
    multiplier = min(Decimal(product.discount_multiplier) for product in found)
    price = (face_value * (1 - multiplier)).quantize(CENT, rounding=ROUND_HALF_UP)
    return PricedItem(found, face_value, price, multiplier, currency)


def direct_codes(selection: Any) -> list[str]:
    """The codes an item names itself (a TEMPLATE names its codes in the account's template)."""
    if isinstance(selection, SingleProduct | SingleProductWithUsageConfig):
        return [selection.value]
    if isinstance(selection, MultipleProduct):
        return list(selection.values)
    return []


def selection_codes(selection: Any, scope: str, ports: OrderPorts) -> list[str]:
    if isinstance(selection, PayoutSelectionTemplate):
        known = TEMPLATE_ID_PATTERN.match(selection.template_id)
        codes = ports.get_template(scope, selection.template_id) if known else None
        if codes is None:
            raise ProductValidationError(f"There is no payout selection template '{selection.template_id}'.")
        return codes
    if isinstance(selection, SingleProduct | SingleProductWithUsageConfig | MultipleProduct):
        return direct_codes(selection)
    raise ProductValidationError("Unknown product selection.")  # pragma: no cover - the model refuses others


def _price_for_estimate(
    caller: Caller, item: Any, index: int, currency: str, lookup: ProductLookup, ports: OrderPorts
) -> PricedItem:
    # The estimate's contract lists 422 (not 400) for a request it cannot price: the item that fails is named.
    try:
        codes = selection_codes(item.products, caller.scope, ports)
        return price_item(item.products, item.face_value, currency, lookup, codes)
    except (ProductValidationError, CurrencyMismatch) as error:
        detail = {"type": error.error_type, "message": error.message, "location": ["body", "items", str(index)]}
        raise ValidationFailed(error.message, details=[detail]) from None


def estimate(caller: Caller, request: OrderPriceRequest, ports: OrderPorts) -> OrderPriceResponse:
    lookup = ProductLookup(ports.get_product)
    currency = request.payment_method.currency
    priced = [
        (item, _price_for_estimate(caller, item, index, currency, lookup, ports))
        for index, item in enumerate(request.items)
    ]
    total_price = sum((p.price for _, p in priced), Decimal(0))
    total_face = sum((p.face_value for _, p in priced), Decimal(0))
    return OrderPriceResponse(
        payment_method=AccountPayment(type="ACCOUNT_BALANCE", currency=currency),
        items=[
            OrderItemDiscount(
                products=item.products,
                face_value=float(p.face_value),
                price=float(p.price),
                discount_multiplier=money(p.discount_multiplier),
                currency=p.currency,
            )
            for item, p in priced
        ],
        currency=currency,
        total_discount=float(total_face - total_price),
        total_price=float(total_price),
        transaction_detail={currency: TransactionDetailEntry(value=money(total_face))},
    )
