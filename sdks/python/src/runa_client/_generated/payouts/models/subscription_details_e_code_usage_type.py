from enum import Enum


class SubscriptionDetailsECodeUsageType(str, Enum):
    UNDEFINED = "undefined"
    URL_ONLY = "url-only"
    URL_RECOMMENDED = "url-recommended"

    def __str__(self) -> str:
        return str(self.value)
