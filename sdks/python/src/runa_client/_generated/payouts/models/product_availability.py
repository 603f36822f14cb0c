from enum import Enum


class ProductAvailability(str, Enum):
    REALTIME = "realtime"
    STOCKED = "stocked"

    def __str__(self) -> str:
        return str(self.value)
