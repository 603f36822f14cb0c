from enum import Enum


class ProductPayoutType(str, Enum):
    GIFT_CARD = "gift_card"
    PAYMENT = "payment"
    SUBSCRIPTION = "subscription"

    def __str__(self) -> str:
        return str(self.value)
