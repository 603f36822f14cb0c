from enum import Enum


class ProductState(str, Enum):
    LIVE = "LIVE"
    TEMPORARILY_DEGRADED = "TEMPORARILY_DEGRADED"
    TEMPORARILY_DISABLED = "TEMPORARILY_DISABLED"

    def __str__(self) -> str:
        return str(self.value)
