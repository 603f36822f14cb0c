from enum import Enum


class ProductExpiryType(str, Enum):
    DO_NOT_SHOW = "do-not-show"
    FROM_ISSUE_DATE = "from-issue-date"
    FROM_LAST_BALANCE_CHECK = "from-last-balance-check"
    FROM_LAST_USE = "from-last-use"
    INDEFINITE = "indefinite"

    def __str__(self) -> str:
        return str(self.value)
