from enum import Enum


class ProductSubscriptionPlanLengthUnit(str, Enum):
    DAYS = "DAYS"
    MONTHS = "MONTHS"

    def __str__(self) -> str:
        return str(self.value)
