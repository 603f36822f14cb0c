from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.product_availability import ProductAvailability
from ..models.product_payout_type import ProductPayoutType
from ..models.product_state import ProductState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gift_card_details import GiftCardDetails
    from ..models.product_customer_service import ProductCustomerService
    from ..models.product_payment import ProductPayment
    from ..models.subscription_details import SubscriptionDetails


T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """A product of the catalogue. Exactly one of `gift_card`, `subscription`, `payment` is present, matching
    `payout_type`.

        Attributes:
            name (str):
            code (str):
            currency (str): ISO 4217 currency code
            state (ProductState):
            is_orderable (bool): Orders for a product where this is false are rejected.
            payout_type (ProductPayoutType):
            categories (list[str]):
            countries_redeemable_in (list[str]):
            customer_service (ProductCustomerService):
            discount_multiplier (str): `0.05` means a 5% discount on the face value.
            availability (ProductAvailability | Unset):
            gift_card (GiftCardDetails | Unset): PayoutTypeDetailsBase + denominations.
            subscription (SubscriptionDetails | Unset): PayoutTypeDetailsBase + subscription_plans.
            payment (ProductPayment | Unset):
    """

    name: str
    code: str
    currency: str
    state: ProductState
    is_orderable: bool
    payout_type: ProductPayoutType
    categories: list[str]
    countries_redeemable_in: list[str]
    customer_service: ProductCustomerService
    discount_multiplier: str
    availability: ProductAvailability | Unset = UNSET
    gift_card: GiftCardDetails | Unset = UNSET
    subscription: SubscriptionDetails | Unset = UNSET
    payment: ProductPayment | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        code = self.code

        currency = self.currency

        state = self.state.value

        is_orderable = self.is_orderable

        payout_type = self.payout_type.value

        categories = self.categories

        countries_redeemable_in = self.countries_redeemable_in

        customer_service = self.customer_service.to_dict()

        discount_multiplier = self.discount_multiplier

        availability: str | Unset = UNSET
        if not isinstance(self.availability, Unset):
            availability = self.availability.value

        gift_card: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gift_card, Unset):
            gift_card = self.gift_card.to_dict()

        subscription: dict[str, Any] | Unset = UNSET
        if not isinstance(self.subscription, Unset):
            subscription = self.subscription.to_dict()

        payment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payment, Unset):
            payment = self.payment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "code": code,
                "currency": currency,
                "state": state,
                "is_orderable": is_orderable,
                "payout_type": payout_type,
                "categories": categories,
                "countries_redeemable_in": countries_redeemable_in,
                "customer_service": customer_service,
                "discount_multiplier": discount_multiplier,
            }
        )
        if availability is not UNSET:
            field_dict["availability"] = availability
        if gift_card is not UNSET:
            field_dict["gift_card"] = gift_card
        if subscription is not UNSET:
            field_dict["subscription"] = subscription
        if payment is not UNSET:
            field_dict["payment"] = payment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gift_card_details import GiftCardDetails
        from ..models.product_customer_service import ProductCustomerService
        from ..models.product_payment import ProductPayment
        from ..models.subscription_details import SubscriptionDetails

        d = dict(src_dict)
        name = d.pop("name")

        code = d.pop("code")

        currency = d.pop("currency")

        state = ProductState(d.pop("state"))

        is_orderable = d.pop("is_orderable")

        payout_type = ProductPayoutType(d.pop("payout_type"))

        categories = cast(list[str], d.pop("categories"))

        countries_redeemable_in = cast(list[str], d.pop("countries_redeemable_in"))

        customer_service = ProductCustomerService.from_dict(d.pop("customer_service"))

        discount_multiplier = d.pop("discount_multiplier")

        _availability = d.pop("availability", UNSET)
        availability: ProductAvailability | Unset
        if isinstance(_availability, Unset):
            availability = UNSET
        else:
            availability = ProductAvailability(_availability)

        _gift_card = d.pop("gift_card", UNSET)
        gift_card: GiftCardDetails | Unset
        if isinstance(_gift_card, Unset):
            gift_card = UNSET
        else:
            gift_card = GiftCardDetails.from_dict(_gift_card)

        _subscription = d.pop("subscription", UNSET)
        subscription: SubscriptionDetails | Unset
        if isinstance(_subscription, Unset):
            subscription = UNSET
        else:
            subscription = SubscriptionDetails.from_dict(_subscription)

        _payment = d.pop("payment", UNSET)
        payment: ProductPayment | Unset
        if isinstance(_payment, Unset):
            payment = UNSET
        else:
            payment = ProductPayment.from_dict(_payment)

        product = cls(
            name=name,
            code=code,
            currency=currency,
            state=state,
            is_orderable=is_orderable,
            payout_type=payout_type,
            categories=categories,
            countries_redeemable_in=countries_redeemable_in,
            customer_service=customer_service,
            discount_multiplier=discount_multiplier,
            availability=availability,
            gift_card=gift_card,
            subscription=subscription,
            payment=payment,
        )

        product.additional_properties = d
        return product

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
