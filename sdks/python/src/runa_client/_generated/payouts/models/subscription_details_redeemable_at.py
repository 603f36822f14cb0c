from enum import Enum


class SubscriptionDetailsRedeemableAt(str, Enum):
    ALL = "all"
    IN_STORE = "in-store"
    ONLINE = "online"

    def __str__(self) -> str:
        return str(self.value)
