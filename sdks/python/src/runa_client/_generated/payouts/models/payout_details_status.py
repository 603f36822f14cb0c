from enum import Enum


class PayoutDetailsStatus(str, Enum):
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"
    CLAIMED = "CLAIMED"
    EXPIRED = "EXPIRED"

    def __str__(self) -> str:
        return str(self.value)
