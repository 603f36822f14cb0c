from enum import Enum


class ProductDenominationsType(str, Enum):
    FIXED = "fixed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
